// Zod schema for GET /usage: the current billing period's usage against the tenant's entitlements.
import { z } from '@hono/zod-openapi';

const Meter = z.object({
  used: z.number().int(),
  limit: z.number().int().nullable().openapi({ description: 'null = unlimited' }),
});
export const UsageSchema = z
  .object({
    plan: z.string(),
    pricing: z.enum(['flat', 'usage']).openapi({
      description: '`usage`: tickets past the allowance are accepted and counted as overage instead of held.',
    }),
    period: z.object({
      month: z.string().openapi({ example: '2026-03', description: 'The UTC month the period starts in.' }),
      start: z.string(),
      end: z.string(),
    }),
    tickets: Meter.extend({
      overage: z.number().int().openapi({ description: 'Of `used`, the tickets accepted past the allowance.' }),
      held: z.number().int().openapi({
        description: "Requesters' messages kept at the reached allowance, shown to agents once it lifts.",
      }),
    }).openapi({ description: 'Tickets counted in this billing period.' }),
    apiCalls: Meter.extend({
      overage: z.number().int().openapi({ description: 'Of `used`, the calls accepted past the allowance.' }),
    }).openapi({
      description:
        'API-key calls in this billing period, what "API calls per month" limits (sign-in sessions and the widget are not counted). Past the limit an API key gets 429 until the next period; on usage pricing the calls are accepted and counted as overage.',
    }),
    storageBytes: Meter.openapi({ description: "Bytes of files kept (attachments), against the plan's storage." }),
    activeAgents: Meter.openapi({
      description: 'Agents who signed in or made a request this period, against the seats.',
    }),
    agents: Meter.openapi({ description: 'Agents holding a seat (active or invited).' }),
    maxFileBytes: z.number().int().openapi({ description: 'The largest file one upload may be on this plan.' }),
  })
  .openapi('Usage');
export type Usage = z.infer<typeof UsageSchema>;
