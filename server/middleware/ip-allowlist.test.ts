// The tenant IP allowlists: agent sessions and sign-in against agentIpAllowlist, API keys against apiIpAllowlist,
// the client address as client-ip resolves it (TRUST_PROXY, X-Forwarded-For, IPv6); widget, public routes and the
// platform token untouched; an owner cannot save a list that locks out their own address.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';
import { addressAllowed } from './ip-allowlist.ts';

let h: Harness;
afterEach(() => h?.close());

const OFFICE = '203.0.113.7';
const HOME = '198.51.100.20';

async function setup(env: Record<string, string> = {}) {
  h = await createHarness({ env });
  const t = await h.signup();
  return t;
}

const patchSecurity = (t: SignedUp, as: ReqOpts, security: Record<string, unknown>) =>
  h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...as, body: { security } });

describe('addressAllowed', () => {
  it('an empty list allows everyone; otherwise IPv4, IPv6 and IPv4-mapped addresses match their ranges', () => {
    expect(addressAllowed([], '198.51.100.1')).toBe(true);
    expect(addressAllowed(['203.0.113.0/24'], '203.0.113.200')).toBe(true);
    expect(addressAllowed(['203.0.113.0/24'], '::ffff:203.0.113.200')).toBe(true);
    expect(addressAllowed(['203.0.113.0/24'], '203.0.114.1')).toBe(false);
    expect(addressAllowed(['2001:db8::/32'], '2001:db8:1::9')).toBe(true);
    expect(addressAllowed(['2001:db8::/32'], '2001:db9::1')).toBe(false);
    expect(addressAllowed(['203.0.113.0/24'], 'unknown')).toBe(false);
    expect(addressAllowed(['203.0.113.0/24'], null)).toBe(false);
  });
});

describe('agent IP allowlist', () => {
  it('refuses a session cookie from outside with 403 naming the rule; sign-in from outside is refused too', async () => {
    const t = await setup();
    const office = { ...t.as, ip: OFFICE };
    const saved = await patchSecurity(t, office, { agentIpAllowlist: ['203.0.113.0/24'] });
    expect(saved.status).toBe(200);
    expect(saved.body.security.agentIpAllowlist).toEqual(['203.0.113.0/24']);
    expect((await h.json('GET', '/api/v1/me', office)).status).toBe(200);

    const outside = await h.json('GET', '/api/v1/tickets', { ...t.as, ip: HOME });
    expect(outside.status).toBe(403);
    expect(outside.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(outside.body).toMatchObject({ rule: 'agentIpAllowlist', ip: HOME });
    expect(outside.body.detail).toContain('agentIpAllowlist');

    const login = (ip: string) =>
      h.json('POST', '/api/v1/auth/login', { body: { email: t.agent.email, password: 'correct horse battery' }, ip });
    const refused = await login(HOME);
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('agentIpAllowlist');
    expect(refused.res.headers.get('set-cookie')).toBeNull();
    const sessions = await h.json('GET', '/api/v1/me/sessions', office);
    expect(sessions.body.data).toHaveLength(1);
    expect((await login('203.0.113.99')).status).toBe(200);
    // the refusal is in the audit log (its sign-in rolled back, the record of it did not), without the password
    const refusals = await h.json('GET', '/api/v1/audit-log?action=auth.login_refused', office);
    expect(refusals.body.data).toEqual([
      expect.objectContaining({
        actorType: 'agent',
        actorId: t.agent.id,
        ip: HOME,
        targetId: t.agent.id,
        details: { rule: 'agentIpAllowlist', method: 'password' },
      }),
    ]);
    expect(JSON.stringify(refusals.body)).not.toContain('correct horse');

    // an empty list lifts the restriction
    expect((await patchSecurity(t, office, { agentIpAllowlist: [] })).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', { ...t.as, ip: HOME })).status).toBe(200);
    const audit = await h.json('GET', '/api/v1/audit-log?action=tenant.ip_allowlist_changed', office);
    expect(audit.body.data.map((e: { details: unknown }) => e.details)).toEqual([
      { list: 'agentIpAllowlist', from: ['203.0.113.0/24'], to: [] },
      { list: 'agentIpAllowlist', from: [], to: ['203.0.113.0/24'] },
    ]);
  });

  it('will not save a list that locks out the owner’s current address (422 naming it); nothing changes', async () => {
    const t = await setup();
    const r = await patchSecurity(t, { ...t.as, ip: HOME }, { agentIpAllowlist: ['203.0.113.0/24'] });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'security.agentIpAllowlist', message: expect.stringContaining(HOME) }]);
    expect(r.body.detail).toContain(HOME);
    const tenant = await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, ip: HOME });
    expect(tenant.body.security.agentIpAllowlist).toEqual([]);
    // a malformed range is 422 too
    const bad = await patchSecurity(t, { ...t.as, ip: HOME }, { agentIpAllowlist: ['10.0.0.0/33'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('security.agentIpAllowlist.0');
    // the platform operator is never locked out, and can set any list
    const op = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...h.platform,
      ip: HOME,
      body: { security: { agentIpAllowlist: ['192.0.2.0/24'] } },
    });
    expect(op.status).toBe(200);
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, { ...h.platform, ip: HOME })).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', { ...t.as, ip: HOME })).status).toBe(403);
  });

  it('leaves the widget and public routes alone', async () => {
    const t = await setup();
    await patchSecurity(
      t,
      { ...t.as, ip: OFFICE },
      { agentIpAllowlist: [`${OFFICE}/32`], apiIpAllowlist: [`${OFFICE}/32`] },
    );
    const widget = await h.json('GET', '/api/v1/widget/config', {
      headers: { 'x-widget-key': t.tenant.widgetKey },
      ip: HOME,
    });
    expect(widget.status).toBe(200);
    expect((await h.req('GET', '/health', { ip: HOME })).status).toBe(200);
    expect((await h.req('GET', '/api/openapi.json', { ip: HOME })).status).toBe(200);
  });
});

