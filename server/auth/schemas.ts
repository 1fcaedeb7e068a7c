// Zod schema for GET /me: who is calling, in which tenant, with which role and permissions.
import { z } from '@hono/zod-openapi';
import { AgentSchema } from '../agents/schemas.ts';
import { TenantSchema } from '../tenants/schemas.ts';

export const MeAnswer = z
  .object({
    // Not AgentSchema.nullable(): on a registered schema that becomes allOf [Agent, {type: [object, null]}], which forbids null.
    agent: z.union([AgentSchema, z.null()]).openapi({ description: 'null when the caller is an API key' }),
    apiKeyId: z.string().nullable(),
    tenant: TenantSchema,
    role: z.object({ id: z.string(), name: z.string(), ownTicketsOnly: z.boolean() }).nullable(),
    permissions: z.array(z.string()),
    closedByBilling: z.boolean().openapi({
      description:
        'true when billing (Stripe on) closed this suspended or cancelled account: its owner opens it again by paying under Account → Plan & billing. false while active, or when the operator (or the owner, by deleting it) closed it.',
    }),
  })
  .openapi('Me');
export type Me = z.infer<typeof MeAnswer>;
