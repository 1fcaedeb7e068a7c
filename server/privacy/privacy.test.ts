// Subject exports and erasure requests through the API: the archive against its manifest, public data only, the
// signed link (expiry, other tenants, tampering), unknown emails, permissions and the audit record.
import { afterEach, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { createHarness, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { INBOUND_ENV } from '../mail/inbound-fixtures.ts';
import { runPrivacyRequests, startPrivacyWorker } from './worker.ts';
import { PERSON, seedPerson } from './proof-support.ts';

let h: Harness;
afterEach(() => h.close());

async function exportOf(t: SignedUp, email: string) {
  const r = await h.json('POST', '/api/v1/privacy/exports', { ...t.as, body: { email } });
  expect(r.status).toBe(202);
  expect(r.body).toEqual({ id: expect.stringMatching(/^prx_/), status: 'queued' });
  await runPrivacyRequests(h.deps);
  const got = await h.json('GET', `/api/v1/privacy/exports/${r.body.id}`, t.as);
  expect(got.status).toBe(200);
  return got.body;
}

async function download(url: string, as: SignedUp) {
  const res = await h.req('GET', url, as.as);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

const json = (files: Record<string, Uint8Array>, name: string) => JSON.parse(strFromU8(files[name]!));

describe('subject export', () => {
  it('archives the person: manifest, tickets with public messages only, files, ratings, tokens, mail, webhooks, audit', async () => {
    h = await createHarness({ env: INBOUND_ENV });
    const t = await h.signup({ tenantName: 'Export' });
    const seeded = await seedPerson(h, t);
    const ex = await exportOf(t, PERSON.email.toUpperCase().toLowerCase());
    expect(ex).toMatchObject({
      kind: 'export',
      status: 'done',
      found: true,
      url: expect.stringContaining('/archive?'),
    });
    const files = await download(ex.url, t);
    const manifest = json(files, 'manifest.json');
    expect(manifest).toMatchObject({ format: 'helpdesk-subject-export/1', email: PERSON.email, found: true });
    // Everything the manifest names is in the archive, and its counts are what the documents hold.
    for (const doc of manifest.documents) expect(files[doc], doc).toBeDefined();
    for (const f of manifest.files) expect(files[f.path]!.byteLength).toBe(f.size);
    const customer = json(files, 'customer.json');
    expect(customer).toMatchObject({ id: seeded.customerId, email: PERSON.email, name: PERSON.name });
    const tickets = json(files, 'tickets.json');
    expect(tickets).toHaveLength(manifest.counts.tickets);
    expect(tickets.map((x: { id: string }) => x.id)).toContain(seeded.widgetTicketId);
    expect(tickets.map((x: { id: string }) => x.id)).not.toContain(seeded.otherTicketId);
    const bodies = tickets.flatMap((x: { messages: { body: string }[] }) => x.messages.map((m) => m.body));
    expect(bodies).toContain(`My kettle broke. ${PERSON.marker}`);
    expect(bodies).toContain(`Hi ${PERSON.name}, sorry about ${PERSON.marker}.`);
    expect(bodies.some((b: string) => b.startsWith('Internal:'))).toBe(false);
    expect(manifest.counts.messages).toBe(bodies.length);
    // The uploaded file, byte for byte.
    expect(manifest.files).toHaveLength(1);
    expect(strFromU8(files[manifest.files[0].path]!)).toBe(`Notes of ${PERSON.name}: ${PERSON.marker}\n`);
    expect(json(files, 'ratings.json')).toEqual([
      expect.objectContaining({ rating: 'good', comment: `Great ${PERSON.marker}` }),
    ]);
    const tokens = json(files, 'visitor-tokens.json');
    expect(tokens.length).toBeGreaterThan(0);
    expect(JSON.stringify(tokens)).not.toMatch(/token_hash|[0-9a-f]{64}/);
    expect(json(files, 'mail.json').inbound).toHaveLength(1);
    expect(json(files, 'mail.json').outbound.length).toBeGreaterThan(0);
    expect(json(files, 'webhook-deliveries.json').length).toBeGreaterThan(0);
    expect(json(files, 'audit.json').map((a: { action: string }) => a.action)).toContain('ticket.merged');

    // Audited: who and when, never whom.
    const logged = await h.db.get<{ actor_id: string; details: string; created_at: string }>(
      "SELECT actor_id, details, created_at FROM audit_log WHERE action = 'privacy.export_requested'",
    );
    expect(logged!.actor_id).toBe(t.agent.id);
    expect(logged!.details).not.toContain(PERSON.email);
  });

  it('an unknown email finishes with nothing found: an archive with only its manifest', async () => {
    h = await createHarness();
    const t = await h.signup();
    const ex = await exportOf(t, 'nobody@example.com');
    expect(ex).toMatchObject({ status: 'done', found: false });
    const files = await download(ex.url, t);
    expect(json(files, 'manifest.json')).toMatchObject({ found: false, counts: { tickets: 0, files: 0 } });
    expect(json(files, 'customer.json')).toBeNull();
    expect(json(files, 'tickets.json')).toEqual([]);
  });

  it('the link expires (410), is refused when changed or used for another export (403), and other tenants see no export (404)', async () => {
    const clock = testClock();
    h = await createHarness({ clock });
    const t = await h.signup();
    const other = await h.signup();
    const ex = await exportOf(t, 'nobody@example.com');
    const mine = await exportOf(other, 'nobody@example.com');
    expect((await h.json('GET', `/api/v1/privacy/exports/${ex.id}`, other.as)).status).toBe(404);
    // The other tenant with this tenant's link: no such export there.
    expect((await h.json('GET', ex.url, other.as)).status).toBe(404);
    // Another export's signature on this id: not valid.
    const foreign = mine.url.replace(mine.id, ex.id);
    expect((await h.json('GET', foreign, t.as)).status).toBe(403);
    expect((await h.json('GET', ex.url.replace(/s=[^&]+/, 's=AAAA'), t.as)).status).toBe(403);
    // Without a credential the link alone opens nothing.
    expect((await h.json('GET', ex.url)).status).toBe(401);
    clock.advance(61 * 60 * 1000);
    const late = await h.json('GET', ex.url, t.as);
    expect(late.status).toBe(410);
    expect(late.body.detail).toMatch(/expired/);
    // A fresh GET gives a fresh link.
    const again = await h.json('GET', `/api/v1/privacy/exports/${ex.id}`, t.as);
    expect((await h.req('GET', again.body.url, t.as)).status).toBe(200);
  });
});

describe('requests', () => {
  it('need the privacy permissions (owners and admins have them, agents do not); bad input changes nothing', async () => {
    h = await createHarness();
    const t = await h.signup();
    const agent = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: {
        name: 'Plain Agent',
        email: 'plain.agent@example.com',
        password: 'correct horse battery',
        roleId: 'agent',
      },
    });
    expect(agent.status).toBe(201);
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'plain.agent@example.com', password: 'correct horse battery', tenantId: t.tenant.id },
    });
    const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0]!;
    for (const path of ['/api/v1/privacy/exports', '/api/v1/privacy/erasures'])
      expect((await h.json('POST', path, { cookie, body: { email: 'a@example.com' } })).status).toBe(403);
    const bad = await h.json('POST', '/api/v1/privacy/erasures', {
      ...t.as,
      body: { email: 'not-an-email', mode: 'delete' },
    });
    expect(bad.status).toBe(422);
    const badMode = await h.json('POST', '/api/v1/privacy/erasures', {
      ...t.as,
      body: { email: 'a@example.com', mode: 'shred' },
    });
    expect(badMode.status).toBe(422);
    expect((await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM privacy_requests'))!.n).toBe(0);
  });

  it('an erasure defaults to redact, is audited with who and the mode but not the email, and says when nothing was found', async () => {
    h = await createHarness();
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: 'Ghost@Example.com' } });
    expect(r.status).toBe(202);
    const queued = await h.json('GET', `/api/v1/privacy/erasures/${r.body.id}`, t.as);
    expect(queued.body).toMatchObject({ status: 'queued', mode: 'redact', found: null });
    await runPrivacyRequests(h.deps);
    const done = await h.json('GET', `/api/v1/privacy/erasures/${r.body.id}`, t.as);
    expect(done.body).toMatchObject({ status: 'done', found: false });
    const row = await h.db.get<{ email: string | null }>('SELECT email FROM privacy_requests WHERE id = ?', [
      r.body.id,
    ]);
    expect(row!.email).toBeNull();
    const logged = await h.db.all<{ details: string; actor_id: string }>(
      "SELECT details, actor_id FROM audit_log WHERE action = 'privacy.erasure_requested'",
    );
    expect(logged).toEqual([{ details: JSON.stringify({ mode: 'redact' }), actor_id: t.agent.id }]);
    expect((await h.json('GET', `/api/v1/privacy/exports/${r.body.id}`, t.as)).status).toBe(404);
  });
});

describe('worker', () => {
  it('runs a request right after its commit, and finishes one a stopped process left running', async () => {
    h = await createHarness();
    const t = await h.signup();
    const worker = startPrivacyWorker(h.deps, 60_000);
    try {
      const r = await h.json('POST', '/api/v1/privacy/exports', { ...t.as, body: { email: 'x@example.com' } });
      await expect
        .poll(async () => (await h.json('GET', `/api/v1/privacy/exports/${r.body.id}`, t.as)).body.status, {
          timeout: 5000,
        })
        .toBe('done');
    } finally {
      await worker.stop();
    }
    // A crash in the middle: the row says running and still holds the email; the next pass finishes it.
    const r2 = await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: 'x@example.com' } });
    await h.db.run("UPDATE privacy_requests SET status = 'running', attempts = 1 WHERE id = ?", [r2.body.id]);
    expect(await runPrivacyRequests(h.deps)).toBe(1);
    expect((await h.json('GET', `/api/v1/privacy/erasures/${r2.body.id}`, t.as)).body).toMatchObject({
      status: 'done',
      // Nothing but the export made above: its archive goes with the erasure.
      found: true,
      counts: expect.objectContaining({ customer: 0, tickets: 0, exports: 1 }),
    });
  });
});
