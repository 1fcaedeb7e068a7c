import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { openDb } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { slugify } from './slug.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('tenant slug and inbound address', () => {
  it('gives a new tenant a slug from its name and an inbound address at INBOUND_DOMAIN', async () => {
    const a = await h.signup({ tenantName: 'Ölfarben & Co.' });
    const b = await h.signup({ tenantName: 'Ölfarben & Co' });
    const got = await h.json('GET', `/api/v1/tenants/${a.tenant.id}`, a.as);
    expect(got.body.slug).toBe('olfarben-and-co');
    expect(got.body.inboundEmail).toBe(`olfarben-and-co@${h.deps.env.INBOUND_DOMAIN}`);
    const other = await h.json('GET', `/api/v1/tenants/${b.tenant.id}`, b.as);
    expect(other.body.slug).toBe('olfarben-and-co-2');
  });

  it('lets the owner change the slug; a taken one is 409 and a bad one 422, changing nothing', async () => {
    const a = await h.signup({ tenantName: 'Acme' });
    const b = await h.signup({ tenantName: 'Bolt' });
    const ok = await h.json('PATCH', `/api/v1/tenants/${a.tenant.id}`, { ...a.as, body: { slug: 'acme-shop' } });
    expect(ok.status).toBe(200);
    expect(ok.body.slug).toBe('acme-shop');
    expect(ok.body.inboundEmail).toMatch(/^acme-shop@/);

    const taken = await h.json('PATCH', `/api/v1/tenants/${b.tenant.id}`, { ...b.as, body: { slug: 'acme-shop' } });
    expect(taken.status).toBe(409);
    for (const slug of ['Acme', 'help', 'postmaster', '-x', 'a--b', 'a b', 'x'.repeat(41), 'ä']) {
      const bad = await h.json('PATCH', `/api/v1/tenants/${b.tenant.id}`, { ...b.as, body: { slug } });
      expect(bad.status, slug).toBe(422);
      expect(bad.body.errors[0].path).toBe('slug');
    }
    const still = await h.json('GET', `/api/v1/tenants/${b.tenant.id}`, b.as);
    expect(still.body.slug).toBe('bolt');
  });

  it('slugifies names that have nothing URL-safe to "tenant"', () => {
    expect(slugify('株式会社')).toBe('tenant');
    expect(slugify('Help')).toBe('tenant');
    expect(slugify('  My   Shop!! ')).toBe('my-shop');
  });
});

describe('the mail foundation migration', () => {
  it('gives existing tenants unique URL-safe slugs', async () => {
    const db = await openDb(':memory:');
    const all = loadMigrations();
    const before = all.filter((m) => m.name < '0009');
    await migrate(db, before);
    const insert = (id: string, name: string) =>
      db.run(
        `INSERT INTO tenants (id, name, plan, status, widget_key, identity_secret, created_at, updated_at)
         VALUES (?, ?, 'starter', 'active', ?, 's', '2026-01-01', '2026-01-01')`,
        [id, name, `hd_pk_${id}`],
      );
    await insert('ten_AAAAAAAAAAAAAAAAone1', 'Acme Shop');
    await insert('ten_BBBBBBBBBBBBBBBBtwo2', 'acme shop');
    await insert('ten_CCCCCCCCCCCCCCCCthr3', '株式会社');
    await insert('ten_DDDDDDDDDDDDDDDDfou4', "Bob's Bikes & Co.");
    await migrate(db, all);
    const rows = await db.all<{ id: string; slug: string }>('SELECT id, slug FROM tenants ORDER BY id');
    expect(rows.map((r) => r.slug)).toEqual([
      'acme-shop',
      'acme-shop-bbbbtwo2',
      'tenant-ccccthr3',
      'bobs-bikes-and-co',
    ]);
    db.close();
  });
});
