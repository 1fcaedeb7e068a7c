// The validation every ticket write runs its custom field values through, and how a write merges them.
import { z } from '@hono/zod-openapi';
import type { FieldError } from '../lib/problem.ts';
import type { CustomField, CustomFieldValues } from './schemas.ts';

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
