// SCIM 2.0 against a client written here, as Okta or Entra ID would speak it: provision, update, push a group that
// maps to a role, deprovision (the agent's session cookie stops at once); tenant isolation, plan, bad input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;

const SCIM_JSON = 'application/scim+json';

/** A small SCIM client: bearer token, application/scim+json both ways. */
function scimClient(token: string | null) {
  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const headers: Record<string, string> = { accept: SCIM_JSON };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = SCIM_JSON;
    const res = await h.app.request(`/scim/v2${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
  };
  return {
    call,
    createUser: (userName: string, extra: Record<string, unknown> = {}) =>
      call('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        name: { givenName: 'Grace', familyName: 'Hopper' },
        emails: [{ value: userName, type: 'work', primary: true }],
        active: true,
        ...extra,
      }),
    findUser: (userName: string) => call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`),
    patch: (path: string, ops: unknown[]) =>
      call('PATCH', path, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: ops }),
  };
}

async function enterprise(s: SignedUp) {
  const r = await h.json('PATCH', `/api/v1/tenants/${s.tenant.id}`, {
    ...h.platform,
    body: { subscription: { plan: 'enterprise' } },
  });
  expect(r.status).toBe(200);
}

async function tokenFor(s: SignedUp) {
  const r = await h.json('POST', '/api/v1/scim/token', s.as);
  expect(r.status).toBe(201);
  return r.body.token as string;
}

const actions = async (s: SignedUp) =>
  (await h.json('GET', '/api/v1/audit-log?limit=100', s.as)).body.data.map((e: { action: string }) => e.action);

beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
  await enterprise(t);
});
afterEach(() => h.close());

describe('the SCIM token', () => {
  it('is made by the owner, shown once, kept hashed; rotating revokes the old one (401)', async () => {
    const first = await tokenFor(t);
    expect(first).toMatch(/^hd_scim_/);
    const status = await h.json('GET', '/api/v1/scim/token', t.as);
    expect(status.body).toMatchObject({ configured: true, baseUrl: 'http://localhost:8787/scim/v2' });
    expect(JSON.stringify(status.body)).not.toContain(first.slice(9));
    const stored = await h.db.all<{ token_hash: string }>('SELECT token_hash FROM scim_tokens');
    expect(JSON.stringify(stored)).not.toContain(first);
    expect((await scimClient(first).call('GET', '/Users')).status).toBe(200);
    const second = await tokenFor(t);
    const old = await scimClient(first).call('GET', '/Users');
    expect(old.status).toBe(401);
    expect(old.type).toContain(SCIM_JSON);
    expect(old.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect((await scimClient(second).call('GET', '/Users')).status).toBe(200);
    expect((await h.req('DELETE', '/api/v1/scim/token', t.as)).status).toBe(204);
    expect((await scimClient(second).call('GET', '/Users')).status).toBe(401);
    expect(await actions(t)).toEqual(
      expect.arrayContaining(['scim.token_created', 'scim.token_rotated', 'scim.token_revoked']),
    );
  });

  it('is an enterprise feature (403 naming plan and feature) and the owner’s alone', async () => {
    const pro = await h.signup();
    const r = await h.json('POST', '/api/v1/scim/token', pro.as);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ plan: 'professional', feature: 'scim' });
    // a token made while on enterprise stops with a downgrade
    const token = await tokenFor(t);
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...h.platform,
      body: { subscription: { plan: 'professional' } },
    });
    const down = await scimClient(token).call('GET', '/Users');
    expect(down.status).toBe(403);
    expect(down.body).toMatchObject({ status: '403', plan: 'professional', feature: 'scim' });
    await enterprise(t);
    // an admin may not see or make it
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Adm', email: 'adm@example.com', roleId: 'admin', password: 'admin password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'adm@example.com', password: 'admin password 1' },
    });
    const admin = { cookie: sessionCookie(login.res) };
    expect((await h.json('POST', '/api/v1/scim/token', admin)).status).toBe(403);
    expect((await h.json('GET', '/api/v1/scim/token', admin)).status).toBe(403);
  });
});

