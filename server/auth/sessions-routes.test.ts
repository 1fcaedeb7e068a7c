// An agent's sessions: listed with device, address, method and last seen; one or all others ended at once; an owner
// sees and ends another agent's; deactivating an agent or resetting their password ends them all; across nodes too.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
} from '../test-support/harness.ts';
import { startRedis, type TestRedis } from '../test-support/redis.ts';
import { sseReader } from '../sse/sse-client.ts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let h: Harness;
let t: SignedUp;
const clock = testClock();
beforeEach(async () => {
  clock.set('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup({ email: `owner-${Math.random().toString(36).slice(2)}@example.com` });
});
afterEach(() => h.close());

async function login(email: string, password: string, ua: string, ip: string): Promise<ReqOpts> {
  const r = await h.json('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'user-agent': ua },
    ip,
  });
  expect(r.status).toBe(200);
  return { cookie: sessionCookie(r.res), ip };
}

async function agent(email: string, roleId = 'agent') {
  const r = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name: 'Ada Agent', email, roleId, password: 'agent password 1' },
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

const actions = async () =>
  (await h.json('GET', '/api/v1/audit-log', t.as)).body.data.map((e: { action: string }) => e.action) as string[];

describe('my sessions', () => {
  it('lists each device with address, method, times and which one is this; ends another at once', async () => {
    await agent('ada@example.com');
    const laptop = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const phone = await login('ada@example.com', 'agent password 1', SAFARI, '2001:db8::5');
    const list = await h.json('GET', '/api/v1/me/sessions', laptop);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    const mine = list.body.data.find((s: { current: boolean }) => s.current);
    const other = list.body.data.find((s: { current: boolean }) => !s.current);
    expect(mine).toMatchObject({ device: 'Firefox on Linux', ip: '203.0.113.7', method: 'password' });
    expect(other).toMatchObject({ device: 'Safari on iOS', ip: '2001:db8::5', method: 'password' });
    expect(other.id).toMatch(/^ses_/);
    expect(JSON.stringify(list.body)).not.toContain(phone.cookie!.split('=')[1]);

    expect((await h.req('DELETE', `/api/v1/me/sessions/${other.id}`, laptop)).status).toBe(204);
    // the phone's cookie stops at once; the laptop stays signed in
    expect((await h.json('GET', '/api/v1/me', phone)).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', laptop)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me/sessions', laptop)).body.data).toHaveLength(1);
    // ending it twice is 404
    expect((await h.json('DELETE', `/api/v1/me/sessions/${other.id}`, laptop)).status).toBe(404);
    expect(await actions()).toContain('session.ended');
  });

  it('signs out everywhere else, and ending the current one signs out here', async () => {
    await agent('ada@example.com');
    const a = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const b = await login('ada@example.com', 'agent password 1', SAFARI, '203.0.113.8');
    const c = await login('ada@example.com', 'agent password 1', SAFARI, '203.0.113.9');
    const r = await h.json('POST', '/api/v1/me/sessions/end-others', a);
    expect(r.body).toEqual({ ended: 2 });
    expect((await h.json('GET', '/api/v1/me', b)).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', c)).status).toBe(401);
    const [self] = (await h.json('GET', '/api/v1/me/sessions', a)).body.data;
    const end = await h.req('DELETE', `/api/v1/me/sessions/${self.id}`, a);
    expect(end.status).toBe(204);
    expect(end.headers.get('set-cookie')).toMatch(/hd_session=;/);
    expect((await h.json('GET', '/api/v1/me', a)).status).toBe(401);
    expect(await actions()).toContain('session.ended_others');
  });

  it("cannot end another agent's or another tenant's session through /me: 404, nothing ends", async () => {
    await agent('ada@example.com');
    const ada = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const other = await h.signup();
    const theirs = (await h.json('GET', '/api/v1/me/sessions', other.as)).body.data[0];
    const ownerSession = (await h.json('GET', '/api/v1/me/sessions', t.as)).body.data[0];
    for (const id of [theirs.id, ownerSession.id, 'ses_nope']) {
      const r = await h.json('DELETE', `/api/v1/me/sessions/${id}`, ada);
      expect(r.status).toBe(404);
      expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await h.json('GET', '/api/v1/me', other.as)).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
  });

  it('an API key has no sessions: 400', async () => {
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...h.platform,
      body: { subscription: { plan: 'professional' } },
    });
    const key = await t.apiKey();
    const r = await h.json('GET', '/api/v1/me/sessions', { token: key });
    expect(r.status).toBe(400);
  });

  it('writes last seen at most once a minute', async () => {
    const first = (await h.json('GET', '/api/v1/me/sessions', t.as)).body.data[0];
    expect(first.lastSeenAt).toBe('2026-03-02T10:00:00.000Z');
    clock.advance(30_000);
    expect((await h.json('GET', '/api/v1/me/sessions', t.as)).body.data[0].lastSeenAt).toBe(first.lastSeenAt);
    clock.advance(31_000);
    await h.json('GET', '/api/v1/me', t.as);
    expect((await h.json('GET', '/api/v1/me/sessions', t.as)).body.data[0].lastSeenAt).toBe('2026-03-02T10:01:01.000Z');
  });
});

