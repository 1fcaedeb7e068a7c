import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { openDb, type Db } from '../db/client.ts';
import { WidgetKeyCache } from './widget-key-cache.ts';

let h: Harness;
let other: Db;
beforeEach(async () => {
  h = await createHarness();
  other = await openDb(h.dbUrl); // a second process on the same database
});
afterEach(async () => {
  other.close();
  await h.close();
});

describe('WidgetKeyCache', () => {
  it('serves a cached tenant, forgets it on a commit of this process, and refetches after its time', async () => {
    const t = await h.signup();
    const key = t.tenant.widgetKey;
    const cached = new WidgetKeyCache(h.db, undefined, 60_000);
    expect((await cached.tenantFor(key))?.name).toBe(t.tenant.name);

    await other.run('UPDATE tenants SET name = ? WHERE id = ?', ['Renamed elsewhere', t.tenant.id]);
    expect((await cached.tenantFor(key))?.name).toBe(t.tenant.name); // another process's change waits for the TTL
    await h.db.tx((tx) => tx.run('UPDATE tenants SET status = ? WHERE id = ?', ['suspended', t.tenant.id]));
    await new Promise((r) => setTimeout(r, 0));
    expect(await cached.tenantFor(key)).toMatchObject({ name: 'Renamed elsewhere', status: 'suspended' }); // ours applies at once

    const fresh = new WidgetKeyCache(h.db, undefined, 0);
    await fresh.tenantFor(key);
    await other.run('UPDATE tenants SET name = ? WHERE id = ?', ['Again', t.tenant.id]);
    expect((await fresh.tenantFor(key))?.name).toBe('Again');
    cached.close();
    fresh.close();
  });

  it('does not keep an answer read before a commit that happened while it was being read', async () => {
    const t = await h.signup();
    const key = t.tenant.widgetKey;
    let commit = () => {};
    // The lookup starts, a suspension commits while it is in flight, then the stale row arrives.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowDb = {
      ...h.db,
      get: async (...args: Parameters<Db['get']>) => {
        const row = await h.db.get(...args);
        await gate;
        return row;
      },
    } as unknown as Db;
    const racing = new WidgetKeyCache(slowDb, (l) => ((commit = l), () => {}), 60_000);
    const first = racing.tenantFor(key);
    await new Promise((r) => setTimeout(r, 10));
    await h.db.run('UPDATE tenants SET status = ? WHERE id = ?', ['suspended', t.tenant.id]);
    commit();
    release();
    expect((await first)?.status).toBe('active'); // what it read, before the commit
    expect((await racing.tenantFor(key))?.status).toBe('suspended'); // not kept: read again
    racing.close();
  });
});
