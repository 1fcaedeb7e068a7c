import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const URL_OK = 'http://127.0.0.1:9/hooks';

describe('webhook endpoints API', () => {
  it('creates an endpoint showing the whsec_ secret once, then lists and reads it without the secret', async () => {
    const t = await h.signup();
    const r = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: URL_OK, events: ['ticket.created', 'message.created'], description: 'CRM sync' },
    });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(r.body.secret.slice(6), 'base64')).toHaveLength(24);
    expect(r.body).toMatchObject({
      url: URL_OK,
      events: ['ticket.created', 'message.created'],
      active: true,
      includeInternalNotes: false,
      description: 'CRM sync',
    });
    expect(r.body.id).toMatch(/^wh_/);

    const list = await h.json('GET', '/api/v1/webhooks', t.as);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.nextCursor).toBeNull();
    const one = await h.json('GET', `/api/v1/webhooks/${r.body.id}`, t.as);
    expect(one.status).toBe(200);
    expect(JSON.stringify([list.body, one.body])).not.toContain(r.body.secret);
    expect(one.body.secretHint).toBe(r.body.secret.slice(0, 10) + '…');

    const audit = await h.json('GET', '/api/v1/audit-log?action=webhook.created', t.as);
    expect(audit.body.data).toHaveLength(1);
  });

  it('answers a retried create with the same Idempotency-Key with the first result', async () => {
    const t = await h.signup();
    const opts = {
      ...t.as,
      body: { url: URL_OK, events: ['ticket.created'] },
      headers: { 'idempotency-key': 'create-hook-1' },
    };
    const a = await h.json('POST', '/api/v1/webhooks', opts);
    const b = await h.json('POST', '/api/v1/webhooks', opts);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await h.json('GET', '/api/v1/webhooks', t.as)).body.data).toHaveLength(1);
  });

  it('documents every webhook route in the OpenAPI document', async () => {
    const doc = (await h.json('GET', '/api/openapi.json')).body;
    for (const path of [
      '/webhooks',
      '/webhooks/{id}',
      '/webhooks/{id}/rotate-secret',
      '/webhooks/{id}/deliveries',
      '/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      '/webhooks/{id}/test',
      '/webhooks/event-types',
    ]) {
      expect(
        Object.keys(doc.paths).some((p) => p.endsWith(path)),
        path,
      ).toBe(true);
    }
  });

  it('pages the list with a stable cursor', async () => {
    const t = await h.signup();
    for (let i = 0; i < 3; i++)
      await h.json('POST', '/api/v1/webhooks', {
        ...t.as,
        body: { url: `${URL_OK}/${i}`, events: ['ticket.created'] },
      });
    const p1 = await h.json('GET', '/api/v1/webhooks?limit=2', t.as);
    expect(p1.body.data).toHaveLength(2);
    const p2 = await h.json('GET', `/api/v1/webhooks?limit=2&cursor=${p1.body.nextCursor}`, t.as);
    expect(p2.body.data).toHaveLength(1);
    expect(p2.body.nextCursor).toBeNull();
    expect(new Set([...p1.body.data, ...p2.body.data].map((w: { url: string }) => w.url)).size).toBe(3);
  });

  it('refuses a non-http(s) URL, an unknown event, an empty event list and unknown fields with 422 per field', async () => {
    const t = await h.signup();
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/x', events: ['ticket.created'] }, 'url'],
      [{ url: 'javascript:alert(1)', events: ['ticket.created'] }, 'url'],
      [{ url: 'not a url', events: ['ticket.created'] }, 'url'],
      [{ url: URL_OK, events: ['ticket.exploded'] }, 'events.0'],
      [{ url: URL_OK, events: [] }, 'events'],
      [{ url: URL_OK }, 'events'],
      [{ url: URL_OK, events: ['ticket.created'], secret: 'mine' }, '(body)'],
    ];
    for (const [body, path] of cases) {
      const r = await h.json('POST', '/api/v1/webhooks', { ...t.as, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.res.headers.get('content-type')).toBe('application/problem+json');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const unknown = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: URL_OK, events: ['ticket.exploded'] },
    });
    expect(unknown.body.errors[0].message).toContain('ticket.exploded');
    const malformed = await h.json('POST', '/api/v1/webhooks', { ...t.as, rawBody: '{"url":' });
    expect(malformed.status).toBe(400);
    expect((await h.json('GET', '/api/v1/webhooks', t.as)).body.data).toHaveLength(0);
  });

  it('updates fields, refuses bad updates without changing anything, and deletes', async () => {
    const t = await h.signup();
    const { body: wh } = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: URL_OK, events: ['ticket.created'] },
    });
    const bad = await h.json('PATCH', `/api/v1/webhooks/${wh.id}`, {
      ...t.as,
      body: { events: [], url: 'file:///etc/passwd' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['events', 'url']);
    const ok = await h.json('PATCH', `/api/v1/webhooks/${wh.id}`, {
      ...t.as,
      body: { events: ['customer.created', 'kb.article.published'], includeInternalNotes: true, active: false },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      url: URL_OK,
      events: ['customer.created', 'kb.article.published'],
      includeInternalNotes: true,
      active: false,
    });
    expect((await h.req('DELETE', `/api/v1/webhooks/${wh.id}`, t.as)).status).toBe(204);
    expect((await h.req('GET', `/api/v1/webhooks/${wh.id}`, t.as)).status).toBe(404);
  });

  it('lists the event catalogue', async () => {
    const t = await h.signup();
    const r = await h.json('GET', '/api/v1/webhooks/event-types', t.as);
    expect(r.status).toBe(200);
    expect(r.body.data.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'ticket.updated',
        'ticket.resolved',
        'message.created',
        'customer.created',
        'kb.article.published',
      ]),
    );
  });

  it("answers 404 for another tenant's endpoint on every route and changes nothing", async () => {
    const a = await h.signup();
    const b = await h.signup();
    const { body: wh } = await h.json('POST', '/api/v1/webhooks', {
      ...a.as,
      body: { url: URL_OK, events: ['ticket.created'] },
    });
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/webhooks/${wh.id}`],
      ['PATCH', `/api/v1/webhooks/${wh.id}`, { active: false }],
      ['DELETE', `/api/v1/webhooks/${wh.id}`],
      ['POST', `/api/v1/webhooks/${wh.id}/rotate-secret`, {}],
      ['GET', `/api/v1/webhooks/${wh.id}/deliveries`],
      ['POST', `/api/v1/webhooks/${wh.id}/test`],
      ['POST', `/api/v1/webhooks/${wh.id}/deliveries/msg_x/redeliver`],
    ];
    for (const [method, path, body] of calls) {
      const r = await h.json(method, path, { ...b.as, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await h.json('GET', '/api/v1/webhooks', b.as)).body.data).toHaveLength(0);
    const still = await h.json('GET', `/api/v1/webhooks/${wh.id}`, a.as);
    expect(still.body).toMatchObject({ active: true, secretHint: wh.secretHint });
  });

  it('refuses webhooks on the starter plan with 403 naming the plan and the feature', async () => {
    const email = `starter-${Date.now()}@example.com`;
    const made = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'Small Co', plan: 'starter', owner: { name: 'Sam', email, password: 'correct horse battery' } },
    });
    expect(made.status).toBe(201);
    const login = await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'correct horse battery' } });
    const as = { cookie: sessionCookie(login.res) };
    for (const [method, path] of [
      ['POST', '/api/v1/webhooks'],
      ['GET', '/api/v1/webhooks'],
      ['GET', '/api/v1/webhooks/event-types'],
    ]) {
      const r = await h.json(method, path, {
        ...as,
        body: method === 'POST' ? { url: URL_OK, events: ['ticket.created'] } : undefined,
      });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({
        type: 'https://helpdesk.dev/problems/plan-feature',
        plan: 'starter',
        feature: 'webhooks',
      });
      expect(r.body.detail).toMatch(/starter/);
    }
    expect((await h.db.get<{ n: number }>('SELECT count(*) AS n FROM webhook_endpoints'))!.n).toBe(0);
  });

  it('limits API keys to their webhooks scopes', async () => {
    const t = await h.signup();
    const readOnly = await t.apiKey(['webhooks:read']);
    expect((await h.json('GET', '/api/v1/webhooks', { token: readOnly })).status).toBe(200);
    const r = await h.json('POST', '/api/v1/webhooks', {
      token: readOnly,
      body: { url: URL_OK, events: ['ticket.created'] },
    });
    expect(r.status).toBe(403);
    expect(r.body.permission).toBe('webhooks:create');
  });

  it('rotates the secret: the new one is shown once, the old one stays valid for the grace window', async () => {
    const t = await h.signup();
    const { body: wh } = await h.json('POST', '/api/v1/webhooks', {
      ...t.as,
      body: { url: URL_OK, events: ['ticket.created'] },
    });
    const r = await h.json('POST', `/api/v1/webhooks/${wh.id}/rotate-secret`, t.as);
    expect(r.status).toBe(200);
    expect(r.body.secret).toMatch(/^whsec_/);
    expect(r.body.secret).not.toBe(wh.secret);
    expect(Date.parse(r.body.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const bad = await h.json('POST', `/api/v1/webhooks/${wh.id}/rotate-secret`, {
      ...t.as,
      body: { graceSeconds: -1 },
    });
    expect(bad.status).toBe(422);
    const none = await h.json('POST', `/api/v1/webhooks/${wh.id}/rotate-secret`, {
      ...t.as,
      body: { graceSeconds: 0 },
    });
    expect(none.body.previousSecretExpiresAt).toBeNull();
  });
});

describe('SSRF guard at creation', () => {
  let strict: Harness;
  beforeEach(async () => {
    strict = await createHarness({ env: { ALLOW_PRIVATE_WEBHOOKS: '0' } });
  });
  afterEach(() => strict.close());

  it('refuses loopback, private, link-local, CGNAT, metadata, unspecified and IPv6 local/mapped addresses with 422 naming the reason', async () => {
    const t = await strict.signup();
    const cases: [string, RegExp][] = [
      ['http://127.0.0.1:8080/x', /loopback/],
      ['http://localhost/x', /loopback/],
      ['http://2130706433/x', /loopback/],
      ['http://10.1.2.3/x', /private/],
      ['http://192.168.1.10/x', /private/],
      ['http://172.20.0.5/x', /private/],
      ['http://169.254.169.254/latest/meta-data', /metadata/],
      ['http://169.254.10.10/', /link-local/],
      ['http://100.64.1.1/', /carrier-grade NAT/],
      ['http://0.0.0.0/', /unspecified/],
      ['http://[::1]/', /loopback/],
      ['http://[fd12:3456::1]/', /unique local/],
      ['http://[fe80::1]/', /link-local/],
      ['http://[::ffff:127.0.0.1]/', /IPv4-mapped.*loopback/],
      ['http://[::ffff:a9fe:a9fe]/', /IPv4-mapped.*metadata/],
    ];
    for (const [url, reason] of cases) {
      const r = await strict.json('POST', '/api/v1/webhooks', { ...t.as, body: { url, events: ['ticket.created'] } });
      expect(r.status, url).toBe(422);
      expect(r.body.errors[0].path).toBe('url');
      expect(r.body.detail, url).toMatch(reason);
    }
    expect((await strict.json('GET', '/api/v1/webhooks', t.as)).body.data).toHaveLength(0);
  });

  it('refuses a private URL on update too, keeping the old URL', async () => {
    const t = await strict.signup();
    await strict.db.run(
      "INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret, cursor_seq, created_at, updated_at) VALUES ('wh_pub', ?, 'https://93.184.215.14/x', '[\"ticket.created\"]', 'whsec_AAAA', 0, '2026-01-01', '2026-01-01')",
      [t.tenant.id],
    );
    const r = await strict.json('PATCH', '/api/v1/webhooks/wh_pub', { ...t.as, body: { url: 'http://10.0.0.1/x' } });
    expect(r.status).toBe(422);
    expect((await strict.json('GET', '/api/v1/webhooks/wh_pub', t.as)).body.url).toBe('https://93.184.215.14/x');
  });
});
