import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type ReqOpts } from '../test-support/harness.ts';
import { fillPath, openApiWalk, type Operation, type Walk } from '../test-support/openapi-walk.ts';

let h: Harness;
let tenant: { id: string; widgetKey: string };
let owner: ReqOpts;
let agent: ReqOpts;
let key: string;
let ticketId: string;
let inviteToken: string;

const login = (email: string, password: string) => h.json('POST', '/api/v1/auth/login', { body: { email, password } });

beforeEach(async () => {
  h = await createHarness();
  const made = await h.json('POST', '/api/v1/tenants', {
    ...h.platform,
    body: { name: 'Lapsed', owner: { name: 'Olga', email: 'olga@example.com', password: 'owner password 1' } },
  });
  tenant = made.body.tenant;
  owner = { cookie: sessionCookie((await login('olga@example.com', 'owner password 1')).res) };
  await h.json('POST', '/api/v1/agents', {
    ...owner,
    body: { name: 'Abe', email: 'abe@example.com', roleId: 'admin', password: 'agent password 1' },
  });
  agent = { cookie: sessionCookie((await login('abe@example.com', 'agent password 1')).res) };
  key = (await h.json('POST', '/api/v1/api-keys', { ...owner, body: { name: 'sync' } })).body.key;
  ticketId = (
    await h.json('POST', '/api/v1/tickets', {
      ...owner,
      body: { subject: 'Kept', message: 'Still here', requester: { email: 'r@example.com' } },
    })
  ).body.id;
  const invite = await h.json('POST', '/api/v1/agents', { ...owner, body: { name: 'Ida', email: 'ida@example.com' } });
  inviteToken = new URL(invite.body.inviteUrl.replace('#/', '')).searchParams.get('token')!;
  expect((await h.json('POST', `/api/v1/tenants/${tenant.id}/suspend`, h.platform)).status).toBe(200);
});
afterEach(() => h.close());

/** A request for each operation with real ids where the path names the resource, and a valid minimal body. */
function requestFor(walk: Walk, op: Operation) {
  const ids: Record<string, string> = { tenants: tenant.id, tickets: ticketId };
  return {
    path: fillPath(op.path, { id: ids[op.path.split('/')[3]] ?? 'x_unknown' }),
    body: op.body ? walk.sampleBody(op) : undefined,
  };
}

function expectInactive(
  r: { status: number; body: { detail?: string; tenantStatus?: string } | null; res: Response },
  what: string,
) {
  expect({ what, status: r.status }).toEqual({ what, status: 403 });
  expect(r.res.headers.get('content-type')).toBe('application/problem+json');
}

/** Everything a tenant's writes could touch, read straight from the database. */
const stored = async () => {
  const tables = [
    'tenants',
    'agents',
    'roles',
    'api_keys',
    'tickets',
    'ticket_messages',
    'customers',
    'custom_fields',
    'sla_policies',
    'kb_articles',
    'kb_categories',
    'webhook_endpoints',
    'webhook_deliveries',
  ];
  return Promise.all(tables.map((table) => h.db.all(`SELECT * FROM ${table} ORDER BY rowid`)));
};

const tenantOps = (walk: Walk) => walk.operations.filter((op) => op.security.includes('session'));

