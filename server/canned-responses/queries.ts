// Canned response rows: shared ones (owner_id NULL) and each agent's personal ones; a reader sees shared + their own.
import type { Queryable } from '../db/client.ts';
import type { CannedResponse } from './schemas.ts';

interface Row {
  id: string;
  owner_id: string | null;
  title: string;
  shortcut: string | null;
  body: string;
  created_at: string;
  updated_at: string;
}

const toCanned = (r: Row): CannedResponse => ({
  id: r.id,
  title: r.title,
  shortcut: r.shortcut,
  body: r.body,
  shared: r.owner_id === null,
  ownerId: r.owner_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Who reads: an agent sees the shared responses and their own; an API key (no agent) the shared ones only. */
export type Reader = string | null;

const visible = (reader: Reader) =>
  reader === null
    ? { sql: 'owner_id IS NULL', args: [] }
    : { sql: '(owner_id IS NULL OR owner_id = ?)', args: [reader] };

export async function listCannedResponses(
  q: Queryable,
  tenantId: string,
  reader: Reader,
  scope: 'all' | 'shared' | 'personal',
  after: readonly [string, string] | null,
  limit: number,
): Promise<CannedResponse[]> {
  const where = ['tenant_id = ?'];
  const args: (string | number)[] = [tenantId];
  const v = visible(reader);
  where.push(v.sql);
  args.push(...v.args);
  if (scope === 'shared') where.push('owner_id IS NULL');
  if (scope === 'personal') where.push('owner_id IS NOT NULL');
  if (after) {
    where.push('(created_at, id) > (?, ?)');
    args.push(after[0], after[1]);
  }
  const rows = await q.all<Row>(
    `SELECT * FROM canned_responses WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`,
    [...args, limit + 1],
  );
  return rows.map(toCanned);
}

export async function getCannedResponse(
  q: Queryable,
  tenantId: string,
  reader: Reader,
  id: string,
): Promise<CannedResponse | undefined> {
  const v = visible(reader);
  const row = await q.get<Row>(`SELECT * FROM canned_responses WHERE tenant_id = ? AND id = ? AND ${v.sql}`, [
    tenantId,
    id,
    ...v.args,
  ]);
  return row ? toCanned(row) : undefined;
}

export async function insertCannedResponse(
  q: Queryable,
  tenantId: string,
  r: { id: string; ownerId: string | null; title: string; shortcut: string | null; body: string; now: string },
) {
  await q.run(
    `INSERT INTO canned_responses (id, tenant_id, owner_id, title, shortcut, body, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.id, tenantId, r.ownerId, r.title, r.shortcut, r.body, r.now, r.now],
  );
}

export async function saveCannedResponse(
  q: Queryable,
  tenantId: string,
  r: { id: string; title: string; shortcut: string | null; body: string; now: string },
) {
  await q.run(
    'UPDATE canned_responses SET title = ?, shortcut = ?, body = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [r.title, r.shortcut, r.body, r.now, tenantId, r.id],
  );
}

export async function deleteCannedResponseRow(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM canned_responses WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}
