// Every string a JSON body can carry is stored as sent or refused with 422 naming it: NUL, lone surrogates and control characters never reach the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from './test-support/harness.ts';
import { TestPasskey } from './two-factor/test-authenticator.ts';
import {
  callerFor,
  databaseSnapshot,
  errorPath,
  jsonBodySchema,
  openApiDocument,
  operations,
  resolvePath,
  sample,
  stringPaths,
  withValue,
  type Doc,
  type JsonSchema,
  type Operation,
} from './test-support/openapi-inputs.ts';
import { tenantWithData, type TenantWithData } from './test-support/tenant-with-data.ts';
import { startSamlIdp } from './test-support/saml-idp.ts';

let h: Harness;
let fx: TenantWithData;
let doc: Doc;
beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMITS: 'off' } });
  fx = await tenantWithData(h);
  doc = await openApiDocument(h);
});
afterAll(() => h.close());

/** The fixture's text custom field: values under `customFields.*` go there. */
const FIELD_KEY = 'order_ref';
/** Counted in memory and flushed on a timer, whatever the request's outcome. */
const ACCOUNTING = ['api_usage', 'usage_ledger', 'agent_activity'];

/**
 * Bodies the schema alone cannot make valid: real credentials, tokens and ids. Every other
 * operation gets `sample()` of its schema; the baseline check below says when one needs an entry.
 */