describe('an open event stream', () => {
  it('ends when its session is ended, and streams nothing after', async () => {
    await agent('ada@example.com');
    const phone = await login('ada@example.com', 'agent password 1', SAFARI, '203.0.113.8');
    const laptop = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const res = await h.req('GET', '/api/v1/events', phone);
    expect(res.status).toBe(200);
    const stream = sseReader(res);
    try {
      const created = await h.json('POST', '/api/v1/tickets', {
        ...t.as,
        body: { subject: 'First', message: 'Hello', requester: { email: 'ria@example.com' } },
      });
      expect((await stream.next((e) => e.event === 'ticket.created')).data).toContain(created.body.id);
      expect((await h.json('POST', '/api/v1/me/sessions/end-others', laptop)).body).toEqual({ ended: 1 });
      await h.json('POST', '/api/v1/tickets', {
        ...t.as,
        body: { subject: 'Second', message: 'Hello', requester: { email: 'ria@example.com' } },
      });
      await expect(stream.next((e) => e.event === 'ticket.created')).rejects.toThrow('stream ended');
      expect(stream.raw).not.toContain('Second');
    } finally {
      await stream.close();
    }
  });
});

describe("another agent's sessions", () => {
  it('the owner lists and ends them; an agent without agents:update cannot; nobody reaches another tenant', async () => {
    const id = await agent('ada@example.com');
    const a = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const b = await login('ada@example.com', 'agent password 1', SAFARI, '203.0.113.8');
    const list = await h.json('GET', `/api/v1/agents/${id}/sessions`, t.as);
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data.every((s: { current: boolean }) => !s.current)).toBe(true);
    // Ada herself may not look at the owner's
    expect((await h.json('GET', `/api/v1/agents/${t.agent.id}/sessions`, a)).status).toBe(403);
    // another tenant's owner sees nothing of hers
    const other = await h.signup();
    expect((await h.json('GET', `/api/v1/agents/${id}/sessions`, other.as)).status).toBe(404);
    expect((await h.json('DELETE', `/api/v1/agents/${id}/sessions`, other.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/me', a)).status).toBe(200);

    const one = list.body.data.find((s: { ip: string }) => s.ip === '203.0.113.8');
    expect((await h.req('DELETE', `/api/v1/agents/${id}/sessions/${one.id}`, t.as)).status).toBe(204);
    expect((await h.json('GET', '/api/v1/me', b)).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', a)).status).toBe(200);
    const all = await h.json('DELETE', `/api/v1/agents/${id}/sessions`, t.as);
    expect(all.body).toEqual({ ended: 1 });
    expect((await h.json('GET', '/api/v1/me', a)).status).toBe(401);
    const audit = await h.json('GET', '/api/v1/audit-log?action=session.ended_all', t.as);
    expect(audit.body.data[0]).toMatchObject({ targetId: id, details: { ended: 1 } });
  });

  it('an admin cannot end the owner’s sessions (only an owner acts on owners)', async () => {
    await agent('root@example.com', 'admin');
    const admin = await login('root@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    const r = await h.json('DELETE', `/api/v1/agents/${t.agent.id}/sessions`, admin);
    expect(r.status).toBe(403);
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
  });

  it('deactivating an agent or resetting their password ends every session of theirs', async () => {
    const id = await agent('ada@example.com');
    const a = await login('ada@example.com', 'agent password 1', FIREFOX, '203.0.113.7');
    await login('ada@example.com', 'agent password 1', SAFARI, '203.0.113.8');
    const link = await h.json('POST', `/api/v1/agents/${id}/password-reset`, t.as);
    const token = new URL(link.body.url.replace('#/', '')).searchParams.get('token')!;
    const reset = await h.json('POST', '/api/v1/auth/reset-password', {
      body: { token, password: 'a new password 2' },
    });
    expect(reset.status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', a)).status).toBe(401);
    // only the session the reset started is left
    expect((await h.json('GET', `/api/v1/agents/${id}/sessions`, t.as)).body.data).toMatchObject([
      { method: 'password-reset' },
    ]);
    const fresh = { cookie: sessionCookie(reset.res) };
    expect((await h.json('PATCH', `/api/v1/agents/${id}`, { ...t.as, body: { status: 'disabled' } })).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me', fresh)).status).toBe(401);
    expect((await h.json('GET', `/api/v1/agents/${id}/sessions`, t.as)).body.data).toEqual([]);
  });
});

describe('across nodes', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('a session ended on one node stops working on another at once (the commit crosses through Redis)', async () => {
    const a = await createHarness({ env: { REDIS_URL: redis.url } });
    const b = await createHarness({ env: { REDIS_URL: redis.url }, dbUrl: a.dbUrl });
    try {
      await Promise.all([a.deps.cluster.ready(), b.deps.cluster.ready()]);
      const owner = await a.signup();
      const second = await a.json('POST', '/api/v1/auth/login', {
        body: { email: owner.agent.email, password: 'correct horse battery' },
      });
      const other = { cookie: sessionCookie(second.res) };
      // node B has it in its credential cache
      expect((await b.json('GET', '/api/v1/me', other)).status).toBe(200);
      expect((await a.json('POST', '/api/v1/me/sessions/end-others', owner.as)).body).toEqual({ ended: 1 });
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 500) {
        status = (await b.json('GET', '/api/v1/me', other)).status;
        if (status === 200) await new Promise((r) => setTimeout(r, 10));
      }
      // well inside the cache's 1 s lifetime: the wake-up, not the expiry, emptied it
      expect(status).toBe(401);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
