// Zod schemas for defining and changing custom fields.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { FIELD_TYPES } from './fields.ts';

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
