// OIDC single sign-on against a real OpenID provider (oidc-provider on loopback): configuration (enterprise only,
// secret encrypted, domains owned once), the code flow with PKCE, state and nonce, just-in-time agents and group
// roles, and every refusal audited with nothing changed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { startOidcProvider, type TestOidcProvider } from '../test-support/oidc-provider.ts';
import { auditActions, countAgents, enterpriseTenant, sessionFrom } from './test-helpers.ts';

const PUBLIC_URL = 'http://localhost:8787';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/sso/oidc/callback`;

let idp: TestOidcProvider;
let h: Harness;
beforeAll(async () => {
  idp = await startOidcProvider({ redirectUris: [CALLBACK] });
});
afterAll(() => idp.stop());
beforeEach(async () => {
  h = await createHarness({ env: { PUBLIC_URL } });
});
afterEach(() => h.close());

let n = 0;
/** An enterprise tenant whose SSO (this provider) owns a fresh domain. */
async function ssoTenant(extra: Record<string, unknown> = {}) {
  const domain = `acme${++n}-${Math.random().toString(36).slice(2, 6)}.test`;
  const t = await enterpriseTenant(h, `owner@${domain}`);
  const r = await h.json('PUT', '/api/v1/sso', {
    ...t.as,
    body: {
      protocol: 'oidc',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      domains: [domain],
      ...extra,
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { ...t, domain, config: r.body };
}

/** GET /auth/sso → provider login as `login` → the callback URL, and the state cookie the start set. */
async function throughProvider(email: string, login = email) {
  const start = await h.req('GET', `/api/v1/auth/sso?email=${encodeURIComponent(email)}`);
  expect(start.status).toBe(302);
  const stateCookie = /hd_sso_state=[^;]+/.exec(start.headers.get('set-cookie') ?? '')![0];
  const callback = await idp.signIn(start.headers.get('location')!, login);
  expect(callback.href.startsWith(CALLBACK)).toBe(true);
  return { path: `${callback.pathname}${callback.search}`, stateCookie, authorizeUrl: start.headers.get('location')! };
}

describe('OIDC configuration', () => {
  it('is an enterprise feature: other plans get 403 naming plan and feature', async () => {
    const t = await h.signup();
    const r = await h.json('PUT', '/api/v1/sso', {
      ...t.as,
      body: { protocol: 'oidc', issuer: idp.issuer, clientId: 'x', clientSecret: 'y', domains: ['example.com'] },
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ plan: 'professional', feature: 'sso' });
    expect(r.body.detail).toMatch(/Single sign-on is not included in the professional plan/);
  });

  it('saves issuer and client, shows the redirect URI, never serves the secret and stores it encrypted', async () => {
    const t = await ssoTenant();
    expect(t.config).toMatchObject({
      configured: true,
      protocol: 'oidc',
      redirectUri: CALLBACK,
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      domains: [t.domain],
      enforce: false,
      defaultRoleId: 'agent',
    });
    const read = await h.json('GET', '/api/v1/sso', t.as);
    expect(read.body).toEqual(t.config);
    expect(JSON.stringify(read.body)).not.toContain(idp.clientSecret);
    const row = await h.db.get<{ client_secret_enc: string }>(
      'SELECT client_secret_enc FROM sso_configs WHERE tenant_id = ?',
      [t.tenant.id],
    );
    expect(row!.client_secret_enc).toMatch(/^v1\./);
    expect(row!.client_secret_enc).not.toContain(idp.clientSecret);
    // Saving again without the secret keeps it.
    const again = await h.json('PUT', '/api/v1/sso', {
      ...t.as,
      body: { protocol: 'oidc', issuer: idp.issuer, clientId: idp.clientId, domains: [t.domain] },
    });
    expect(again.status).toBe(200);
    expect(again.body.clientSecretSet).toBe(true);
    expect((await auditActions(h, t.tenant.id, 'sso.')).map((a) => a.action)).toEqual([
      'sso.configured',
      'sso.updated',
    ]);
  });

  it('refuses an issuer without OpenID discovery (422) and an agent who is not the owner (403)', async () => {
    const t = await enterpriseTenant(h, 'own@disc.test');
    const bad = await h.json('PUT', '/api/v1/sso', {
      ...t.as,
      body: {
        protocol: 'oidc',
        issuer: `${idp.issuer}/nowhere`,
        clientId: 'c',
        clientSecret: 's',
        domains: ['disc.test'],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('issuer');
    const admin = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { email: 'admin@disc.test', name: 'Admin', roleId: 'admin', password: 'a long enough password' },
    });
    expect(admin.status).toBe(201);
    const login = await h.req('POST', '/api/v1/auth/login', {
      body: { email: 'admin@disc.test', password: 'a long enough password' },
    });
    const asAdmin = { cookie: sessionFrom(login)! };
    const r = await h.json('GET', '/api/v1/sso', asAdmin);
    expect(r.status).toBe(403);
    expect(await h.db.get('SELECT 1 FROM sso_configs WHERE tenant_id = ?', [t.tenant.id])).toBeUndefined();
  });

  it('gives a domain to one account only: claiming a taken one is 409; removing frees it', async () => {
    const a = await ssoTenant();
    const b = await enterpriseTenant(h, 'owner@other-b.test');
    const body = {
      protocol: 'oidc',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: 'x',
      domains: [a.domain],
    };
    const taken = await h.json('PUT', '/api/v1/sso', { ...b.as, body });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain(a.domain);
    expect(await h.db.get('SELECT 1 FROM sso_configs WHERE tenant_id = ?', [b.tenant.id])).toBeUndefined();
    expect((await h.req('DELETE', '/api/v1/sso', a.as)).status).toBe(204);
    expect((await h.json('PUT', '/api/v1/sso', { ...b.as, body })).status).toBe(200);
    expect((await auditActions(h, a.tenant.id, 'sso.')).map((x) => x.action)).toEqual([
      'sso.configured',
      'sso.removed',
    ]);
    const gone = await h.json('GET', '/api/v1/sso', a.as);
    expect(gone.body.configured).toBe(false);
  });
});

describe('OIDC sign-in', () => {
  it('discovers SSO by email domain; an unknown domain is sso: false and a 404 problem to start', async () => {
    const t = await ssoTenant();
    expect((await h.json('GET', `/api/v1/auth/sso/discover?email=ada@${t.domain}`)).body).toEqual({ sso: true });
    expect((await h.json('GET', '/api/v1/auth/sso/discover?email=ada@nosso.test')).body).toEqual({ sso: false });
    const r = await h.json('GET', '/api/v1/auth/sso?email=ada@nosso.test');
    expect(r.status).toBe(404);
    expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('signs in through the provider with PKCE, state and nonce; makes the agent with the group role', async () => {
    const t = await ssoTenant();
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { groupRoles: [{ group: 'Support-Admins', roleId: 'admin' }] } },
    });
    const email = `grace@${t.domain}`;
    idp.accounts.set('grace', { email, email_verified: true, name: 'Grace Hopper', groups: ['support-admins'] });
    const { path, stateCookie, authorizeUrl } = await throughProvider(email, 'grace');
    const params = new URL(authorizeUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBeTruthy();
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('redirect_uri')).toBe(CALLBACK);

    const cb = await h.req('GET', path, { cookie: stateCookie });
    expect(cb.status).toBe(302);
    expect(cb.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/`);
    const cookie = sessionFrom(cb)!;
    const me = await h.json('GET', '/api/v1/me', { cookie });
    expect(me.body.agent).toMatchObject({ email, name: 'Grace Hopper', roleId: 'admin', status: 'active' });
    expect(me.body.tenant.id).toBe(t.tenant.id);
    const session = await h.db.get<{ method: string }>('SELECT method FROM sessions WHERE agent_id = ?', [
      me.body.agent.id,
    ]);
    expect(session!.method).toBe('oidc');
    const audits = await auditActions(h, t.tenant.id);
    expect(audits.map((a) => a.action)).toContain('auth.sso_login');
    expect(audits.find((a) => a.action === 'agent.created')!.details).toMatchObject({ via: 'oidc', roleId: 'admin' });

    // The same callback again (a replay): the state is used up.
    const replay = await h.req('GET', path, { cookie: stateCookie });
    expect(replay.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_state`);
    expect(sessionFrom(replay)).toBeNull();
    const sessions = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM sessions WHERE agent_id = ?', [
      me.body.agent.id,
    ]);
    expect(sessions!.n).toBe(1);
  });

  it('without a group mapping uses defaultRoleId; a known agent signs in as themselves', async () => {
    const t = await ssoTenant({ defaultRoleId: 'viewer' });
    const email = `vic@${t.domain}`;
    const first = await throughProvider(email);
    const a = await h.req('GET', first.path, { cookie: first.stateCookie });
    const me = await h.json('GET', '/api/v1/me', { cookie: sessionFrom(a)! });
    expect(me.body.agent.roleId).toBe('viewer');
    const second = await throughProvider(email);
    const b = await h.req('GET', second.path, { cookie: second.stateCookie });
    expect((await h.json('GET', '/api/v1/me', { cookie: sessionFrom(b)! })).body.agent.id).toBe(me.body.agent.id);
    expect(await countAgents(h, t.tenant.id)).toBe(2);
  });

  it('refuses a callback whose state is not this browser’s (login CSRF): nothing made, audited', async () => {
    const t = await ssoTenant();
    const { path } = await throughProvider(`mallory@${t.domain}`);
    const r = await h.req('GET', path, { cookie: 'hd_sso_state=someone-elses' });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_state`);
    expect(sessionFrom(r)).toBeNull();
    expect(await countAgents(h, t.tenant.id)).toBe(1);
    const refused = await auditActions(h, null, 'auth.sso_refused');
    expect(refused.at(-1)!.details).toMatchObject({ code: 'sso_state', protocol: 'oidc' });
  });

  it('refuses a sign-in from outside the agent IP allowlist with the refusal page; nothing made, audited', async () => {
    const t = await ssoTenant();
    const office = { ...t.as, ip: '203.0.113.7' };
    const list = { security: { agentIpAllowlist: ['203.0.113.0/24'] } };
    expect((await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...office, body: list })).status).toBe(200);
    const { path, stateCookie } = await throughProvider(`ivan@${t.domain}`);
    const r = await h.req('GET', path, { cookie: stateCookie, ip: '198.51.100.20' });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_ip_not_allowed`);
    expect(sessionFrom(r)).toBeNull();
    expect(await countAgents(h, t.tenant.id)).toBe(1);
    const refused = await auditActions(h, t.tenant.id, 'auth.sso_refused');
    expect(refused.at(-1)!.details).toMatchObject({ code: 'sso_ip_not_allowed', protocol: 'oidc' });
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const t = await ssoTenant();
    const { path, stateCookie } = await throughProvider(`nina@${t.domain}`);
    await h.db.run("UPDATE sso_requests SET nonce = 'not-the-nonce-sent' WHERE tenant_id = ?", [t.tenant.id]);
    const r = await h.req('GET', path, { cookie: stateCookie });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=oidc_nonce`);
    expect(await countAgents(h, t.tenant.id)).toBe(1);
    const refused = await auditActions(h, t.tenant.id, 'auth.sso_refused');
    expect(refused[0].details.code).toBe('oidc_nonce');
  });

  it("refuses an IdP answering with an email of another domain, or of another account's domain", async () => {
    const t = await ssoTenant();
    const other = await ssoTenant();
    idp.accounts.set('evil', { email: `ceo@${other.domain}` });
    const { path, stateCookie } = await throughProvider(`someone@${t.domain}`, 'evil');
    const r = await h.req('GET', path, { cookie: stateCookie });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_domain`);
    expect(sessionFrom(r)).toBeNull();
    expect(await countAgents(h, t.tenant.id)).toBe(1);
    expect(await countAgents(h, other.tenant.id)).toBe(1);
    const refused = await auditActions(h, t.tenant.id, 'auth.sso_refused');
    expect(refused[0].details).toMatchObject({ code: 'sso_domain', email: `ceo@${other.domain}` });
  });

  it('refuses a deactivated agent and an email the provider calls unverified', async () => {
    const t = await ssoTenant();
    const email = `dora@${t.domain}`;
    const made = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { email, name: 'Dora', roleId: 'agent', password: 'a long enough password' },
    });
    await h.json('PATCH', `/api/v1/agents/${made.body.id}`, { ...t.as, body: { status: 'disabled' } });
    const off = await throughProvider(email);
    const r = await h.req('GET', off.path, { cookie: off.stateCookie });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_agent_disabled`);
    expect(sessionFrom(r)).toBeNull();

    idp.accounts.set('unverified', { email: `uma@${t.domain}`, email_verified: false });
    const u = await throughProvider(`uma@${t.domain}`, 'unverified');
    const r2 = await h.req('GET', u.path, { cookie: u.stateCookie });
    expect(r2.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_email_unverified`);
    expect(await countAgents(h, t.tenant.id)).toBe(2);
  });

  it('stops at the agent limit of the plan the account set itself', async () => {
    const t = await ssoTenant();
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxAgents: 1 } } });
    const { path, stateCookie } = await throughProvider(`late@${t.domain}`);
    const r = await h.req('GET', path, { cookie: stateCookie });
    expect(r.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/#/?ssoError=sso_seat_limit`);
    expect(await countAgents(h, t.tenant.id)).toBe(1);
  });
});