async function examples(): Promise<Record<string, unknown>> {
  const invite = await h.json('POST', '/api/v1/agents', {
    ...fx.t.as,
    body: { name: 'Invited', email: 'invited@example.com' },
  });
  const token = new URL(invite.body.inviteUrl.replace('#/', '')).searchParams.get('token');
  const secret = (await h.json('GET', `/api/v1/tenants/${fx.t.tenant.id}/identity-secret`, fx.t.as)).body
    .identitySecret;
  const { createHmac } = await import('node:crypto');
  const tickets = (await h.json('GET', '/api/v1/tickets', fx.t.as)).body.data;
  // Not the owner's: a reset ends the agent's sessions, and the walk goes on with the owner's.
  const agents = (await h.json('GET', '/api/v1/agents', fx.t.as)).body.data as { id: string; email: string }[];
  const second = agents.find((a) => a.email.startsWith('second-'))!;
  const reset = await h.json('POST', `/api/v1/agents/${second.id}/password-reset`, fx.t.as);
  const resetToken = new URL(reset.body.url.replace('#/', '')).searchParams.get('token');
  // Two forms filled by a script: kept as spam, so the bulk spam calls have something to release and delete.
  const spam = [];
  for (const subject of ['Spam one', 'Spam two'])
    spam.push(
      (
        await h.json('POST', '/api/v1/widget/tickets', {
          headers: { 'x-widget-key': fx.t.tenant.widgetKey },
          body: { subject, message: 'Filled in 5 ms', email: 'script@example.com', elapsedMs: 5 },
        })
      ).body.ticket.id,
    );
  // Single sign-on is an enterprise feature; SAML, because its metadata is checked without any network call.
  await h.json('PATCH', `/api/v1/tenants/${fx.t.tenant.id}`, {
    ...h.platform,
    body: { subscription: { plan: 'enterprise' } },
  });
  const idpMetadataXml = startSamlIdp().metadataXml;
  const rules = (await h.json('GET', '/api/v1/routing-rules', fx.t.as)).body.data as { id: string }[];
  const macros = (await h.json('GET', '/api/v1/macros', fx.t.as)).body.data as { id: string }[];
  // The owner starts setting up an authenticator app: the verify example carries the current code of that secret.
  const { Secret, TOTP } = await import('otpauth');
  const enrolment = (await h.json('POST', '/api/v1/me/two-factor/totp', fx.t.as)).body as { secret: string };
  const totpCode = new TOTP({ secret: Secret.fromBase32(enrolment.secret) }).generate();
  // Another agent with an authenticator app on and a passkey, waiting at the second sign-in step.
  const PW = 'correct horse battery';
  await h.json('POST', '/api/v1/agents', {
    ...fx.t.as,
    body: { name: 'Two Factor', email: 'two-factor@example.com', roleId: 'agent', password: PW },
  });
  const tf = {
    cookie: sessionCookie(
      (await h.json('POST', '/api/v1/auth/login', { body: { email: 'two-factor@example.com', password: PW } })).res,
    ),
  };
  const tfSecret = (await h.json('POST', '/api/v1/me/two-factor/totp', tf)).body.secret as string;
  const recovery = (
    await h.json('POST', '/api/v1/me/two-factor/totp/verify', {
      ...tf,
      body: { code: new TOTP({ secret: Secret.fromBase32(tfSecret) }).generate() },
    })
  ).body.recoveryCodes as string[];
  const passkey = new TestPasskey(h.deps.env.PUBLIC_URL);
  const regOpts = (await h.json('POST', '/api/v1/me/passkeys/options', tf)).body;
  await h.json('POST', '/api/v1/me/passkeys', {
    ...tf,
    body: { ceremony: regOpts.ceremony, name: 'Walk key', response: passkey.register(regOpts.options) },
  });
  const challengeOf = async () =>
    (await h.json('POST', '/api/v1/auth/login', { body: { email: 'two-factor@example.com', password: PW } })).body
      .challenge as string;
  const [codeChallenge, optionsChallenge, passkeyChallenge] = [
    await challengeOf(),
    await challengeOf(),
    await challengeOf(),
  ];
  const stepOptions = (
    await h.json('POST', '/api/v1/auth/two-factor/passkey-options', { body: { challenge: passkeyChallenge } })
  ).body;
  const stepResponse = passkey.authenticate(stepOptions);
  const signInOpts = (await h.json('POST', '/api/v1/auth/passkey/options')).body;
  const signInResponse = passkey.authenticate(signInOpts.options);
  // The owner's own registration, answered by a second key.
  const ownerOpts = (await h.json('POST', '/api/v1/me/passkeys/options', fx.t.as)).body;
  return {
    'POST /api/v1/me/passkeys': {
      ceremony: ownerOpts.ceremony,
      name: 'Owner key',
      response: new TestPasskey(h.deps.env.PUBLIC_URL).register(ownerOpts.options),
    },
    'POST /api/v1/auth/two-factor': { challenge: codeChallenge, code: recovery[0] },
    'POST /api/v1/auth/two-factor/passkey-options': { challenge: optionsChallenge },
    'POST /api/v1/auth/two-factor/passkey': { challenge: passkeyChallenge, response: stepResponse },
    'POST /api/v1/auth/passkey': { ceremony: signInOpts.ceremony, response: signInResponse },
    'POST /api/v1/me/two-factor/totp/verify': { code: totpCode },
    'POST /api/v1/me/two-factor/recovery-codes': { password: 'correct horse battery' },
    'POST /api/v1/me/two-factor/totp/disable': { password: 'correct horse battery' },
    'POST /api/v1/macros': { name: 'Walk macro', actions: { reply: 'Hi {{customer.name}}', status: 'pending' } },
    'POST /api/v1/macros/{id}/apply': { ticketIds: [tickets[0].id, tickets[1].id] },
    'POST /api/v1/tickets/{id}/apply-macro': { macroId: macros[0].id },
    // The oldest ticket merges into whichever the path names (the walk tries the next id when it names itself).
    'POST /api/v1/tickets/{id}/merge': { ticketIds: [tickets[tickets.length - 1].id] },
    'POST /api/v1/tickets/{id}/snooze': { until: new Date(Date.now() + 86_400_000).toISOString() },
    'POST /api/v1/canned-responses/{id}/render': { ticketId: tickets[0].id },
    'POST /api/v1/help-center/domains': { domain: 'help.walk.test' },
    'PUT /api/v1/routing-rules/order': { ids: [rules[0].id] },
    'POST /api/v1/auth/login': { email: fx.t.agent.email, password: 'correct horse battery' },
    'POST /api/v1/auth/accept-invite': { token, password: 'correct horse battery' },
    'POST /api/v1/auth/reset-password': { token: resetToken, password: 'correct horse battery' },
    // The same password again: the login example above must keep working.
    'POST /api/v1/me/password': { currentPassword: 'correct horse battery', newPassword: 'correct horse battery' },
    'POST /api/v1/widget/identify': {
      userId: 'user-1',
      email: 'dana@example.com',
      userHash: createHmac('sha256', secret).update('user-1').digest('hex'),
    },
    'POST /api/v1/webhooks': { url: 'http://127.0.0.1:1/hook', events: ['ticket.created'] },
    'POST /api/v1/tickets/bulk': { ids: [tickets[0].id], changes: { priority: 'normal' } },
    'POST /api/v1/tickets/bulk/not-spam': { ids: [spam[0]] },
    'POST /api/v1/tickets/bulk/delete': { ids: [spam[1]] },
    'POST /api/v1/widget/chats': { message: 'Hello', page: { url: 'https://shop.example.com/', title: 'Shop' } },
    'POST /api/v1/widget/chats/{id}/contact': { email: 'carol@example.com', name: 'Carol' },
    'PUT /api/v1/widget/chats/{id}/visitor': { page: { url: 'https://shop.example.com/cart' }, userAgent: 'Test' },
    'POST /api/v1/widget/tickets/{id}/read': {},
    'POST /api/v1/tickets/{id}/read': {},
    'PUT /api/v1/sso': { protocol: 'saml', idpMetadataXml, domains: ['walk-sso.example.com'] },
  };
}

