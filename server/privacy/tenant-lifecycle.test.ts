// Whole-tenant export and deletion: the streamed archive against its manifest (its memory bound is
// tenant-export-memory.test.ts), cancellation at once with the owner's export and undo still open, the refusals, and the purge
// proof: every column of every table (FTS shadow tables included) and the storage directory hold nothing of the
// purged tenant, while the other tenant is untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { createHarness, sessionCookie, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { INBOUND_ENV } from '../mail/inbound-fixtures.ts';
import { PERSON, scanDatabase, scanDirectory, seedPerson } from './proof-support.ts';
import { PURGE_BATCH, purgeDueTenants } from './tenant-service.ts';
import { runLifecycle } from './lifecycle-worker.ts';

let h: Harness;
afterEach(() => h.close());

const DAY = 24 * 60 * 60 * 1000;

async function exportOf(opts: { cookie?: string; token?: string }, path = '/api/v1/privacy/tenant-export') {
  const res = await h.req('GET', path, opts);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}
const jsonl = (files: Record<string, Uint8Array>, table: string) =>
  strFromU8(files[`tables/${table}.jsonl`]!)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function otherTenantWithFile() {
  const o = await h.signup({ tenantName: 'Neighbour Desk' });
  const made = await h.json('POST', '/api/v1/tickets', {
    ...o.as,
    body: { subject: 'Neighbour asks', message: 'NEIGHBOURmark1', requester: { email: 'n@example.net' } },
  });
  const f = new FormData();
  f.append('file', new Blob(['NEIGHBOURbytes\n']), 'n.txt');
  const up = await h.json('POST', '/api/v1/widget/attachments', {
    headers: { 'x-widget-key': o.tenant.widgetKey },
    form: f,
  });
  expect(up.status).toBe(201);
  return { o, ticketId: made.body.id as string, key: await o.apiKey() };
}

