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

/** The period and filters every report takes; `periodChecked` adds the period's rules to a query built on it. */
export const MetricsFilterFields = z.object({
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
});

const DAY_MS = 24 * 3600 * 1000;
/** The period's rules on any query built on MetricsFilterFields: `from` before `to`, at most 400 days. */
export const periodChecked = <
  S extends z.ZodObject<Pick<typeof MetricsFilterFields.shape, 'from' | 'to'> & z.ZodRawShape>,
>(
  schema: S,
) =>
  schema.superRefine((value, ctx) => {
    const { from, to } = value as { from: string; to: string };
    const span = Date.parse(to) - Date.parse(from);
    if (span <= 0) ctx.addIssue({ code: 'custom', message: '`from` must be before `to`', path: ['to'] });
    else if (span > 400 * DAY_MS)
      ctx.addIssue({ code: 'custom', message: 'a period may span at most 400 days', path: ['to'] });
  });

export const MetricsQuery = periodChecked(MetricsFilterFields);

const Durations = z
  .object({
    count: z.number().int(),
    buckets: z.array(z.object({ upToSeconds: z.number().nullable(), count: z.number().int() })).openapi({
      description: 'Calendar-time distribution: up to 1 h, 4 h, 8 h, 1 day, 3 days, 7 days, and longer (null).',
    }),
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

export const AgentReportRowSchema = z
  .object({
    agentId: z.string(),
    name: z.string(),
    handled: z.number().int().openapi({ description: 'Tickets the agent answered or resolved in the period.' }),
    responses: z
      .number()
      .int()
      .openapi({ description: 'First and next responses (replies that answered a waiting customer).' }),
    resolutions: z.number().int(),
    medianFirstResponseSeconds: z.number().nullable(),
    medianResponseSeconds: z.number().nullable(),
    csat: z.object({ score: z.number().nullable(), good: z.number().int(), bad: z.number().int() }),
  })
  .openapi('AgentReportRow');
export type AgentReportRow = z.infer<typeof AgentReportRowSchema>;

export const HeatmapSchema = z
  .object({
    timezone: z.string(),
    weekdays: z.array(z.string()).openapi({ example: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }),
    counts: z
      .array(z.array(z.number().int()))
      .openapi({ description: 'Tickets created, counts[weekday][hour] (Monday first, hours 0–23 local).' }),
  })
  .openapi('ArrivalHeatmap');

export const DRILL_KINDS = [
  'created',
  'first_response',
  'next_response',
  'resolution',
  'waiting',
  'reopen',
  'automated_reply',
  'sla_breached',
  'sla_first_response_met',
  'sla_first_response_breached',
  'sla_resolution_met',
  'sla_resolution_breached',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export const DrillRowSchema = z
  .object({
    ticketId: z.string(),
    number: z.number().int(),
    subject: z.string(),
    kind: z.string().openapi({
      description:
        'The ledger kind; `sla_first_response_overdue` / `sla_resolution_overdue` for a target still unmet past its due time (`at`).',
    }),
    at: z.string(),
    calendarSeconds: z.number().nullable(),
    businessSeconds: z.number().nullable(),
    agentId: z.string().nullable(),
  })
  .openapi('MetricTicket');
export type DrillRow = z.infer<typeof DrillRowSchema>;

export const LiveTilesSchema = z
  .object({
    at: z.string(),
    openNow: z.number().int().openapi({ description: 'Open and pending tickets.' }),
    oldestWaiting: z
      .object({
        ticketId: z.string(),
        number: z.number().int(),
        subject: z.string(),
        since: z.string(),
        waitingSeconds: z.number().int(),
      })
      .nullable()
      .openapi({ description: 'The oldest open ticket nobody has answered yet (snoozed ones aside).' }),
    breachingWithinHour: z
      .number()
      .int()
      .openapi({ description: 'Open or pending tickets whose next SLA deadline is within the hour.' }),
    breached: z.number().int().openapi({ description: 'Open or pending tickets already past their SLA deadline.' }),
    agentsAvailable: z.number().int().openapi({ description: 'Agents online for live chat now.' }),
    chatsInProgress: z.number().int(),
    chatsQueued: z.number().int(),
  })
  .openapi('LiveTiles');
export type LiveTiles = z.infer<typeof LiveTilesSchema>;

export const SLA_TARGETS = ['first_response', 'resolution'] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];
const SlaFigures = {
  met: z.number().int().openapi({ description: 'Targets reached on time in the period.' }),
  breached: z
    .number()
    .int()
    .openapi({ description: 'Targets reached late in the period, plus those due in the period still unmet now.' }),
  stillOpen: z
    .number()
    .int()
    .openapi({ description: 'Of `breached`: targets due in the period that no reply or resolution reached yet.' }),
  compliance: z.number().nullable().openapi({ description: 'Percent (0–100) met; null with none.' }),
};
export const SlaTargetRowSchema = z
  .object({
    priority: z.enum(PRIORITIES),
    target: z.enum(SLA_TARGETS),
    targetMinutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The policy's target now, in minutes; null when the priority has none any more." }),
    ...SlaFigures,
  })
  .openapi('SlaTargetRow');
export type SlaTargetRow = z.infer<typeof SlaTargetRowSchema>;
const SlaTotals = z.object(SlaFigures);
export const SlaReportSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    targets: z.array(SlaTargetRowSchema).openapi({
      description: 'One row per priority and target that has a policy now or had a target due in the period.',
    }),
    firstResponse: SlaTotals,
    resolution: SlaTotals,
  })
  .openapi('SlaReport');
