import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

function expectProblem(r: { status: number; body: any; res: Response }, status: number) {
  expect(r.status).toBe(status);
  expect(r.res.headers.get('content-type')).toBe('application/problem+json');
  expect(r.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|at .*\.ts:\d+|stack/i);
}

describe('conventions every endpoint follows', () => {
  it('answers malformed JSON with 400 and writes nothing', async () => {
    const r = await h.json('POST', '/api/v1/signup', { rawBody: '{"tenantName": "x",' });
    expectProblem(r, 400);
    expect((await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tenants'))!.n).toBe(0);
  });

  it('answers a validation failure with 422 and one error per bad field', async () => {
    const r = await h.json('POST', '/api/v1/signup', { body: { tenantName: '', email: 'nope', password: 'short' } });
    expectProblem(r, 422);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'email',
      'name',
      'password',
      'tenantName',
    ]);
    expect((await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tenants'))!.n).toBe(0);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const t = await h.signup();
    expectProblem(await h.json('GET', '/api/v1/no-such-thing', t.as), 404);
    expectProblem(await h.json('GET', '/nothing-here'), 404);
  });

  it('answers a body over 1 MB with 413', async () => {
    const r = await h.json('POST', '/api/v1/signup', {
      rawBody: JSON.stringify({ tenantName: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-length': String(1024 * 1024 + 30) },
    });
    expectProblem(r, 413);
  });

  it('never answers hostile input with a 5xx', async () => {
    const t = await h.signup();
    const bodies = ['null', '[]', '"str"', '123', '{"name": {"$gt": ""}}', '{"__proto__": {"admin": true}}', '\u0000'];
    for (const rawBody of bodies) {
      for (const [method, path] of [
        ['POST', '/api/v1/signup'],
        ['POST', '/api/v1/auth/login'],
        ['PATCH', `/api/v1/tenants/${t.tenant.id}`],
        ['POST', '/api/v1/agents'],
        ['POST', '/api/v1/roles'],
        ['POST', '/api/v1/api-keys'],
      ]) {
        const r = await h.req(method, path, { ...t.as, rawBody });
        expect(r.status, `${method} ${path} ${rawBody}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path} ${rawBody}`).toBeLessThan(500);
      }
    }
    for (const q of ['?limit=0', '?limit=101', '?limit=abc']) {
      expect((await h.req('GET', `/api/v1/agents${q}`, t.as)).status).toBe(422);
    }
    for (const q of ['?cursor=%%%', '?cursor=bm90LWpzb24']) {
      expect((await h.req('GET', `/api/v1/agents${q}`, t.as)).status).toBe(400);
    }
  });

  it('gives every response a request id and rate-limit headers on limited routes', async () => {
    const t = await h.signup();
    const r = await h.req('GET', '/api/v1/me', t.as);
    expect(r.headers.get('x-request-id')).toMatch(/^req_/);
    const limit = Number(r.headers.get('ratelimit-limit'));
    expect(limit).toBeGreaterThan(0);
    expect(r.headers.get('ratelimit-remaining')).toBe(String(limit - 1)); // this was the agent's first limited call
    expect(r.headers.get('ratelimit-reset')).toMatch(/^[1-9]\d*$/);
  });

  it('throttles login per client address with 429, Retry-After and RateLimit headers', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) {
      last = await h.req('POST', '/api/v1/auth/login', {
        body: { email: `nobody${i}@example.com`, password: 'whatever-123' },
      });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(last!.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('reports health once the database answers', async () => {
    expect(await (await h.req('GET', '/health')).json()).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and a docs page served locally', async () => {
    const doc = await h.json('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/signup',
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/api-keys',
      '/api/v1/agents',
      '/api/v1/roles',
      '/api/v1/tenants/{id}',
      '/api/v1/audit-log',
    ]) {
      expect(doc.body.paths, path).toHaveProperty([path]);
    }
    expect(doc.body.components.schemas).toHaveProperty('Problem');
    const page = await h.req('GET', '/api/docs');
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const src of html.match(/(?:src|href)="([^"]+)"/g)!.map((m) => m.split('"')[1])) {
      expect((await h.req('GET', src)).status, src).toBe(200);
    }
  });
});

describe('tenant isolation', () => {
  it('gives tenant B 404 for every tenant-A object the foundation exposes', async () => {
    const a = await h.signup();
    const b = await h.signup();
    const bKey = await b.apiKey();
    const aRole = (
      await h.json('POST', '/api/v1/roles', { ...a.as, body: { name: 'A role', permissions: ['kb:read'] } })
    ).body;
    const aAgent = (await h.json('POST', '/api/v1/agents', { ...a.as, body: { name: 'A2', email: 'a2@example.com' } }))
      .body;
    const aKey = (await h.json('POST', '/api/v1/api-keys', { ...a.as, body: { name: 'A key' } })).body;

    for (const as of [{ token: bKey }, b.as]) {
      for (const [method, path, body] of [
        ['GET', `/api/v1/tenants/${a.tenant.id}`],
        ['PATCH', `/api/v1/tenants/${a.tenant.id}`, { name: 'pwned' }],
        ['POST', `/api/v1/tenants/${a.tenant.id}/widget-key/rotate`],
        ['POST', `/api/v1/tenants/${a.tenant.id}/identity-secret/rotate`],
        ['GET', `/api/v1/tenants/${a.tenant.id}/identity-secret`],
        ['GET', `/api/v1/agents/${aAgent.id}`],
        ['PATCH', `/api/v1/agents/${aAgent.id}`, { name: 'pwned' }],
        ['GET', `/api/v1/roles/${aRole.id}`],
        ['PATCH', `/api/v1/roles/${aRole.id}`, { name: 'pwned' }],
        ['DELETE', `/api/v1/roles/${aRole.id}`],
        ['DELETE', `/api/v1/api-keys/${aKey.id}`],
      ] as const) {
        const r = await h.json(method, path, { ...as, body });
        expect(r.status, `${method} ${path}`).toBe(404);
      }
    }
    // nothing of A changed, and B's lists never show A's objects
    expect((await h.json('GET', `/api/v1/tenants/${a.tenant.id}`, a.as)).body.name).toBe(a.tenant.name);
    expect((await h.req('GET', '/api/v1/me', { token: aKey.key })).status).toBe(200);
    const bLists = JSON.stringify([
      (await h.json('GET', '/api/v1/agents', b.as)).body,
      (await h.json('GET', '/api/v1/roles', b.as)).body,
      (await h.json('GET', '/api/v1/api-keys', b.as)).body,
      (await h.json('GET', '/api/v1/audit-log', b.as)).body,
    ]);
    for (const id of [a.tenant.id, aAgent.id, aRole.id, aKey.id]) expect(bLists).not.toContain(id);
  });
});
