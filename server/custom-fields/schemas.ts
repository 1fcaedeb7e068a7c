// Zod schemas for custom fields: the definitions as served, the values a ticket carries, and what defines and changes a field.
import { z } from '@hono/zod-openapi';
import { text, withoutControls } from '../lib/text.ts';

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

const Options = z.array(text({ max: 100, nonEmpty: true })).max(100);

export const CreateFieldBody = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lowercase letters, digits or _ and start with a letter'),
    label: text({ max: 100, nonEmpty: true }),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    options: Options.optional().openapi({ description: 'Required for select fields.' }),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .openapi('CreateCustomField');
export type CreateFieldInput = z.infer<typeof CreateFieldBody>;

export const PatchFieldBody = z
  .object({
    label: CreateFieldBody.shape.label,
    required: z.boolean(),
    options: Options,
    position: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict()
  .openapi('UpdateCustomField');