export type SlaReport = z.infer<typeof SlaReportSchema>;

export const CsatResponseSchema = z
  .object({
    id: z.string(),
    rating: z.enum(['good', 'bad']),
    comment: z.string().nullable(),
    at: z.string().openapi({ description: 'When it was rated.' }),
    ticketId: z.string(),
    number: z.number().int(),
    subject: z.string(),
    agentId: z.string().nullable().openapi({ description: "The ticket's assignee, whom the rating counts for." }),
    agentName: z.string().nullable(),
  })
  .openapi('CsatResponse');
export type CsatResponse = z.infer<typeof CsatResponseSchema>;

export const BacklogDaySchema = z
  .object({
    date: z.string().openapi({ description: 'The local date, YYYY-MM-DD.' }),
    start: z.string(),
    end: z.string(),
    created: z.number().int(),
    resolved: z.number().int().openapi({ description: 'Resolutions that day (a ticket solved twice counts twice).' }),
    reopened: z.number().int(),
    openAtEnd: z
      .number()
      .int()
      .openapi({ description: 'Tickets created and not resolved or closed at the end of the day (pending included).' }),
  })
  .openapi('BacklogDay');
export type BacklogDay = z.infer<typeof BacklogDaySchema>;
export const BacklogSchema = z
  .object({
    timezone: z.string(),
    openAtStart: z.number().int().openapi({ description: 'Open when the first day began.' }),
    days: z.array(BacklogDaySchema),
  })
  .openapi('Backlog');

export const KbDeflectionSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    searches: z.number().int().openapi({ description: 'Searches submitted in the widget.' }),
    articleViews: z.number().int().openapi({ description: 'Articles opened in the widget.' }),
    sessions: z
      .object({
        total: z.number().int(),
        searched: z.number().int(),
        viewed: z.number().int(),
        filedTicket: z.number().int(),
        noTicket: z.number().int().openapi({ description: 'Sessions that searched or viewed and filed no ticket.' }),
      })
      .openapi({
        description: 'Widget sessions (one per ticket form) that searched or opened an article, by when they began.',
      }),
    deflectionRate: z
      .number()
      .nullable()
      .openapi({ description: 'Percent (0–100) of those sessions that filed no ticket; null with none.' }),
    emptySearches: z
      .array(
        z.object({
          query: z.string().openapi({ description: 'The words last typed for this normalised query.' }),
          locale: z.string(),
          count: z.number().int(),
          lastDay: z.string(),
        }),
      )
      .openapi({ description: 'Searches (widget and help centre) that found nothing, most often first.' }),
  })
  .openapi('KbDeflection');
export type KbDeflection = z.infer<typeof KbDeflectionSchema>;