interface Target {
  o: Operation;
  path: string;
  base: unknown;
  fields: { path: string[]; schema: JsonSchema }[];
  /** What the baseline body answered: below 300, or the walk below proves nothing for this operation. */
  baseline: { status: number; body: unknown };
}

/**
 * Every JSON-body operation with string fields, a filled path and a body it accepts as is (sent
 * once here). A path id is tried item by item: the first role is built in and cannot change.
 */
async function targets(): Promise<Target[]> {
  const known = await examples();
  const out: Target[] = [];
  for (const o of operations(doc)) {
    const schema = jsonBodySchema(doc, o);
    if (!schema) continue;
    const fields = stringPaths(doc, schema);
    if (!fields.length) continue;
    const base = known[o.name] ?? sample(doc, schema);
    const caller = callerFor(o, fx.callers);
    let target: Target | null = null;
    for (let pick = 0; pick < 10 && !(target && target.baseline.status < 300); pick++) {
      const path = await resolvePath(h, o.path, caller, fx.known, pick);
      if (!path) break;
      const r = await h.json(o.method, path, { ...caller, body: base });
      target = { o, path, base, fields, baseline: { status: r.status, body: r.body } };
      if (!o.path.includes('{')) break;
    }
    expect(target, `${o.name}: no real id to fill its path`).not.toBeNull();
    out.push(target!);
  }
  return out;
}

const send = (t: Target, body: unknown) => h.json(t.o.method, t.path, { ...callerFor(t.o, fx.callers), body });
const errorPaths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);
function expectUnchanged(before: Record<string, unknown[]>, after: Record<string, unknown[]>) {
  for (const table of Object.keys({ ...before, ...after }))
    expect(after[table], `rows of ${table}`).toEqual(before[table]);
}
const constrained = (s: JsonSchema) => Boolean(s.pattern || s.enum || s.format);

