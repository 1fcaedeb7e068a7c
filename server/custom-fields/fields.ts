// Custom ticket field definitions of a tenant, and the validation every ticket write runs its values through.
import { z } from '@hono/zod-openapi';
import { withoutControls } from '../lib/text.ts';
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { FieldError } from '../lib/problem.ts';

export const FIELD_TYPES = ['text', 'number', 'select', 'checkbox', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CustomFieldSchema = z
  .object({
    id: z.string().openapi({ example: 'fld_…' }),
    key: z.string().openapi({ example: 'order_number', description: "The key used in a ticket's customFields." }),
    label: z.string(),
    type: z.enum(FIELD_TYPES),
    required: z.boolean(),
    options: z.array(z.string()).openapi({ description: 'Choices of a select field.' }),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CustomField');
export type CustomField = z.infer<typeof CustomFieldSchema>;

/** What a ticket may carry: the value of each defined field (null clears an optional one). */
export const CustomFieldValuesSchema = z
  .record(z.string().max(40), z.union([withoutControls(z.string(), true), z.number(), z.boolean(), z.null()]))
  .openapi({ description: "Values keyed by custom field key; checked against the tenant's definitions." });
export type CustomFieldValues = Record<string, string | number | boolean | null>;

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

function checkValue(f: CustomField, v: string | number | boolean): string | null {
  switch (f.type) {
    case 'text':
      return typeof v === 'string' && v.length <= 5000 ? null : 'must be text of at most 5000 characters';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'checkbox':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'select':
      return typeof v === 'string' && f.options.includes(v) ? null : `must be one of: ${f.options.join(', ')}`;
    case 'date':
      return typeof v === 'string' && z.iso.date().safeParse(v).success ? null : 'must be a date like 2026-03-31';
  }
}

/**
 * Checks `values` against the definitions: unknown keys, wrong types and (when `creating`, or when a
 * required field is cleared) missing required values are errors, one per field.
 */
export function validateCustomFields(
  defs: CustomField[],
  values: CustomFieldValues | undefined,
  creating: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, v] of Object.entries(values ?? {})) {
    const def = byKey.get(key);
    const path = `customFields.${key}`;
    if (!def) errors.push({ path, message: 'is not a custom field of this help desk' });
    else if (v === null || v === '') {
      if (def.required) errors.push({ path, message: `${def.label} is required` });
    } else {
      const problem = checkValue(def, v);
      if (problem) errors.push({ path, message: problem });
    }
  }
  if (creating) {
    for (const d of defs) {
      if (d.required && values?.[d.key] === undefined)
        errors.push({ path: `customFields.${d.key}`, message: `${d.label} is required` });
    }
  }
  return errors;
}

/** Stored values after a write: null or empty clears a key. */
export function mergeCustomFields(current: CustomFieldValues, patch: CustomFieldValues | undefined): CustomFieldValues {
  const out = { ...current };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (v === null || v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
