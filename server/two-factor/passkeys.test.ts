// Passkeys over HTTP with a software authenticator: register, sign in without a password, the second step,
// and the refusals (malformed answers, another agent's passkey, a used ceremony).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type SignedUp } from '../test-support/harness.ts';
import { TestPasskey } from './test-authenticator.ts';

let h: Harness;
let t: SignedUp;
const ORIGIN = 'http://localhost:8787';
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

async function register(as = t.as, key = new TestPasskey(ORIGIN)) {
  const { body } = await h.json('POST', '/api/v1/me/passkeys/options', as);
  const r = await h.json('POST', '/api/v1/me/passkeys', {
    ...as,
    body: { ceremony: body.ceremony, name: 'Laptop', response: key.register(body.options) },
  });
  expect(r.status).toBe(201);
  return { key, id: r.body.id as string };
}

it('registers a passkey and signs in with it without a password; a used ceremony is refused', async () => {
  const { key } = await register();
  const { body } = await h.json('POST', '/api/v1/auth/passkey/options');
  const response = key.authenticate(body.options);
  const ok = await h.json('POST', '/api/v1/auth/passkey', { body: { ceremony: body.ceremony, response } });
  expect(ok.status).toBe(200);
  expect(ok.body.agent.id).toBe(t.agent.id);
  const method = await h.db.get<{ method: string }>("SELECT method FROM sessions WHERE method = 'passkey'");
  expect(method).toBeDefined();
  expect((await h.json('GET', '/api/v1/me', { cookie: sessionCookie(ok.res) })).status).toBe(200);
  expect((await h.json('POST', '/api/v1/auth/passkey', { body: { ceremony: body.ceremony, response } })).status).toBe(
    401,
  );
});

it('is the second step after a password, and only a passkey of that agent passes it', async () => {
  const { key } = await register();
  const other = await h.signup();
  const theirs = await register(other.as);
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: t.agent.email, password: 'correct horse battery' },
  });
  expect(login.body).toMatchObject({ twoFactorRequired: true, methods: ['passkey'] });
  const challenge = login.body.challenge;
  const options = (await h.json('POST', '/api/v1/auth/two-factor/passkey-options', { body: { challenge } })).body;
  const wrong = await h.json('POST', '/api/v1/auth/two-factor/passkey', {
    body: { challenge, response: theirs.key.authenticate(options) },
  });
  expect(wrong.status).toBe(400);
  const ok = await h.json('POST', '/api/v1/auth/two-factor/passkey', {
    body: { challenge, response: key.authenticate(options) },
  });
  expect(ok.status).toBe(200);
  const actions = ((await h.json('GET', '/api/v1/audit-log?limit=100', t.as)).body.data as { action: string }[]).map(
    (e) => e.action,
  );
  expect(actions).toEqual(expect.arrayContaining(['two_factor.passkey_added', 'auth.two_factor_failed', 'auth.login']));
});

it('refuses a malformed registration answer with 400 and stores nothing; removes a passkey', async () => {
  const { body } = await h.json('POST', '/api/v1/me/passkeys/options', t.as);
  const bad = await h.json('POST', '/api/v1/me/passkeys', {
    ...t.as,
    body: { ceremony: body.ceremony, name: 'Bad', response: { id: 'x', response: {} } },
  });
  expect(bad.status).toBe(400);
  expect((await h.json('GET', '/api/v1/me/two-factor', t.as)).body.passkeys).toEqual([]);
  const { id } = await register();
  expect((await h.json('DELETE', `/api/v1/me/passkeys/${id}`, t.as)).status).toBe(204);
  expect((await h.json('GET', '/api/v1/me/two-factor', t.as)).body.passkeys).toEqual([]);
});

it('is refused like a password while the tenant requires single sign-on', async () => {
  // An agent (not the break-glass owner) with a passkey, on an enterprise tenant that requires SSO.
  await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { email: 'pat@sso-only.test', name: 'Pat', roleId: 'agent', password: 'a long enough password' },
  });
  const login = await h.json('POST', '/api/v1/auth/login', {
    body: { email: 'pat@sso-only.test', password: 'a long enough password' },
  });
  const { key } = await register({ cookie: sessionCookie(login.res) });
  await h.db.run("UPDATE tenants SET plan = 'enterprise' WHERE id = ?", [t.tenant.id]);
  const at = new Date().toISOString();
  await h.db.run(
    `INSERT INTO sso_configs (tenant_id, protocol, settings, enforce, break_glass_agent_id, created_at, updated_at)
     VALUES (?, 'oidc', '{"issuer":"https://idp.example","clientId":"c"}', 1, ?, ?, ?)`,
    [t.tenant.id, t.agent.id, at, at],
  );
  const { body } = await h.json('POST', '/api/v1/auth/passkey/options');
  const refused = await h.json('POST', '/api/v1/auth/passkey', {
    body: { ceremony: body.ceremony, response: key.authenticate(body.options) },
  });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ ssoRequired: true });
  expect(refused.res.headers.get('set-cookie')).toBeNull();
});