describe('text in JSON bodies', () => {
  let walk: Target[];
  beforeAll(async () => {
    walk = await targets();
  });

  it("accepts the baseline body of every operation, so a refusal below is the bad string's doing", () => {
    for (const t of walk) {
      expect(
        t.baseline.status,
        `${t.o.name} ${JSON.stringify(t.base)} → ${JSON.stringify(t.baseline.body)}; add an example`,
      ).toBeLessThan(300);
    }
    expect(walk.length).toBeGreaterThanOrEqual(25);
  });

  it('refuses NUL and a lone surrogate in every string field with 422 naming it, and stores nothing', async () => {
    const before = await databaseSnapshot(h, ACCOUNTING);
    let calls = 0;
    for (const t of walk) {
      for (const f of t.fields) {
        for (const bad of ['a\u0000b', 'a\ud800b', '\udc00']) {
          const r = await send(t, withValue(t.base, f.path, bad, FIELD_KEY));
          const what = `${t.o.name} ${errorPath(f.path, FIELD_KEY)}=${JSON.stringify(bad)} → ${JSON.stringify(r.body)}`;
          expect(r.status, what).toBe(422);
          expect(errorPaths(r.body), what).toContain(errorPath(f.path, FIELD_KEY));
          calls++;
        }
      }
    }
    expectUnchanged(before, await databaseSnapshot(h, ACCOUNTING));
    expect(calls).toBeGreaterThan(300);
  }, 120_000);

  it('refuses C0 control characters in every constrained field with 422 naming it, and none reaches the database through any field', async () => {
    let named = 0;
    for (const t of walk) {
      for (const f of t.fields) {
        const r = await send(t, withValue(t.base, f.path, 'a\u0007b', FIELD_KEY));
        const what = `${t.o.name} ${errorPath(f.path, FIELD_KEY)} → ${r.status} ${JSON.stringify(r.body)}`;
        expect(r.status, what).toBeGreaterThanOrEqual(400);
        expect(r.status, what).toBeLessThan(500);
        // Free text carries a pattern in the document (lib/text.ts); ids and secrets are looked up and not found.
        if (constrained(f.schema)) {
          expect(r.status, what).toBe(422);
          expect(errorPaths(r.body), what).toContain(errorPath(f.path, FIELD_KEY));
          named++;
        }
      }
    }
    // A refused login is audited (the attempted email included): rows may be added, but never with the marker.
    const after = JSON.stringify(await databaseSnapshot(h, ACCOUNTING));
    expect(after.match(/.{0,120}a\\+u0007b.{0,40}/)?.[0] ?? null, 'a stored control character').toBeNull();
    expect(named).toBeGreaterThan(80);
  }, 120_000);
});

describe('the reported cut at NUL', () => {
  it('refuses a subject "sub\\u0000ject" instead of answering 201 and storing "sub"; multi-line bodies and emoji read back exactly', async () => {
    const count = async () => (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets'))!.n;
    const before = await count();
    const cut = await h.json('POST', '/api/v1/tickets', {
      ...fx.t.as,
      body: { subject: 'sub\u0000ject', message: 'Hello', requester: { email: 'nul@example.com' } },
    });
    expect(cut.status).toBe(422);
    expect(cut.body.errors).toEqual([{ path: 'subject', message: 'must not contain control characters such as NUL' }]);
    const bell = await h.json('POST', '/api/v1/tickets', {
      ...fx.t.as,
      body: { subject: 'sub\u0007ject', message: 'Hello', requester: { email: 'nul@example.com' } },
    });
    expect(bell.status).toBe(422);
    expect(bell.body.errors).toEqual([
      { path: 'subject', message: 'must not contain control characters or line breaks' },
    ]);
    expect(await count()).toBe(before);

    const message = 'Line one\n\tindented 👍\r\nlast';
    const made = await h.json('POST', '/api/v1/tickets', {
      ...fx.t.as,
      body: { subject: 'Subject ✓', message, requester: { email: 'nul@example.com', name: 'Zoë' } },
    });
    expect(made.status).toBe(201);
    const read = await h.json('GET', `/api/v1/tickets/${made.body.id}`, fx.t.as);
    expect(read.body).toMatchObject({
      subject: 'Subject ✓',
      requester: { name: 'Zoë' },
      messages: [{ body: message }],
    });
  });
});
