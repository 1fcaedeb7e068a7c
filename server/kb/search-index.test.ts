// Tenant-local search indexes (migration 0018, search-index.ts): each tenant's articles in their own FTS5 table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, searchTitles, type KbTenant } from './test-fixtures.ts';
import { SHARED_INDEX, moveTenantsToOwnIndexes, ownSearchIndex, searchIndexOf } from './search-index.ts';
import { scopeToken } from './search-scope.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const widgetTitles = (t: KbTenant, q: string) =>
  searchTitles(h, `/api/v1/widget/kb/search?q=${encodeURIComponent(q)}`, t.widget);
const indexedRows = async (table: string) =>
  (await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}_docsize`))!.n;
const integrity = (table: string) => h.db.run(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);

/** As a database upgraded to 0018 has it: the tenant's articles in the shared index, no index of its own. */
async function asBefore0018(tenantId: string) {
  const own = (await ownSearchIndex(h.db, tenantId))!;
  await h.db.tx(async (tx) => {
    await tx.run(`DROP TABLE ${own}`);
    await tx.run(`DROP VIEW ${own}_content`);
    await tx.run('DELETE FROM kb_search_indexes WHERE tenant_id = ?', [tenantId]);
    await tx.run(
      `INSERT INTO ${SHARED_INDEX} (rowid, title, body_text, scope) SELECT seq, title, body_text, scope FROM kb_articles WHERE tenant_id = ?`,
      [tenantId],
    );
  });
}

describe('tenant-local search indexes', () => {
  it("indexes each tenant's articles in its own table, holding only that tenant's rows", async () => {
    const a = await kbTenant(h);
    const b = await kbTenant(h);
    await a.article({ title: 'Tent poles', body: 'Replacement poles for every tent.', status: 'published' });
    await a.article({ title: 'Tent pegs', body: 'Pegs for soft ground.', status: 'published' });
    for (let i = 0; i < 5; i++)
      await b.article({ title: `Tent guide ${i}`, body: 'Pitching a tent in wind.', status: 'published' });

    const ta = (await ownSearchIndex(h.db, a.tenant.id))!;
    const tb = (await ownSearchIndex(h.db, b.tenant.id))!;
    expect(ta).toMatch(/^kb_fts_\d+$/);
    expect(tb).toMatch(/^kb_fts_\d+$/);
    expect(ta).not.toBe(tb);
    expect([await indexedRows(ta), await indexedRows(tb)]).toEqual([2, 5]);
    await integrity(ta);
    await integrity(tb);
    expect(await widgetTitles(a, 'tent')).toEqual(['Tent pegs', 'Tent poles']);
    expect((await widgetTitles(b, 'tent')).length).toBe(5);
  });

  it('moves a tenant indexed before 0018 from the shared index to its own on its next article write', async () => {
    const a = await kbTenant(h);
    const stove = await a.article({ title: 'Stove fuel', body: 'Use white gas or kerosene.', status: 'published' });
    await a.article({ title: 'Lantern mantles', body: 'Mantles for gas lanterns.', status: 'published' });
    await a.article({ title: 'Draft notes', body: 'Kerosene storage.', status: 'draft' });
    await asBefore0018(a.tenant.id);
    expect(await searchIndexOf(h.db, a.tenant.id)).toBe(SHARED_INDEX);
    expect(await widgetTitles(a, 'gas')).toEqual(['Lantern mantles', 'Stove fuel']);

    const edited = await h.json('PATCH', `/api/v1/kb/articles/${stove.id}`, {
      ...a.as,
      body: { title: 'Stove fuels', body: 'Use white gas, kerosene or isobutane.' },
    });
    expect(edited.status).toBe(200);
    const moved = await ownSearchIndex(h.db, a.tenant.id);
    expect(moved).toMatch(/^kb_fts_\d+$/);
    expect(await indexedRows(moved!)).toBe(3);
    await integrity(moved!);
    // nothing of the tenant is left in the shared index, which still agrees with what it holds
    const left = await h.db.all(`SELECT rowid FROM ${SHARED_INDEX} WHERE ${SHARED_INDEX} MATCH ?`, [
      `scope : "${scopeToken('tenant', a.tenant.id)}"`,
    ]);
    expect(left).toEqual([]);
    await h.db.run(`INSERT INTO ${SHARED_INDEX} (${SHARED_INDEX}, rank) VALUES ('integrity-check', 0)`);
    expect(await widgetTitles(a, 'isobutane')).toEqual(['Stove fuels']);
    expect(await widgetTitles(a, 'gas')).toEqual(['Lantern mantles', 'Stove fuels']);
    expect(await widgetTitles(a, 'kerosene')).toEqual(['Stove fuels']); // the draft stays out of the widget
  });

  it('moves every tenant still in the shared index to its own at start, without waiting for an article write', async () => {
    const a = await kbTenant(h);
    const b = await kbTenant(h);
    await a.article({ title: 'Stove fuel', body: 'Use white gas or kerosene.', status: 'published' });
    await b.article({ title: 'Gas canisters', body: 'Screw-on gas canisters.', status: 'published' });
    await b.article({ title: 'Tent poles', body: 'Replacement poles.', status: 'published' });
    await asBefore0018(a.tenant.id);
    await asBefore0018(b.tenant.id);
    expect(await searchIndexOf(h.db, a.tenant.id)).toBe(SHARED_INDEX);

    expect(await moveTenantsToOwnIndexes(h.db, new Date())).toBe(2);
    const [ia, ib] = [(await ownSearchIndex(h.db, a.tenant.id))!, (await ownSearchIndex(h.db, b.tenant.id))!];
    expect([await indexedRows(ia), await indexedRows(ib)]).toEqual([1, 2]);
    await integrity(ia);
    await integrity(ib);
    expect(await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${SHARED_INDEX}_docsize`)).toEqual({ n: 0 });
    expect(await widgetTitles(a, 'gas')).toEqual(['Stove fuel']);
    expect(await widgetTitles(b, 'gas')).toEqual(['Gas canisters']);
    expect(await moveTenantsToOwnIndexes(h.db, new Date())).toBe(0);
  });
});