describe('a suspended account', () => {
  it('leaves its owner no write but signing out: every other non-GET operation of the API is 403 and changes nothing', async () => {
    const walk = await openApiWalk(h);
    const before = await stored();
    const writes = walk.operations.filter(
      (op) =>
        op.method !== 'GET' &&
        op.security.length > 0 &&
        op.path !== '/api/v1/auth/logout' &&
        // The inbound mail token belongs to no tenant; mail to a suspended tenant is refused in mail/inbound.test.ts.
        !op.security.every((s) => s === 'inboundToken') &&
        // Billing stays open to the owner (CONTRACT §3: paying is how the account opens again) and Stripe's webhook
        // is Stripe's: billing/stripe/stripe.test.ts covers both for a suspended account.
        !op.path.startsWith('/api/v1/billing/'),
    );
    expect(writes.map((op) => `${op.method} ${op.path}`)).toEqual(
      expect.arrayContaining(['PATCH /api/v1/tenants/{id}', 'POST /api/v1/tickets', 'POST /api/v1/widget/tickets']),
    );
    for (const op of writes) {
      const { path, body } = requestFor(walk, op);
      // widget calls carry the tenant's publishable key; everything else the owner's session
      const as = op.security.includes('widgetKey') ? { headers: { 'x-widget-key': tenant.widgetKey } } : owner;
      expectInactive(await h.json(op.method, path, { ...as, body }), `${op.method} ${op.path}`);
    }
    // the changes the issue found, spelled out
    for (const patch of [
      { subscription: { plan: 'enterprise' } },
      { name: 'Renamed' },
      { allowedOrigins: ['https://evil.example'] },
      { subscription: { status: 'active' } },
    ]) {
      expectInactive(
        await h.json('PATCH', `/api/v1/tenants/${tenant.id}`, { ...owner, body: patch }),
        JSON.stringify(patch),
      );
    }
    expect(await stored()).toEqual(before);

    // what stays open to the owner: the account, the export, signing out
    expect((await h.json('GET', '/api/v1/me', owner)).status).toBe(200);
    expect((await h.json('GET', `/api/v1/tenants/${tenant.id}`, owner)).body.subscription).toEqual({
      plan: 'professional',
      status: 'suspended',
    });
    const exported = await h.req('GET', '/api/v1/analytics/export?format=json', owner);
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(ticketId);
    expect((await h.req('POST', '/api/v1/auth/logout', owner)).status).toBe(204);
    expect((await h.req('GET', '/api/v1/me', owner)).status).toBe(401);
  });

  it('refuses its other agents: no sign-in, no invitation, and an existing session gets 403 on every operation', async () => {
    const refused = await login('abe@example.com', 'agent password 1');
    expectInactive(refused, 'login');
    expect(refused.body.detail).toMatch(/suspended/);
    // True whoever closed it (the operator, or billing: then the owner pays to open it again).
    expect(refused.body.detail).toContain('Ask its owner, or the platform operator, to reactivate it.');
    expect(refused.body.tenantStatus).toBe('suspended');
    expect(refused.res.headers.get('set-cookie')).toBeNull();
    // without the right password nothing is revealed about the account
    expect((await login('abe@example.com', 'wrong password 1')).status).toBe(401);
    expectInactive(
      await h.json('POST', '/api/v1/auth/accept-invite', {
        body: { token: inviteToken, password: 'invitee password' },
      }),
      'accept-invite',
    );
    expect((await login('olga@example.com', 'owner password 1')).status).toBe(200);

    const walk = await openApiWalk(h);
    for (const op of tenantOps(walk)) {
      const { path, body } = requestFor(walk, op);
      expectInactive(await h.json(op.method, path, { ...agent, body }), `${op.method} ${op.path}`);
    }

    await h.json('POST', `/api/v1/tenants/${tenant.id}/reactivate`, h.platform);
    expect((await login('abe@example.com', 'agent password 1')).status).toBe(200);
    expect(
      (
        await h.json('POST', '/api/v1/auth/accept-invite', {
          body: { token: inviteToken, password: 'invitee password' },
        })
      ).status,
    ).toBe(200);
  });

  it('refuses its API keys on every operation', async () => {
    const walk = await openApiWalk(h);
    for (const op of tenantOps(walk)) {
      const { path, body } = requestFor(walk, op);
      expectInactive(await h.json(op.method, path, { token: key, body }), `${op.method} ${op.path}`);
    }
  });
});

describe('plan and status', () => {
  it("are the platform operator's: an owner asking for another plan or status gets 403 saying so", async () => {
    await h.json('POST', `/api/v1/tenants/${tenant.id}/reactivate`, h.platform);
    const up = await h.json('PATCH', `/api/v1/tenants/${tenant.id}`, {
      ...owner,
      body: { subscription: { plan: 'enterprise' } },
    });
    expect(up.status).toBe(403);
    expect(up.res.headers.get('content-type')).toBe('application/problem+json');
    expect(up.body).toMatchObject({ field: 'subscription.plan', current: 'professional', requested: 'enterprise' });
    expect(up.body.detail).toMatch(/platform operator/);
    const cancel = await h.json('PATCH', `/api/v1/tenants/${tenant.id}`, {
      ...owner,
      body: { subscription: { status: 'cancelled' } },
    });
    expect(cancel.status).toBe(403);
    expect(cancel.body.field).toBe('subscription.status');
    // a starter owner cannot upgrade itself either, and nothing else in the same request is applied
    const starter = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: {
        name: 'Small',
        plan: 'starter',
        owner: { name: 'S', email: 's@example.com', password: 'starter owner 1' },
      },
    });
    const small = { cookie: sessionCookie((await login('s@example.com', 'starter owner 1')).res) };
    expect(
      (
        await h.json('PATCH', `/api/v1/tenants/${starter.body.tenant.id}`, {
          ...small,
          body: { name: 'Big now', subscription: { plan: 'enterprise' } },
        })
      ).status,
    ).toBe(403);
    expect((await h.json('GET', `/api/v1/tenants/${starter.body.tenant.id}`, small)).body).toMatchObject({
      name: 'Small',
      subscription: { plan: 'starter', status: 'active' },
    });

    // sending the current values back is fine (a client that PATCHes the whole tenant)
    expect(
      (
        await h.json('PATCH', `/api/v1/tenants/${tenant.id}`, {
          ...owner,
          body: { name: 'Same plan', subscription: { plan: 'professional', status: 'active' } },
        })
      ).status,
    ).toBe(200);
    // the operator changes them
    const moved = await h.json('PATCH', `/api/v1/tenants/${tenant.id}`, {
      ...h.platform,
      body: { subscription: { plan: 'enterprise' } },
    });
    expect(moved.body.subscription).toEqual({ plan: 'enterprise', status: 'active' });
  });
});
