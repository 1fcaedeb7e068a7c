// Zod schemas for the analytics answers: the dashboard, the per-day report, the queue counts, and what an export takes.
import { z } from '@hono/zod-openapi';
import { CHANNELS, PRIORITIES } from '../tickets/schemas.ts';

export const DashboardSchema = z
  .object({
    open: z.number().int(),
    pending: z.number().int(),
    unassigned: z.number().int().openapi({ description: 'Open or pending tickets with no assignee.' }),
    createdToday: z.number().int(),
    resolvedToday: z.number().int(),
    medianFirstResponseSeconds: z
      .number()
      .nullable()
      .openapi({ description: 'Over tickets created in the last 30 days that got a first reply.' }),
    slaBreaches: z.number().int().openapi({
      description: 'Tickets created in the last 30 days that missed a first-response or resolution target.',
    }),
    byStatus: z.record(z.string(), z.number().int()),
    byPriority: z
      .record(z.string(), z.number().int())
      .openapi({ description: 'Open and pending tickets per priority.' }),
    since: z.string(),
    today: z.string().openapi({ description: "Start of today in the tenant's time zone." }),
    csat: z
      .object({
        score: z
          .number()
          .nullable()
          .openapi({ description: 'Percent of ratings that are good (0–100), null with none.' }),
        good: z.number().int(),
        bad: z.number().int(),
        responses: z.number().int(),
      })
      .openapi({ description: '"How did we do?" ratings given in the last 30 days (one per resolution).' }),
  })
  .openapi('Dashboard');
export type Dashboard = z.infer<typeof DashboardSchema>;

export const DayFlowSchema = z.object({
  date: z.string(),
  start: z.string(),
  created: z.number().int(),
  resolved: z.number().int(),
});
export type DayFlow = z.infer<typeof DayFlowSchema>;
export const DailyReportSchema = z
  .object({ timezone: z.string(), days: z.array(DayFlowSchema) })
  .openapi('DailyReport');
export type DailyReport = z.infer<typeof DailyReportSchema>;

export const QueueCountsSchema = z
  .object({
    mine: z.number().int(),
    unassigned: z.number().int(),
    open: z.number().int(),
    pending: z.number().int(),
    resolved: z.number().int(),
    spam: z.number().int().openapi({ description: 'Tickets in the Spam view (counted in no other view).' }),
    snoozed: z
      .number()
      .int()
      .openapi({ description: 'Open or pending tickets snoozed (out of the other open views).' }),
  })
  .openapi('QueueCounts');
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const EXPORT_RESOURCES = ['tickets', 'customers'] as const;
export type ExportResource = (typeof EXPORT_RESOURCES)[number];
export const ExportQuery = z.object({
  resource: z.enum(EXPORT_RESOURCES).default('tickets'),
  format: z.enum(['csv', 'json']).default('csv'),
});

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), {
  message: 'must be an ISO 8601 date or date-time, such as 2026-03-01 or 2026-03-01T00:00:00Z',
});

export const MetricsQuery = z
  .object({
    from: isoInstant.openapi({ description: 'Start of the period (inclusive).', example: '2026-03-01' }),
    to: isoInstant.openapi({ description: 'End of the period (exclusive).', example: '2026-04-01' }),
    teamId: z.string().min(1).max(64).optional(),
    agentId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'Responses and resolutions credited to this agent, and their CSAT.' }),
    channel: z.enum(CHANNELS).optional(),
    tag: z.string().min(1).max(64).optional(),
    priority: z.enum(PRIORITIES).optional(),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: '`from` must be before `to`', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 24 * 3600 * 1000, {
    message: 'a period may span at most 400 days',
    path: ['to'],
  });

const Durations = z
  .object({
    count: z.number().int(),
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
    businessMedianSeconds: z.number().nullable(),
    businessP90Seconds: z.number().nullable(),
  })
  .openapi('MetricDurations');

export const MetricsSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    firstResponse: Durations.openapi({
      description: "A person's first public reply, from the ticket's creation; automated replies do not count.",
    }),
    nextResponse: Durations.openapi({
      description: "Every later reply that answered a waiting customer, from the customer's first unanswered message.",
    }),
    resolution: Durations.openapi({
      description: 'Each resolution, from creation or, after a reopen, from the reopen.',
    }),
    waitingOnCustomer: Durations.openapi({ description: 'Each time a ticket spent pending.' }),
    reopens: z.number().int(),
    automatedReplies: z.number().int(),
    sla: z.object({
      compliance: z
        .number()
        .nullable()
        .openapi({ description: 'Percent (0–100) of SLA targets due in the period that were met; null with none.' }),
      met: z.number().int(),
      breached: z.number().int().openapi({ description: 'Met late, or still unmet after the due time.' }),
    }),
    csat: z.object({
      score: z
        .number()
        .nullable()
        .openapi({ description: 'Percent of ratings that are good (0–100), null with none.' }),
      responses: z.number().int(),
      good: z.number().int(),
      bad: z.number().int(),
    }),
  })
  .openapi('Metrics');
export type Metrics = z.infer<typeof MetricsSchema>;
