// Custom ticket field definitions of a tenant: the rows.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { CustomField, FieldType } from './schemas.ts';

interface FieldRow {
  id: string;
  key: string;
  label: string;
  type: FieldType;
  required: number;
  options: string;
  position: number;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: FieldRow): CustomField => ({
  id: r.id,
  key: r.key,
  label: r.label,
  type: r.type,
  required: r.required === 1,
  options: parseJson(r.options, []),
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listFields(q: Queryable, tenantId: string): Promise<CustomField[]> {
  const rows = await q.all<FieldRow>(
    'SELECT * FROM custom_fields WHERE tenant_id = ? ORDER BY position, created_at, id',
    [tenantId],
  );
  return rows.map(fromRow);
}

export async function getField(q: Queryable, tenantId: string, id: string): Promise<CustomField | undefined> {
  const r = await q.get<FieldRow>('SELECT * FROM custom_fields WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return r && fromRow(r);
}

export async function insertField(
  q: Queryable,
  tenantId: string,
  f: Omit<CustomField, 'createdAt' | 'updatedAt'>,
  now: string,
) {
  await q.run(
    'INSERT INTO custom_fields (id, tenant_id, key, label, type, required, options, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [f.id, tenantId, f.key, f.label, f.type, f.required ? 1 : 0, JSON.stringify(f.options), f.position, now, now],
  );
}

export async function updateField(q: Queryable, tenantId: string, f: CustomField, now: string) {
  await q.run(
    'UPDATE custom_fields SET label = ?, required = ?, options = ?, position = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [f.label, f.required ? 1 : 0, JSON.stringify(f.options), f.position, now, tenantId, f.id],
  );
}

export async function deleteField(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM custom_fields WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}
