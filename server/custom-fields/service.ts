// Custom field use cases: define, change, delete a field (values already on tickets are kept as they are).
import type { Db } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { deleteField, getField, insertField, listFields, updateField } from './queries.ts';
import type { CreateFieldInput, CustomField } from './schemas.ts';

const MAX_FIELDS = 50;

export async function createCustomField(
  db: Db,
  tenantId: string,
  input: CreateFieldInput,
  now: Date,
): Promise<CustomField> {
  if (input.type === 'select' && !input.options?.length)
    throw invalidField('options', 'A select field needs at least one option.');
  if (input.type !== 'select' && input.options?.length)
    throw invalidField('options', 'Only select fields have options.');
  const id = newId('fld');
  const ts = now.toISOString();
  await db.tx(async (tx) => {
    const existing = await listFields(tx, tenantId);
    if (existing.some((f) => f.key === input.key))
      throw conflict(`A custom field with key ${input.key} already exists.`);
    if (existing.length >= MAX_FIELDS)
      throw invalidField('key', `A help desk has at most ${MAX_FIELDS} custom fields.`);
    await insertField(
      tx,
      tenantId,
      {
        id,
        key: input.key,
        label: input.label,
        type: input.type,
        required: input.required,
        options: [...new Set(input.options ?? [])],
        position: input.position ?? existing.length,
      },
      ts,
    );
  });
  return (await getField(db, tenantId, id))!;
}

/** Key and type are fixed; options only on select fields. */
export async function updateCustomField(
  db: Db,
  tenantId: string,
  id: string,
  patch: Partial<Pick<CustomField, 'label' | 'required' | 'options' | 'position'>>,
  now: Date,
): Promise<CustomField> {
  const field = await getField(db, tenantId, id);
  if (!field) throw notFound('Custom field');
  if (patch.options && field.type !== 'select') throw invalidField('options', 'Only select fields have options.');
  if (patch.options && !patch.options.length)
    throw invalidField('options', 'A select field needs at least one option.');
  const next = { ...field, ...patch, options: patch.options ? [...new Set(patch.options)] : field.options };
  await updateField(db, tenantId, next, now.toISOString());
  return (await getField(db, tenantId, id))!;
}

export async function deleteCustomField(db: Db, tenantId: string, id: string): Promise<void> {
  if (!(await getField(db, tenantId, id))) throw notFound('Custom field');
  await deleteField(db, tenantId, id);
}
