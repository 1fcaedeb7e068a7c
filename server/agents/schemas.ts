// Zod schemas for agents as served by the API.
import { z } from '@hono/zod-openapi';
import { OwnerSchema } from '../tenants/schemas.ts';
import { PasswordSchema } from '../auth/password-policy.ts';

export const AgentSchema = z
  .object({
    id: z.string().openapi({ example: 'agt_…' }),
    email: z.string(),
    name: z.string(),
    roleId: z.string().openapi({ description: 'owner | admin | agent | viewer or a custom role id (rol_…)' }),
    status: z.enum(['active', 'invited', 'disabled']),
    maxOpenTickets: z.number().int().nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Agent');

export const CreateAgentBody = z
  .object({
    name: OwnerSchema.shape.name,
    email: OwnerSchema.shape.email,
    roleId: z.string().min(1).max(64).default('agent'),
    password: PasswordSchema.optional().openapi({
      description:
        'Set a password now (the rules of every new password apply); omit to get an invitation link instead.',
    }),
    maxOpenTickets: z.number().int().min(1).max(10_000).nullable().optional(),
  })
  .strict()
  .openapi('CreateAgent');
export type CreateAgentInput = z.infer<typeof CreateAgentBody>;

export const UpdateAgentBody = z
  .object({
    name: OwnerSchema.shape.name,
    roleId: z.string().min(1).max(64),
    status: z.enum(['active', 'disabled']),
    maxOpenTickets: z.number().int().min(1).max(10_000).nullable(),
  })
  .partial()
  .strict()
  .openapi('UpdateAgent');
export type UpdateAgentInput = z.infer<typeof UpdateAgentBody>;
