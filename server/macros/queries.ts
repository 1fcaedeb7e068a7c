// Macro rows of a tenant; the actions are one JSON column.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { Macro, MacroActions } from './schemas.ts';

interface Row {
  id: string;
  name: string;
  actions: string;
  created_at: string;
  updated_at: string;
}

const toMacro = (r: Row): Macro => ({
  id: r.id,
  name: r.name,
  actions: parseJson<MacroActions>(r.actions, {}),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listMacros(
  q: Queryable,
  tenantId: string,
  after: readonly [string, string] | null,
  limit: number,
): Promise<Macro[]> {
  const rows = after
    ? await q.all<Row>(
        'SELECT * FROM macros WHERE tenant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
        [tenantId, after[0], after[1], limit + 1],
      )
    : await q.all<Row>('SELECT * FROM macros WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?', [
        tenantId,
        limit + 1,
      ]);
  return rows.map(toMacro);
}

export async function getMacro(q: Queryable, tenantId: string, id: string): Promise<Macro | undefined> {
  const row = await q.get<Row>('SELECT * FROM macros WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row ? toMacro(row) : undefined;
}

export async function macroNameTaken(q: Queryable, tenantId: string, name: string, exceptId = ''): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM macros WHERE tenant_id = ? AND name = ? COLLATE NOCASE AND id != ?', [
    tenantId,
    name,
    exceptId,
  ]));
}

export async function insertMacro(
  q: Queryable,
  tenantId: string,
  m: { id: string; name: string; actions: MacroActions; now: string },
) {
  await q.run('INSERT INTO macros (id, tenant_id, name, actions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [
    m.id,
    tenantId,
    m.name,
    JSON.stringify(m.actions),
    m.now,
    m.now,
  ]);
}

export async function saveMacro(
  q: Queryable,
  tenantId: string,
  m: { id: string; name: string; actions: MacroActions; now: string },
) {
  await q.run('UPDATE macros SET name = ?, actions = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
    m.name,
    JSON.stringify(m.actions),
    m.now,
    tenantId,
    m.id,
  ]);
}

export async function deleteMacroRow(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM macros WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}
