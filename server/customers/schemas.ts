// Zod schemas for customers as served, created and changed through the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { EmailSchema } from '../tickets/schemas.ts';

export const CustomerSchema = z
  .object({
    id: z.string().openapi({ example: 'cus_…' }),
    email: z.string(),
    name: z.string().nullable(),
    externalId: z
      .string()
      .nullable()
      .openapi({ description: 'Your user id, set when the widget identified this customer.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Customer');
export type Customer = z.infer<typeof CustomerSchema>;

const NameSchema = text({ max: 120, nonEmpty: true });
export const CreateCustomerBody = z
  .object({ email: EmailSchema, name: NameSchema.optional() })
  .strict()
  .openapi('CreateCustomer');
export const PatchCustomerBody = z
  .object({ email: EmailSchema, name: NameSchema.nullable() })
  .partial()
  .strict()
  .openapi('UpdateCustomer');
