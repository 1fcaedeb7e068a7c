import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts, type SignedUp } from '../test-support/harness.ts';
import { fillPath, openApiWalk } from '../test-support/openapi-walk.ts';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, type Permission } from './permissions.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

let n = 0;
/** The owner makes a custom role and an agent holding it; answers the agent's session. */
async function agentWithRole(permissions: Permission[], ownTicketsOnly = false) {
  const role = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: { name: `Role ${++n}`, permissions, ownTicketsOnly },
  });
  expect(role.status).toBe(201);
  const email = `agent${n}@example.com`;
  const agent = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: `Agent ${n}`, email, roleId: role.body.id, password: 'agent password 1' },
  });
  expect(agent.status).toBe(201);
  const login = await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'agent password 1' } });
  return {
    roleId: role.body.id as string,
    agentId: agent.body.id as string,
    as: { cookie: sessionCookie(login.res) } as ReqOpts,
  };
}

async function makeAgent(roleId: string) {
  const r = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: `Made ${++n}`, email: `made${n}@example.com`, roleId, password: 'made password 1' },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function roleOf(agentId: string) {
  return (await h.json('GET', `/api/v1/agents/${agentId}`, t.as)).body.roleId;
}

function expectRefused(r: { status: number; res: Response }) {
  expect(r.status).toBe(403);
  expect(r.res.headers.get('content-type')).toBe('application/problem+json');
}

const sorted = (p: readonly string[]) => [...p].sort();

