// Zod schemas for the analytics answers: the dashboard, the per-day report, the queue counts, and what an export takes.
import { z } from '@hono/zod-openapi';

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