describe('require SSO', () => {
  it('refuses password sign-in (403 naming SSO) except for the break-glass owner; audited', async () => {
    const domain = 'enforced.test';
    const t = await enterpriseTenant(h, `boss@${domain}`);
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { email: `pat@${domain}`, name: 'Pat', roleId: 'agent', password: 'a long enough password' },
    });
    const noGlass = await h.json('PUT', '/api/v1/sso', {
      ...t.as,
      body: {
        protocol: 'oidc',
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: 'x',
        domains: [domain],
        enforce: true,
      },
    });
    expect(noGlass.status).toBe(422);
    expect(noGlass.body.errors[0].path).toBe('breakGlassAgentId');
    const put = await h.json('PUT', '/api/v1/sso', {
      ...t.as,
      body: {
        protocol: 'oidc',
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        domains: [domain],
        enforce: true,
        breakGlassAgentId: t.agent.id,
      },
    });
    expect(put.status).toBe(200);

    const pat = await h.json('POST', '/api/v1/auth/login', {
      body: { email: `pat@${domain}`, password: 'a long enough password' },
    });
    expect(pat.status).toBe(403);
    expect(pat.body).toMatchObject({ ssoRequired: true, type: 'https://helpdesk.dev/problems/sso-required' });
    expect(pat.body.detail).toMatch(/single sign-on/i);
    expect(pat.res.headers.get('set-cookie')).toBeNull();

    const boss = await h.json('POST', '/api/v1/auth/login', {
      body: { email: `boss@${domain}`, password: 'correct horse battery' },
    });
    expect(boss.status).toBe(200);
    const actions = await auditActions(h, t.tenant.id, 'auth.');
    expect(actions.map((a) => a.action)).toContain('auth.password_refused_sso_required');
    expect(actions.at(-1)).toMatchObject({ action: 'auth.login', details: { breakGlass: true } });

    // Nor does a reset link or an invitation open a password session while SSO is required.
    const patId = (await h.json('GET', '/api/v1/agents', t.as)).body.data.find(
      (a: { email: string }) => a.email === `pat@${domain}`,
    ).id;
    const link = await h.json('POST', `/api/v1/agents/${patId}/password-reset`, t.as);
    const token = new URL(link.body.url.replace('#/', '')).searchParams.get('token');
    const reset = await h.json('POST', '/api/v1/auth/reset-password', {
      body: { token, password: 'another long password' },
    });
    expect(reset.status).toBe(403);
    expect(reset.body.ssoRequired).toBe(true);
    const invite = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { email: `ivan@${domain}`, name: 'Ivan' },
    });
    const inviteToken = new URL(invite.body.inviteUrl.replace('#/', '')).searchParams.get('token');
    const accepted = await h.json('POST', '/api/v1/auth/accept-invite', {
      body: { token: inviteToken, password: 'another long password' },
    });
    expect(accepted.status).toBe(403);
    const stillOld = await h.json('POST', '/api/v1/auth/reset-password', {
      body: { token, password: 'another long password' },
    });
    expect(stillOld.status).toBe(403);

    // Pat still gets in through the provider.
    const { path, stateCookie } = await throughProvider(`pat@${domain}`);
    const cb = await h.req('GET', path, { cookie: stateCookie });
    expect(cb.headers.get('location')).toBe(`${PUBLIC_URL}/inbox/`);
  });
});
