import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { openDb, type Db } from '../db/client.ts';
import { sha256 } from '../lib/crypto.ts';
import { CredentialCache } from './credential-cache.ts';
import { SESSION_TTL_MS } from './sessions.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

const me = (opts: { token?: string; cookie?: string }) => h.json('GET', '/api/v1/me', opts);

describe('credential caches (API key and session → principal)', () => {
  it('serves repeated API-key requests from the cache, and a revoked key is refused on the very next request', async () => {
    const key = await t.apiKey(['tickets:read']);
    expect((await me({ token: key })).status).toBe(200);
    expect((await me({ token: key })).status).toBe(200);
    // the second answer came from the cache: looking the key up again does not load it
    const hash = sha256(key);
    let loads = 0;
    await h.deps.apiKeyPrincipals.get(hash, async () => void loads++);
    expect(loads).toBe(0);

    const id = (await me({ token: key })).body.apiKeyId as string;
    expect((await h.json('DELETE', `/api/v1/api-keys/${id}`, t.as)).status).toBe(204);
    const refused = await me({ token: key });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/invalid or revoked/);
  });

  it('signs a session out at once: the cookie of a logged-out session is refused on the next request', async () => {
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: t.agent.email, password: 'correct horse battery' },
    });
    expect(login.status).toBe(200);
    const cookie = sessionCookie(login.res);
    expect((await me({ cookie })).status).toBe(200);
    expect((await me({ cookie })).status).toBe(200);
    let loads = 0;
    await h.deps.sessionPrincipals.get(sha256(cookie.split('=')[1]), async () => void loads++);
    expect(loads).toBe(0);

    expect((await h.req('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await me({ cookie })).status).toBe(401);
  });

  it('applies a role change and a disabled agent to a cached session at once', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Readers', permissions: ['tickets:read'], ownTicketsOnly: false },
    });
    const agent = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Reader', email: 'reader@example.com', roleId: role.body.id, password: 'reader password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'reader@example.com', password: 'reader password 1' },
    });
    const cookie = sessionCookie(login.res);
    expect((await me({ cookie })).body.permissions).toEqual(['tickets:read']);

    const patched = await h.json('PATCH', `/api/v1/roles/${role.body.id}`, {
      ...t.as,
      body: { permissions: ['tickets:read', 'tickets:update'] },
    });
    expect(patched.status).toBe(200);
    expect((await me({ cookie })).body.permissions).toEqual(['tickets:read', 'tickets:update']);

    // GET /me answers from what the session resolved to, and that follows a rename at once
    const renamed = await h.json('PATCH', `/api/v1/agents/${agent.body.id}`, { ...t.as, body: { name: 'Reader Two' } });
    expect(renamed.status).toBe(200);
    expect((await me({ cookie })).body.agent.name).toBe('Reader Two');

    const disabled = await h.json('PATCH', `/api/v1/agents/${agent.body.id}`, {
      ...t.as,
      body: { status: 'disabled' },
    });
    expect(disabled.status).toBe(200);
    expect((await me({ cookie })).status).toBe(401);
  });

  it('checks a cached session against the clock on every request', async () => {
    const clock = testClock();
    const timed = await createHarness({ clock });
    try {
      const owner = await timed.signup();
      const ask = () => timed.json('GET', '/api/v1/me', { cookie: owner.cookie });
      expect((await ask()).status).toBe(200);
      clock.advance(SESSION_TTL_MS - 1000);
      expect((await ask()).status).toBe(200);
      clock.advance(2000);
      expect((await ask()).status).toBe(401);
    } finally {
      await timed.close();
    }
  });
});

describe('CredentialCache', () => {
  let other: Db;
  beforeEach(async () => {
    other = await openDb(h.dbUrl); // a second process on the same database
  });
  afterEach(() => other.close());

  it('keeps an answer for its time, forgets everything on a commit here, and never stores what a commit overtook', async () => {
    const cache = new CredentialCache<string>(h.db, undefined, 60_000);
    let value = 'first';
    const load = async () => value;
    expect(await cache.get('k', load)).toBe('first');
    value = 'second';
    expect(await cache.get('k', load)).toBe('first'); // another process's change waits for the TTL

    await h.db.tx((tx) => tx.run('UPDATE tenants SET name = name'));
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('k', load)).toBe('second'); // ours applies at once

    // a lookup that read before a commit landed does not keep its (now stale) answer
    value = 'stale';
    const racing = cache.get('r', async () => {
      await h.db.tx((tx) => tx.run('UPDATE tenants SET name = name'));
      await new Promise((r) => setTimeout(r, 0));
      return value;
    });
    expect(await racing).toBe('stale');
    value = 'fresh';
    expect(await cache.get('r', load)).toBe('fresh');

    const short = new CredentialCache<string>(h.db, undefined, 0);
    value = 'a';
    expect(await short.get('k', load)).toBe('a');
    value = 'b';
    expect(await short.get('k', load)).toBe('b');
    cache.close();
    short.close();
  });

  it('lets lookups of one key at the same time share one load, but not across a commit', async () => {
    const cache = new CredentialCache<string>(h.db, undefined, 60_000);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      const n = ++loads;
      await gate;
      return `load ${n}`;
    };
    const first = Array.from({ length: 1000 }, () => cache.get('k', load));
    expect(loads).toBe(1);
    await h.db.tx((tx) => tx.run('UPDATE tenants SET name = name'));
    await new Promise((r) => setTimeout(r, 0));
    const after = cache.get('k', load); // may see the commit's change: not handed the load that began before it
    expect(loads).toBe(2);
    release();
    expect(new Set(await Promise.all(first))).toEqual(new Set(['load 1']));
    expect(await after).toBe('load 2');
    cache.close();
  });
});
