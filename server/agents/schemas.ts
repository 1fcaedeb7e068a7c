// Zod schemas for agents as served by the API.
import { z } from '@hono/zod-openapi';

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