describe('API IP allowlist', () => {
  it('refuses an API key from outside with 403 naming apiIpAllowlist; sessions follow the agent list only', async () => {
    const t = await setup();
    const key = await t.apiKey();
    const saved = await patchSecurity(t, { ...t.as, ip: '2001:db8::1' }, { apiIpAllowlist: ['2001:db8::/32'] });
    expect(saved.status).toBe(200);
    expect((await h.json('GET', '/api/v1/tickets', { token: key, ip: '2001:db8:0:1::5' })).status).toBe(200);
    const out = await h.json('GET', '/api/v1/tickets', { token: key, ip: OFFICE });
    expect(out.status).toBe(403);
    expect(out.body).toMatchObject({ rule: 'apiIpAllowlist', ip: OFFICE });
    // the owner's browser is not an API key
    expect((await h.json('GET', '/api/v1/tickets', { ...t.as, ip: OFFICE })).status).toBe(200);
    // a key cannot save an API list without its own address
    const lock = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      token: key,
      ip: '2001:db8::9',
      body: { security: { apiIpAllowlist: ['192.0.2.0/24'] } },
    });
    expect(lock.status).toBe(422);
    expect(lock.body.errors[0].path).toBe('security.apiIpAllowlist');
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  it('checks the forwarded client address the trusted proxy reports, never one a client made up', async () => {
    const t = await setup({ TRUST_PROXY: 'loopback' });
    const viaProxy = (xff: string, extra: ReqOpts = t.as) => ({
      ...extra,
      ip: '127.0.0.1',
      headers: { 'x-forwarded-for': xff },
    });
    expect(
      (await patchSecurity(t, viaProxy(OFFICE), { agentIpAllowlist: ['203.0.113.0/24', '2001:db8::/48'] })).status,
    ).toBe(200);
    expect((await h.json('GET', '/api/v1/me', viaProxy(`${HOME}, ${OFFICE}`))).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', viaProxy('2001:db8::77'))).status).toBe(200);
    const out = await h.json('GET', '/api/v1/me', viaProxy(HOME));
    expect(out.status).toBe(403);
    expect(out.body.ip).toBe(HOME);
    const out6 = await h.json('GET', '/api/v1/me', viaProxy('2001:db8:1::1'));
    expect(out6.status).toBe(403);
    // a peer that is not the proxy cannot claim an address inside the list
    const spoof = await h.json('GET', '/api/v1/me', { ...t.as, ip: HOME, headers: { 'x-forwarded-for': OFFICE } });
    expect(spoof.status).toBe(403);
    expect(spoof.body.ip).toBe(HOME);
    // sign-in behind the proxy is checked against the forwarded address too
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: t.agent.email, password: 'correct horse battery' },
      ip: '127.0.0.1',
      headers: { 'x-forwarded-for': HOME },
    });
    expect(login.status).toBe(403);
    const inside = await h.json('POST', '/api/v1/auth/login', {
      body: { email: t.agent.email, password: 'correct horse battery' },
      ip: '::1',
      headers: { 'x-forwarded-for': '203.0.113.50' },
    });
    expect(inside.status).toBe(200);
    const address = await h.json('GET', '/api/v1/me/address', {
      cookie: sessionCookie(inside.res),
      ...viaProxy(OFFICE, {}),
    });
    expect(address.body).toEqual({ ip: OFFICE });
  });
});