describe('nobody grants more than they hold', () => {
  it('a key scoped only agents:create cannot create an admin, nor an agent with any permission it lacks', async () => {
    const key = await t.apiKey(['agents:create']);
    const admin = await h.json('POST', '/api/v1/agents', {
      token: key,
      body: { name: 'Mallory', email: 'mallory@example.com', roleId: 'admin', password: 'mallory password' },
    });
    expectRefused(admin);
    expect(admin.body).toMatchObject({ role: 'admin', requiredRole: 'owner' });
    const viewer = await h.json('POST', '/api/v1/agents', {
      token: key,
      body: { name: 'Mallory', email: 'mallory@example.com', roleId: 'viewer', password: 'mallory password' },
    });
    expectRefused(viewer);
    expect(viewer.body.missing).toEqual(sorted(BUILT_IN_ROLES.viewer.permissions));
    expect(viewer.body.detail).toMatch(/agents:read/);
    expect(
      (
        await h.json('POST', '/api/v1/auth/login', {
          body: { email: 'mallory@example.com', password: 'mallory password' },
        })
      ).status,
    ).toBe(401);
    expect((await h.json('GET', '/api/v1/agents', t.as)).body.data).toHaveLength(1);
  });

  it('agents:update cannot promote a viewer, and only an owner promotes to or changes an admin', async () => {
    const hr = await agentWithRole(['agents:read', 'agents:update']);
    const vic = await makeAgent('viewer');
    expectRefused(await h.json('PATCH', `/api/v1/agents/${vic}`, { ...hr.as, body: { roleId: 'admin' } }));
    const toAgent = await h.json('PATCH', `/api/v1/agents/${vic}`, { ...hr.as, body: { roleId: 'agent' } });
    expectRefused(toAgent);
    // the viewer is above HR too, so HR cannot even rename them
    expectRefused(await h.json('PATCH', `/api/v1/agents/${vic}`, { ...hr.as, body: { name: 'Renamed' } }));
    expect(await roleOf(vic)).toBe('viewer');

    const adm = await agentWithRole([]);
    await h.json('PATCH', `/api/v1/agents/${adm.agentId}`, { ...t.as, body: { roleId: 'admin' } });
    const other = await makeAgent('admin');
    // an admin holds every permission, yet making or changing admins is the owner's
    const promote = await h.json('PATCH', `/api/v1/agents/${vic}`, { ...adm.as, body: { roleId: 'admin' } });
    expectRefused(promote);
    expect(promote.body.requiredRole).toBe('owner');
    expectRefused(await h.json('PATCH', `/api/v1/agents/${vic}`, { ...adm.as, body: { roleId: 'owner' } }));
    expectRefused(await h.json('PATCH', `/api/v1/agents/${other}`, { ...adm.as, body: { status: 'disabled' } }));
    expectRefused(await h.json('PATCH', `/api/v1/agents/${other}`, { ...adm.as, body: { roleId: 'viewer' } }));
    expectRefused(await h.json('PATCH', `/api/v1/agents/${other}`, { ...adm.as, body: { maxOpenTickets: 3 } }));
    expect(await roleOf(vic)).toBe('viewer');
    expect((await h.json('GET', `/api/v1/agents/${other}`, t.as)).body).toMatchObject({
      roleId: 'admin',
      status: 'active',
      maxOpenTickets: null,
    });
    // what an admin may do: below admin, within their power
    expect((await h.json('PATCH', `/api/v1/agents/${vic}`, { ...adm.as, body: { roleId: 'agent' } })).status).toBe(200);
    expect((await h.json('PATCH', `/api/v1/agents/${vic}`, { ...t.as, body: { roleId: 'admin' } })).status).toBe(200);
  });

  it('only an owner creates or invites owners and admins', async () => {
    const adm = await agentWithRole([]);
    await h.json('PATCH', `/api/v1/agents/${adm.agentId}`, { ...t.as, body: { roleId: 'admin' } });
    for (const roleId of ['admin', 'owner']) {
      expectRefused(
        await h.json('POST', '/api/v1/agents', {
          ...adm.as,
          body: { name: 'A', email: `a-${roleId}@example.com`, roleId, password: 'a password 12' },
        }),
      );
      const invite = await h.json('POST', '/api/v1/agents', {
        ...adm.as,
        body: { name: 'I', email: `i-${roleId}@example.com`, roleId },
      });
      expectRefused(invite);
      expect(invite.body.inviteUrl).toBeUndefined();
    }
    expect((await h.json('GET', '/api/v1/agents', t.as)).body.data).toHaveLength(2);
    expect(
      (
        await h.json('POST', '/api/v1/agents', {
          ...adm.as,
          body: { name: 'B', email: 'b@example.com', roleId: 'agent' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await h.json('POST', '/api/v1/agents', {
          ...t.as,
          body: { name: 'C', email: 'c@example.com', roleId: 'admin' },
        })
      ).status,
    ).toBe(201);
  });

  it('nobody changes their own role, not even an owner or someone allowed to assign it', async () => {
    expectRefused(await h.json('PATCH', `/api/v1/agents/${t.agent.id}`, { ...t.as, body: { roleId: 'agent' } }));
    const hr = await agentWithRole(['agents:read', 'agents:update', 'tickets:read']);
    const smaller = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Smaller', permissions: ['tickets:read'] },
    });
    expectRefused(
      await h.json('PATCH', `/api/v1/agents/${hr.agentId}`, { ...hr.as, body: { roleId: smaller.body.id } }),
    );
    expect(await roleOf(hr.agentId)).toBe(hr.roleId);
    // their own name is theirs to change
    expect(
      (await h.json('PATCH', `/api/v1/agents/${hr.agentId}`, { ...hr.as, body: { name: 'New name' } })).status,
    ).toBe(200);
  });

  it("assigns a custom role only when it is within the assigner's permissions", async () => {
    const lead = await agentWithRole([
      'agents:create',
      'agents:read',
      'agents:update',
      'tickets:read',
      'tickets:update',
    ]);
    const within = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Within', permissions: ['tickets:read'] },
    });
    const beyond = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Beyond', permissions: ['tickets:read', 'tickets:delete', 'webhooks:create'] },
    });
    const r = await h.json('POST', '/api/v1/agents', {
      ...lead.as,
      body: { name: 'X', email: 'x@example.com', roleId: beyond.body.id },
    });
    expectRefused(r);
    expect(r.body.missing).toEqual(['tickets:delete', 'webhooks:create']);
    const made = await h.json('POST', '/api/v1/agents', {
      ...lead.as,
      body: { name: 'Y', email: 'y@example.com', roleId: within.body.id, password: 'y password 12' },
    });
    expect(made.status).toBe(201);
    expectRefused(
      await h.json('PATCH', `/api/v1/agents/${made.body.id}`, { ...lead.as, body: { roleId: beyond.body.id } }),
    );
    expect(await roleOf(made.body.id)).toBe(within.body.id);
  });

  it('roles:create and roles:update cannot build a role beyond the editor, nor touch one above them', async () => {
    const maker = await agentWithRole(['roles:create', 'roles:read', 'roles:update', 'roles:delete', 'tickets:read']);
    const made = await h.json('POST', '/api/v1/roles', {
      ...maker.as,
      body: { name: 'Escalate', permissions: ['tickets:read', 'tickets:delete', 'settings:update'] },
    });
    expectRefused(made);
    expect(made.body.missing).toEqual(['settings:update', 'tickets:delete']);
    expect(made.body.detail).toMatch(/settings:update, tickets:delete/);
    expect((await h.json('GET', '/api/v1/roles', t.as)).body.data.map((r: { name: string }) => r.name)).not.toContain(
      'Escalate',
    );

    // its own role cannot be widened to everything
    const self = await h.json('PATCH', `/api/v1/roles/${maker.roleId}`, {
      ...maker.as,
      body: { permissions: ALL_PERMISSIONS },
    });
    expectRefused(self);
    expect((await h.json('GET', '/api/v1/me', maker.as)).body.permissions).toEqual(
      sorted(['roles:create', 'roles:read', 'roles:update', 'roles:delete', 'tickets:read']),
    );

    const big = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Big', permissions: ['tickets:read', 'kb:delete'] },
    });
    expectRefused(
      await h.json('PATCH', `/api/v1/roles/${big.body.id}`, { ...maker.as, body: { permissions: ['tickets:read'] } }),
    );
    expectRefused(await h.json('DELETE', `/api/v1/roles/${big.body.id}`, maker.as));
    expect((await h.json('GET', `/api/v1/roles/${big.body.id}`, t.as)).body.permissions).toEqual([
      'tickets:read',
      'kb:delete',
    ]);

    // within its power it works as before
    const ok = await h.json('POST', '/api/v1/roles', {
      ...maker.as,
      body: { name: 'Reader', permissions: ['tickets:read'] },
    });
    expect(ok.status).toBe(201);
    expect(
      (
        await h.json('PATCH', `/api/v1/roles/${ok.body.id}`, {
          ...maker.as,
          body: { permissions: ['tickets:read', 'roles:read'] },
        })
      ).status,
    ).toBe(200);
    expect((await h.json('DELETE', `/api/v1/roles/${ok.body.id}`, maker.as)).status).toBe(204);
  });

  it('someone limited to own tickets passes that limit on: no role, assignment or API key without it', async () => {
    const lead = await agentWithRole(
      [
        'roles:create',
        'roles:read',
        'roles:update',
        'agents:create',
        'agents:read',
        'agents:update',
        'tickets:read',
        'api-keys:create',
      ],
      true,
    );
    const open = await h.json('POST', '/api/v1/roles', {
      ...lead.as,
      body: { name: 'Open', permissions: ['tickets:read'], ownTicketsOnly: false },
    });
    expectRefused(open);
    expect(open.body.missing).toEqual(['ownTicketsOnly']);
    const limited = await h.json('POST', '/api/v1/roles', {
      ...lead.as,
      body: { name: 'Limited', permissions: ['tickets:read'], ownTicketsOnly: true },
    });
    expect(limited.status).toBe(201);
    expectRefused(
      await h.json('PATCH', `/api/v1/roles/${limited.body.id}`, { ...lead.as, body: { ownTicketsOnly: false } }),
    );
    expect((await h.json('GET', `/api/v1/roles/${limited.body.id}`, t.as)).body.ownTicketsOnly).toBe(true);

    const ownerMade = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Reader', permissions: ['tickets:read'] },
    });
    expectRefused(
      await h.json('POST', '/api/v1/agents', {
        ...lead.as,
        body: { name: 'R', email: 'r@example.com', roleId: ownerMade.body.id },
      }),
    );
    const ok = await h.json('POST', '/api/v1/agents', {
      ...lead.as,
      body: { name: 'L', email: 'l@example.com', roleId: limited.body.id },
    });
    expect(ok.status).toBe(201);
    expectRefused(
      await h.json('PATCH', `/api/v1/agents/${ok.body.id}`, { ...lead.as, body: { roleId: ownerMade.body.id } }),
    );
    // an API key has nobody's "own tickets": it would see them all
    const key = await h.json('POST', '/api/v1/api-keys', { ...lead.as, body: { name: 'k', scopes: ['tickets:read'] } });
    expectRefused(key);
    expect(key.body.missing).toEqual(['ownTicketsOnly']);
  });

  it("an invitation needs the inviter's power when it is made, and accepting it gives exactly the invited role", async () => {
    const hr = await agentWithRole(['agents:create', 'agents:read', 'tickets:read']);
    const refused = await h.json('POST', '/api/v1/agents', {
      ...hr.as,
      body: { name: 'Ivan', email: 'ivan@example.com', roleId: 'agent' },
    });
    expectRefused(refused);
    const reader = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Reader', permissions: ['tickets:read'] },
    });
    const invite = await h.json('POST', '/api/v1/agents', {
      ...hr.as,
      body: { name: 'Ivy', email: 'ivy@example.com', roleId: reader.body.id },
    });
    expect(invite.status).toBe(201);
    // the inviter is demoted before the invitation is used
    const nothing = await h.json('POST', '/api/v1/roles', { ...t.as, body: { name: 'Nothing', permissions: [] } });
    expect(
      (await h.json('PATCH', `/api/v1/agents/${hr.agentId}`, { ...t.as, body: { roleId: nothing.body.id } })).status,
    ).toBe(200);
    const token = new URL(invite.body.inviteUrl.replace('#/', '')).searchParams.get('token')!;
    const accepted = await h.json('POST', '/api/v1/auth/accept-invite', {
      body: { token, password: 'ivy password 1' },
    });
    expect(accepted.status).toBe(200);
    const me = await h.json('GET', '/api/v1/me', { cookie: sessionCookie(accepted.res) });
    expect(me.body.permissions).toEqual(['tickets:read']);
    expect(
      (await h.json('GET', '/api/v1/agents', t.as)).body.data.map((a: { email: string }) => a.email),
    ).not.toContain('ivan@example.com');
  });
});

