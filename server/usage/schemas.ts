// Zod schema for GET /usage: this month's tickets, seats and API calls against the plan.
import { z } from '@hono/zod-openapi';

const Meter = z.object({
  used: z.number().int(),
  limit: z.number().int().nullable().openapi({ description: 'null = unlimited' }),
});
export const UsageSchema = z
  .object({
    plan: z.string(),
    period: z.object({ month: z.string().openapi({ example: '2026-03' }), start: z.string(), end: z.string() }),
    tickets: Meter.openapi({ description: 'Tickets created this calendar month (UTC).' }),
    agents: Meter.openapi({ description: 'Agents holding a seat (active or invited).' }),
    apiCalls: z.object({ thisMonth: z.number().int(), today: z.number().int() }),
    storageBytes: Meter.openapi({ description: "Bytes of files kept (attachments), against the plan's storage." }),
    maxFileBytes: z.number().int().openapi({ description: 'The largest file one upload may be on this plan.' }),
  })
  .openapi('Usage');
export type Usage = z.infer<typeof UsageSchema>;