describe('provisioning through SCIM', () => {
  it('provisions, updates, pushes a group that maps to a role, and deprovisions (the session stops at once)', async () => {
    const scim = scimClient(await tokenFor(t));
    // discovery
    const spc = await scim.call('GET', '/ServiceProviderConfig');
    expect(spc.status).toBe(200);
    expect(spc.type).toContain(SCIM_JSON);
    expect(spc.body.patch.supported).toBe(true);
    expect((await scim.call('GET', '/ResourceTypes')).body.Resources.map((r: { id: string }) => r.id)).toEqual([
      'User',
      'Group',
    ]);
    expect((await scim.call('GET', '/Schemas')).body.totalResults).toBe(2);

    // Okta looks the user up first, then creates
    expect((await scim.findUser('grace@example.com')).body).toMatchObject({ totalResults: 0, Resources: [] });
    const made = await scim.createUser('Grace@Example.com', { externalId: 'okta-123' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      userName: 'grace@example.com',
      displayName: 'Grace Hopper',
      externalId: 'okta-123',
      active: true,
      meta: { resourceType: 'User', location: expect.stringContaining(`/scim/v2/Users/${made.body.id}`) },
    });
    const id = made.body.id as string;
    const found = await scim.findUser('grace@example.com');
    expect(found.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(id);
    expect(
      (await scim.call('GET', `/Users?filter=${encodeURIComponent('externalId eq "okta-123"')}`)).body.totalResults,
    ).toBe(1);
    // the agent is in the inbox's list with the default role
    const agent = await h.json('GET', `/api/v1/agents/${id}`, t.as);
    expect(agent.body).toMatchObject({ email: 'grace@example.com', roleId: 'agent', status: 'active' });
    // a duplicate is 409 uniqueness
    const dup = await scim.createUser('grace@example.com');
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe('uniqueness');

    // replace (PUT) and patch
    const put = await scim.call('PUT', `/Users/${id}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'grace@example.com',
      displayName: 'Rear Admiral Hopper',
      externalId: 'okta-123',
      active: true,
    });
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe('Rear Admiral Hopper');
    const renamed = await scim.patch(`/Users/${id}`, [{ op: 'Replace', value: { displayName: 'Grace B. Hopper' } }]);
    expect(renamed.body.displayName).toBe('Grace B. Hopper');

    // she signs in (here: a reset link, as SSO would) and holds a session
    const link = await h.json('POST', `/api/v1/agents/${id}/password-reset`, t.as);
    const resetToken = new URL(link.body.url.replace('#/', '')).searchParams.get('token')!;
    const reset = await h.json('POST', '/api/v1/auth/reset-password', {
      body: { token: resetToken, password: 'grace password 1' },
    });
    const grace = { cookie: sessionCookie(reset.res) };
    expect((await h.json('GET', '/api/v1/me', grace)).body.role.id).toBe('agent');

    // group push: "Support Leads" maps to admin
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { groupRoles: [{ group: 'support leads', roleId: 'admin' }] } },
    });
    const group = await scim.call('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Support Leads',
      members: [],
    });
    expect(group.status).toBe(201);
    const gid = group.body.id as string;
    const pushed = await scim.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: id }] }]);
    expect(pushed.status).toBe(200);
    expect(pushed.body.members).toEqual([expect.objectContaining({ value: id })]);
    expect((await h.json('GET', '/api/v1/me', grace)).body.role.id).toBe('admin');
    expect((await scim.call('GET', `/Users/${id}`)).body.groups).toEqual([
      expect.objectContaining({ value: gid, display: 'Support Leads' }),
    ]);
    // leaving the group takes the role back to the default
    await scim.patch(`/Groups/${gid}`, [{ op: 'remove', path: `members[value eq "${id}"]` }]);
    expect((await h.json('GET', '/api/v1/me', grace)).body.role.id).toBe('agent');
    await scim.patch(`/Groups/${gid}`, [{ op: 'add', path: 'members', value: [{ value: id }] }]);
    expect((await h.json('GET', '/api/v1/me', grace)).body.role.id).toBe('admin');

    // deprovision: active false ends her session at once
    const off = await scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'active', value: 'False' }]);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await h.json('GET', '/api/v1/me', grace)).status).toBe(401);
    expect(
      (
        await h.json('POST', '/api/v1/auth/login', {
          body: { email: 'grace@example.com', password: 'grace password 1' },
        })
      ).status,
    ).toBe(401);
    expect((await h.json('GET', `/api/v1/agents/${id}`, t.as)).body.status).toBe('disabled');

    // back on, then deleted: gone for SCIM, deactivated (not erased) in the help desk
    await scim.patch(`/Users/${id}`, [{ op: 'replace', path: 'active', value: true }]);
    expect((await h.json('GET', `/api/v1/agents/${id}`, t.as)).body.status).toBe('active');
    expect((await h.req('DELETE', `/scim/v2/Users/${id}`, { token: '' })).status).toBe(401);
    expect((await scim.call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await scim.call('GET', `/Users/${id}`)).status).toBe(404);
    expect((await scim.findUser('grace@example.com')).body.totalResults).toBe(0);
    expect((await h.json('GET', `/api/v1/agents/${id}`, t.as)).body.status).toBe('disabled');
    // provisioning the same person again brings her back
    const again = await scim.createUser('grace@example.com');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);

    expect(await actions(t)).toEqual(
      expect.arrayContaining([
        'scim.user_created',
        'scim.user_replaced',
        'scim.user_patched',
        'scim.group_created',
        'scim.group_patched',
        'scim.role_changed',
        'scim.user_deactivated',
        'scim.user_deleted',
      ]),
    );
    const created = await h.json('GET', '/api/v1/audit-log?action=scim.user_created', t.as);
    expect(created.body.data[0]).toMatchObject({ actorType: 'scim' });
  });

  it('pages with startIndex and count', async () => {
    const scim = scimClient(await tokenFor(t));
    for (const n of [1, 2, 3]) expect((await scim.createUser(`p${n}@example.com`)).status).toBe(201);
    // the owner plus three
    const page = await scim.call('GET', '/Users?startIndex=2&count=2');
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'p1@example.com',
      'p2@example.com',
    ]);
    const last = await scim.call('GET', '/Users?startIndex=4&count=10');
    expect(last.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['p3@example.com']);
    expect((await scim.call('GET', '/Users?count=abc')).body.scimType).toBe('invalidValue');
  });

  it('respects the plan agent limit with a SCIM error, and never deprovisions the owner', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: { maxAgents: 2 } } });
    const scim = scimClient(await tokenFor(t));
    expect((await scim.createUser('one@example.com')).status).toBe(201);
    const full = await scim.createUser('two@example.com');
    expect(full.status).toBe(403);
    expect(full.type).toContain(SCIM_JSON);
    expect(full.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403' });
    expect(full.body.detail).toMatch(/Agent limit reached/);
    expect((await scim.findUser('two@example.com')).body.totalResults).toBe(0);
    const owner = await scim.patch(`/Users/${t.agent.id}`, [{ op: 'replace', path: 'active', value: false }]);
    expect(owner.status).toBe(400);
    expect(owner.body.scimType).toBe('mutability');
    expect((await scim.call('DELETE', `/Users/${t.agent.id}`)).status).toBe(400);
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
  });
});

describe('bad input and other tenants', () => {
  it('answers a SCIM token from outside the API IP allowlist with 403 in the SCIM shape', async () => {
    const token = await tokenFor(t);
    const saved = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { apiIpAllowlist: ['198.51.100.0/24'] } },
    });
    expect(saved.status).toBe(200);
    const from = async (ip: string) => {
      const res = await h.app.request(
        '/scim/v2/Users',
        { headers: { accept: SCIM_JSON, authorization: `Bearer ${token}` } },
        { incoming: { socket: { remoteAddress: ip } } },
      );
      return { status: res.status, body: await res.json() };
    };
    expect((await from('198.51.100.7')).status).toBe(200);
    const out = await from('203.0.113.9');
    expect(out.status).toBe(403);
    expect(out.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      rule: 'apiIpAllowlist',
      ip: '203.0.113.9',
    });
  });

  it('a token sees nothing of another tenant; another tenant’s ids are 404', async () => {
    const scim = scimClient(await tokenFor(t));
    const other = await h.signup();
    await enterprise(other);
    const theirs = scimClient(await tokenFor(other));
    const u = await theirs.createUser('theirs@example.com');
    const g = await theirs.call('POST', '/Groups', { displayName: 'Theirs', members: [{ value: u.body.id }] });
    expect(g.status).toBe(201);
    const list = await scim.call('GET', '/Users');
    expect(list.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([t.agent.email]);
    expect((await scim.findUser('theirs@example.com')).body.totalResults).toBe(0);
    expect((await scim.call('GET', `/Users/${u.body.id}`)).status).toBe(404);
    expect((await scim.call('GET', `/Users/${other.agent.id}`)).status).toBe(404);
    expect((await scim.patch(`/Users/${u.body.id}`, [{ op: 'replace', path: 'active', value: false }])).status).toBe(
      404,
    );
    expect((await scim.call('DELETE', `/Users/${u.body.id}`)).status).toBe(404);
    expect((await scim.call('GET', `/Groups/${g.body.id}`)).status).toBe(404);
    expect((await scim.call('GET', '/Groups')).body.totalResults).toBe(0);
    // their user as a member of our group is unknown
    const mine = await scim.call('POST', '/Groups', { displayName: 'Mine', members: [{ value: u.body.id }] });
    expect(mine.status).toBe(400);
    expect(mine.body.scimType).toBe('invalidValue');
    // nothing of theirs changed
    expect((await h.json('GET', `/api/v1/agents/${u.body.id}`, other.as)).body.status).toBe('active');
    // no token, a wrong one, an API key
    expect((await scimClient(null).call('GET', '/Users')).status).toBe(401);
    expect((await scimClient('hd_scim_made_up').call('GET', '/Users')).status).toBe(401);
    const key = await t.apiKey();
    expect((await scimClient(key).call('GET', '/Users')).status).toBe(401);
  });

  it('refuses malformed bodies and filters with 400 and a scimType, changing nothing', async () => {
    const scim = scimClient(await tokenFor(t));
    const cases: [Promise<{ status: number; body: { scimType?: string } }>, string][] = [
      [scim.call('POST', '/Users', undefined, '{not json'), 'invalidSyntax'],
      [scim.call('POST', '/Users', [1, 2]), 'invalidSyntax'],
      [scim.call('POST', '/Users', { displayName: 'No userName' }), 'invalidValue'],
      [scim.call('POST', '/Users', { userName: 'not-an-email' }), 'invalidValue'],
      [scim.call('POST', '/Users', { userName: 'x@example.com', active: 'maybe' }), 'invalidValue'],
      [scim.call('GET', `/Users?filter=${encodeURIComponent('userName co "a"')}`), 'invalidFilter'],
      [scim.call('GET', `/Users?filter=${encodeURIComponent('password eq "a"')}`), 'invalidFilter'],
      [scim.call('GET', `/Users?filter=${encodeURIComponent('userName eq "a" or userName eq "b"')}`), 'invalidFilter'],
      [scim.call('GET', `/Groups?filter=${encodeURIComponent('members eq "x"')}`), 'invalidFilter'],
      [scim.patch(`/Users/${t.agent.id}`, [{ op: 'jump', path: 'active', value: false }]), 'invalidValue'],
      [scim.patch(`/Users/${t.agent.id}`, [{ op: 'replace', path: 'nickName', value: 'x' }]), 'invalidPath'],
      [scim.call('PATCH', `/Users/${t.agent.id}`, { Operations: [] }), 'invalidValue'],
      [scim.call('POST', '/Groups', { members: [] }), 'invalidValue'],
    ];
    for (const [pending, scimType] of cases) {
      const r = await pending;
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.scimType, JSON.stringify(r.body)).toBe(scimType);
    }
    expect((await scim.call('GET', '/Users')).body.totalResults).toBe(1);
    expect((await scim.call('GET', '/Groups')).body.totalResults).toBe(0);
  });
});

describe('pacing', () => {
  it('answers 429 with Retry-After in the SCIM error shape once a token has used its minute', async () => {
    await h.close();
    h = await createHarness({ env: { RATE_LIMITS: 'on' } });
    t = await h.signup();
    await enterprise(t);
    const token = await tokenFor(t);
    const { id } = (await h.db.get<{ id: string }>('SELECT id FROM scim_tokens'))!;
    for (let i = 0; i < 600; i++) await h.deps.limiter.hit(`scim:token:${id}`, 600, 60_000);
    expect((await scimClient(token).call('GET', '/Users')).status).toBe(429);
    const res = await h.app.request('/scim/v2/Users', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('content-type')).toContain(SCIM_JSON);
    expect(await res.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
  });
});