describe('every operation of the API that grants', () => {
  const grants = (property: string) => /roleId$/i.test(property) || property === 'permissions' || property === 'scopes';

  it('refuses, with 403 and no change, a role above the caller, permissions beyond them, or dropping their own-tickets limit', async () => {
    const walk = await openApiWalk(h);
    const granting = walk.operations.filter(
      (op) => op.security.includes('session') && walk.bodyProperties(op).some(grants),
    );
    // the walk is only as good as what it finds: these are the grants known today, later ones join by themselves
    expect(granting.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/agents',
        'PATCH /api/v1/agents/{id}',
        'POST /api/v1/roles',
        'PATCH /api/v1/roles/{id}',
        'POST /api/v1/api-keys',
      ]),
    );

    // The delegate may call everything, yet lacks two permissions and is not an owner.
    const lacking: Permission[] = ['tickets:delete', 'audit-log:read'];
    const held = ALL_PERMISSIONS.filter((p) => !lacking.includes(p));
    const delegate = await agentWithRole(held);
    const delegateKey = await t.apiKey(held);
    const limited = await agentWithRole(held, true);
    const full = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Full', permissions: ALL_PERMISSIONS },
    });
    const unlimitedReader = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Unlimited reader', permissions: ['tickets:read'] },
    });
    // Targets every caller may manage, so a refusal is about what the request grants.
    const low = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Low', permissions: ['tickets:read'], ownTicketsOnly: true },
    });
    const target = await makeAgent(low.body.id);
    const ids: Record<string, string> = { agents: target, roles: low.body.id };

    const snapshot = async () =>
      JSON.stringify([
        (await h.json('GET', '/api/v1/agents?limit=100', t.as)).body.data,
        (await h.json('GET', '/api/v1/roles', t.as)).body.data,
        (await h.json('GET', '/api/v1/api-keys?limit=100', t.as)).body.data.map(
          (k: { id: string; scopes: string[]; revokedAt: string | null }) => [k.id, k.scopes, k.revokedAt],
        ),
      ]);
    const before = await snapshot();

    const rounds: { name: string; callers: ReqOpts[]; grant: Record<string, unknown>; needsRoleId?: boolean }[] = [
      {
        name: 'an owner-only role',
        callers: [delegate.as, { token: delegateKey }],
        grant: { role: 'admin', permissions: ['tickets:read'] },
        needsRoleId: true,
      },
      {
        name: 'permissions beyond the caller',
        callers: [delegate.as, { token: delegateKey }],
        grant: { role: full.body.id, permissions: ALL_PERMISSIONS },
      },
      {
        name: 'no own-tickets limit',
        callers: [limited.as],
        grant: { role: unlimitedReader.body.id, permissions: ['tickets:read'], ownTicketsOnly: false },
      },
    ];
    let tried = 0;
    for (const op of granting) {
      const props = walk.bodyProperties(op);
      const roleProps = props.filter((p) => /roleId$/i.test(p));
      const path = fillPath(op.path, { id: ids[op.path.split('/')[3]] });
      for (const round of rounds) {
        if (round.needsRoleId && !roleProps.length) continue;
        const overrides: Record<string, unknown> = {
          permissions: round.grant.permissions,
          scopes: round.grant.permissions,
          ownTicketsOnly: round.grant.ownTicketsOnly,
        };
        for (const p of roleProps) overrides[p] = round.grant.role;
        const body = walk.sampleBody(op, overrides);
        for (const caller of round.callers) {
          const r = await h.json(op.method, path, { ...caller, body });
          expect({
            op: `${op.method} ${op.path}`,
            round: round.name,
            status: r.status,
            detail: r.body?.detail,
          }).toMatchObject({ status: 403 });
          expect(r.res.headers.get('content-type')).toBe('application/problem+json');
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(granting.length * 2);
    expect(await snapshot()).toBe(before);
  });
});