describe('whole-tenant export', () => {
  it("streams every table of the tenant as JSON lines plus its files, checked against the manifest; never another tenant's rows or credentials", async () => {
    h = await createHarness({ env: INBOUND_ENV });
    const t = await h.signup({ tenantName: 'Exported Desk' });
    await seedPerson(h, t);
    const other = await otherTenantWithFile();
    const files = await exportOf(t.as);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(manifest).toMatchObject({ format: 'helpdesk-tenant-export/1', tenantId: t.tenant.id });
    for (const [table, n] of Object.entries(manifest.tables as Record<string, number>))
      expect(jsonl(files, table), table).toHaveLength(n);
    expect(manifest.tables.tickets).toBe(5);
    expect(manifest.tables.ticket_tags).toBeDefined(); // a WITHOUT ROWID table pages by its key
    for (const f of manifest.files) expect(files[f.path]!.byteLength).toBe(f.size);
    expect(manifest.files).toHaveLength(1);
    expect(JSON.parse(strFromU8(files['tenant.json']!))).toMatchObject({ id: t.tenant.id, name: 'Exported Desk' });
    const all = Object.values(files)
      .map((b) => Buffer.from(b).toString('latin1'))
      .join('\n');
    expect(all).toContain(PERSON.marker);
    expect(all).not.toContain('NEIGHBOUR');
    expect(all).not.toContain(other.o.tenant.id);
    expect(all).not.toMatch(/password_hash|token_hash|identity_secret|key_hash/);

    // The platform operator gets the same archive; an unknown tenant is 404; a non-owner is 403.
    const byOperator = await exportOf(h.platform, `/api/v1/tenants/${t.tenant.id}/export`);
    expect(Object.keys(byOperator).sort()).toEqual(Object.keys(files).sort());
    expect((await h.json('GET', '/api/v1/tenants/ten_unknown/export', h.platform)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/privacy/tenant-export', { token: await t.apiKey() })).status).toBe(403);
  });
});

describe('tenant deletion', () => {
  it('cancels at once (everything 403 but the owner’s export and undo), refuses a second request, and undoes', async () => {
    h = await createHarness();
    const t = await h.signup({ tenantName: 'Leaving Desk' });
    const key = await t.apiKey();
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Admin', email: 'admin@example.com', roleId: 'admin', password: 'admin password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'admin@example.com', password: 'admin password 1' },
    });
    const admin = { cookie: sessionCookie(login.res) };
    const path = '/api/v1/privacy/tenant-deletion';
    expect((await h.json('POST', `${path}?confirm=Leaving%20Desk`, admin)).status).toBe(403);
    expect((await h.json('POST', path, t.as)).status).toBe(422);
    const wrong = await h.json('POST', `${path}?confirm=Leaving`, t.as);
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].path).toBe('confirm');
    expect((await h.json('GET', '/api/v1/tickets', { token: key })).status).toBe(200);

    const asked = await h.json('POST', `${path}?confirm=leaving%20desk`, t.as);
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('cancelled');
    expect(new Date(asked.body.purgeAfter).getTime() - new Date(asked.body.requestedAt).getTime()).toBe(30 * DAY);
    expect((await h.json('POST', `${path}?confirm=Leaving%20Desk`, t.as)).status).toBe(409);
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/deletion`, h.platform)).status).toBe(409);

    const refused = await h.json('GET', '/api/v1/tickets', t.as);
    expect(refused.status).toBe(403);
    expect(refused.body.tenantStatus).toBe('cancelled');
    expect((await h.json('GET', '/api/v1/tickets', { token: key })).status).toBe(403);
    expect((await h.json('GET', '/api/v1/privacy/tenant-export', admin)).status).toBe(403);
    expect(
      (await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } })).status,
    ).toBe(403);
    expect((await h.json('GET', path, t.as)).body).toEqual(asked.body);
    expect((await h.req('GET', '/api/v1/privacy/tenant-export', t.as)).status).toBe(200);

    const undone = await h.json('DELETE', path, t.as);
    expect(undone.status).toBe(200);
    expect(undone.body.status).toBe('active');
    expect((await h.json('GET', '/api/v1/tickets', t.as)).status).toBe(200);
    expect((await h.json('DELETE', path, t.as)).status).toBe(404);
    expect((await h.json('GET', path, t.as)).status).toBe(404);
    const actions = await h.db.all<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'tenant.deletion%' ORDER BY seq",
    );
    expect(actions.map((a) => a.action)).toEqual(['tenant.deletion_requested', 'tenant.deletion_undone']);
    // Nothing is purged once undone, even after the grace period.
    h.deps.now = () => new Date(Date.now() + 31 * DAY);
    expect((await purgeDueTenants(h.deps)).purged).toBe(0);
  });

  it("the operator's reactivate undoes a pending deletion (audited), suspend is refused, and nothing is purged", async () => {
    const clock = testClock();
    h = await createHarness({ clock });
    const t = await h.signup({ tenantName: 'Rescued Desk' });
    const path = '/api/v1/privacy/tenant-deletion';
    expect((await h.json('POST', `${path}?confirm=Rescued%20Desk`, t.as)).status).toBe(202);
    const suspend = await h.json('POST', `/api/v1/tenants/${t.tenant.id}/suspend`, h.platform);
    expect(suspend.status).toBe(409);
    expect((await h.json('GET', path, t.as)).status).toBe(200);

    const back = await h.json('POST', `/api/v1/tenants/${t.tenant.id}/reactivate`, h.platform);
    expect(back.status).toBe(200);
    expect(back.body.subscription.status).toBe('active');
    expect((await h.json('GET', path, t.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/tickets', t.as)).status).toBe(200);
    const rows = await h.db.all<{ action: string; details: string | null }>(
      "SELECT action, details FROM audit_log WHERE action LIKE 'tenant.%' AND tenant_id = ? ORDER BY seq",
      [t.tenant.id],
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['tenant.deletion_requested', 'tenant.deletion_undone', 'tenant.reactivated']),
    );
    // The owner may ask again, and the old schedule purges nothing.
    expect((await h.json('POST', `${path}?confirm=Rescued%20Desk`, t.as)).status).toBe(202);
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/reactivate`, h.platform)).status).toBe(200);
    clock.advance(31 * DAY);
    expect((await purgeDueTenants(h.deps)).purged).toBe(0);
    expect(await h.db.get('SELECT status FROM tenants WHERE id = ?', [t.tenant.id])).toEqual({ status: 'active' });
  });

  it('purges after 30 days: zero rows or hits of the tenant in any table, FTS shadow table or the storage, the other tenant untouched', async () => {
    const clock = testClock();
    h = await createHarness({ env: INBOUND_ENV, clock });
    const t: SignedUp = await h.signup({ tenantName: 'Doomed Desk Qzvx', email: 'doomed.owner@example.com' });
    await seedPerson(h, t);
    await h.json('POST', '/api/v1/kb/articles', {
      ...t.as,
      body: { title: `Kettles ${PERSON.marker}`, body: `How to fix ${PERSON.marker}`, status: 'published' },
    });
    const other = await otherTenantWithFile();
    const needles = [
      t.tenant.id,
      'Doomed Desk Qzvx',
      'doomed.owner@example.com',
      t.tenant.widgetKey as string,
      ...[PERSON.email, PERSON.marker],
    ];
    const storage = join(h.dir, 'files');
    expect((await scanDatabase(h, needles)).length).toBeGreaterThan(10);
    expect(scanDirectory(storage, [PERSON.marker]).length).toBeGreaterThan(0);

    const asked = await h.json('POST', `/api/v1/tenants/${t.tenant.id}/deletion`, h.platform);
    expect(asked.status).toBe(202);
    clock.advance(30 * DAY - 1000);
    expect((await purgeDueTenants(h.deps)).purged).toBe(0);
    clock.advance(1000);
    expect((await purgeDueTenants(h.deps)).purged).toBe(1);

    expect(await scanDatabase(h, needles)).toEqual([]);
    expect(scanDirectory(storage, [PERSON.marker, PERSON.name])).toEqual([]);
    // Undo after the purge, or anything else about the tenant: 404.
    expect((await h.json('DELETE', `/api/v1/tenants/${t.tenant.id}/deletion`, h.platform)).status).toBe(404);
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}/export`, h.platform)).status).toBe(404);
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/deletion`, h.platform)).status).toBe(404);

    // The neighbour keeps everything: its ticket, searchable, and its file's bytes.
    const kept = await h.json('GET', `/api/v1/tickets/${other.ticketId}`, { token: other.key });
    expect(kept.status).toBe(200);
    const found = await h.json('GET', '/api/v1/tickets?q=NEIGHBOURmark1', { token: other.key });
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([other.ticketId]);
    expect(scanDirectory(storage, ['NEIGHBOURbytes'])).toHaveLength(1);
  });

  it('purges in bounded batches: a tenant larger than one batch, cut short mid-purge, is finished by the next pass (shared pre-0018 KB index included)', async () => {
    const clock = testClock();
    h = await createHarness({ env: INBOUND_ENV, clock });
    const t = await h.signup({ tenantName: 'Big Desk Wqrt' });
    await seedPerson(h, t);
    const other = await otherTenantWithFile();
    await h.json('POST', '/api/v1/kb/articles', {
      ...t.as,
      body: { title: `Boilers ${PERSON.marker}`, body: `Bleed ${PERSON.marker}`, status: 'published' },
    });
    // As if indexed before migration 0018: its articles in the shared index, no index of its own.
    const own = await h.db.get<{ slot: number }>('SELECT slot FROM kb_search_indexes WHERE tenant_id = ?', [
      t.tenant.id,
    ]);
    await h.db.run(`DROP TABLE kb_fts_${own!.slot}`);
    await h.db.run(`DROP VIEW kb_fts_${own!.slot}_content`);
    await h.db.run('DELETE FROM kb_search_indexes WHERE tenant_id = ?', [t.tenant.id]);
    await h.db.run("INSERT INTO kb_articles_fts (kb_articles_fts) VALUES ('rebuild')");
    // More rows than one batch (PURGE_BATCH) in one table.
    await h.db.run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PURGE_BATCH * 2 + 37})
       INSERT INTO kb_search_misses (tenant_id, locale, query_key, query, misses, last_at)
       SELECT ?, 'en', 'k' || i, ?, 1, '2026-01-01T00:00:00.000Z' FROM n`,
      [t.tenant.id, PERSON.marker],
    );
    const needles = [t.tenant.id, 'Big Desk Wqrt', PERSON.email, PERSON.marker];
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/deletion`, h.platform)).status).toBe(202);
    clock.advance(30 * DAY);

    // A pass cut short (the process dying after a few batches would leave the same state): not finished, the
    // tenant and its deletion row still there, some rows already gone.
    const cut = await purgeDueTenants(h.deps, 5, { maxSteps: 4 });
    expect(cut).toEqual({ purged: 0, unfinished: 1 });
    expect(await h.db.get('SELECT 1 AS x FROM tenant_deletions WHERE tenant_id = ?', [t.tenant.id])).toEqual({ x: 1 });
    expect(await h.db.get('SELECT 1 AS x FROM tenants WHERE id = ?', [t.tenant.id])).toEqual({ x: 1 });

    // The next worker pass finishes it.
    expect(await runLifecycle(h.deps)).toBe(0);
    expect(await h.db.get('SELECT 1 AS x FROM tenants WHERE id = ?', [t.tenant.id])).toBeUndefined();
    expect(await scanDatabase(h, needles)).toEqual([]);
    expect(scanDirectory(join(h.dir, 'files'), [PERSON.marker])).toEqual([]);
    const kept = await h.json('GET', `/api/v1/tickets/${other.ticketId}`, { token: other.key });
    expect(kept.status).toBe(200);
  });
});
