// Zod schemas for tickets and messages: the public shapes, and what creates, updates and list filters accept.
import { z } from '@hono/zod-openapi';
import { SURROGATE_MESSAGE, text, wellFormed, withoutControls } from '../lib/text.ts';
import { PRIORITIES } from '../sla/schemas.ts';
import { CustomFieldValuesSchema } from '../custom-fields/schemas.ts';
import { PageQuerySchema } from '../lib/pagination.ts';
import { VIEW_IDS } from './views.ts';
import { AttachmentIdsSchema, AttachmentSchema } from '../files/schemas.ts';

export const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export { PRIORITIES };
export const CHANNELS = ['widget', 'api', 'inbox', 'email', 'phone', 'chat'] as const;
export const MAX_BODY_BYTES = 50 * 1024;

export const SubjectSchema = text({ max: 250, nonEmpty: 'must not be empty' });
export const MessageBodySchema = withoutControls(z.string(), true)
  .refine((s) => s.trim().length > 0, 'must not be empty')
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_BODY_BYTES, 'must be at most 50 KB')
  .openapi({ description: 'Plain text, stored as given and never rendered as HTML. At most 50 KB.' });
export const EmailSchema = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
// `\s` means different things in other regex engines, so the documented pattern names the space and the
// control characters (tab, line breaks) only; the server refuses Unicode spaces too.
const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .refine(
    // eslint-disable-next-line no-control-regex -- tags refuse control characters on purpose
    (tag) => /^[^\s\u0000-\u001f,<>"'`]+$/.test(tag),
    'must be a short word without spaces, commas, quotes or control characters',
  )
  .refine(wellFormed, SURROGATE_MESSAGE)
  .openapi({ pattern: '^[^ \\u0000-\\u001f,<>"\'`]+$' });
export const TagsSchema = z
  .array(TagSchema)
  .max(20)
  .openapi({ description: 'Up to 20 short tags (1–40 characters, no spaces).' });

export const RequesterSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string().nullable() })
  .openapi('Requester');

export const SlaStateSchema = z
  .object({
    firstResponseDueAt: z.string().nullable(),
    resolutionDueAt: z.string().nullable(),
    firstResponseBreached: z.boolean(),
    resolutionBreached: z.boolean(),
    nextDueAt: z.string().nullable().openapi({ description: 'The deadline still running, if any.' }),
  })
  .openapi('TicketSla');

export const SatisfactionSchema = z
  .object({ rating: z.enum(['good', 'bad']), comment: z.string().nullable(), ratedAt: z.string() })
  .openapi('Satisfaction');
export type Satisfaction = z.infer<typeof SatisfactionSchema>;
export const TicketSnoozeSchema = z
  .object({
    until: z
      .union([z.string(), z.null()])
      .openapi({ description: 'When it comes back; null: when the customer replies.' }),
    untilReply: z.boolean(),
  })
  .openapi('TicketSnooze');

export const TicketSchema = z
  .object({
    id: z.string().openapi({ example: 'tkt_…' }),
    number: z.number().int().openapi({ description: 'Per-tenant ticket number: 1, 2, 3 … without gaps.' }),
    subject: z.string(),
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    channel: z.string(),
    requester: RequesterSchema,
    assigneeId: z.string().nullable(),
    teamId: z.string().nullable().openapi({ description: 'The team the ticket belongs to (`/teams`), or null.' }),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    firstResponseAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    sla: SlaStateSchema,
    spam: z.boolean().openapi({
      description:
        'Failed spam signals: in no view, count, report or webhook until released with `POST /tickets/{id}/not-spam`.',
    }),
    snooze: z.union([TicketSnoozeSchema, z.null()]).openapi({
      description:
        'Set while the ticket is snoozed (`POST /tickets/{id}/snooze`): out of the open views until `until` passes or, with `untilReply`, until the customer replies (a customer reply wakes either kind).',
    }),
    followUpOf: z.string().nullable().openapi({
      description:
        'The id of the closed ticket this one follows up: a customer who writes again (by email) after a ticket was closed gets a new ticket that links the old one here.',
    }),
    mergedInto: z.string().nullable().openapi({
      description:
        'The id of the ticket this one was merged into (`POST /tickets/{id}/merge`); a merged ticket is closed.',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    satisfaction: SatisfactionSchema.nullable().openapi({
      description: "The requester's rating of this resolution (CSAT), or null.",
    }),
  })
  .openapi('Ticket');
export type Ticket = z.infer<typeof TicketSchema>;

export const AuthorSchema = z
  .object({
    type: z.enum(['agent', 'customer', 'api', 'system']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  })
  .openapi('MessageAuthor');
export type Author = z.infer<typeof AuthorSchema>;

export const MessageSchema = z
  .object({
    id: z.string().openapi({ example: 'msg_…' }),
    ticketId: z.string(),
    body: z.string(),
    internal: z.boolean().openapi({ description: 'Internal notes are seen by agents only.' }),
    author: AuthorSchema,
    attachments: z.array(AttachmentSchema),
    createdAt: z.string(),
  })
  .openapi('Message');
export type Message = z.infer<typeof MessageSchema>;

const TicketRefSchema = z.object({ id: z.string(), number: z.number().int(), subject: z.string() });

export const TicketMergeSchema = z
  .object({
    id: z.string().openapi({ example: 'mrg_…' }),
    target: TicketRefSchema,
    sources: z.array(TicketRefSchema),
    mergedAt: z.string(),
    undoUntil: z.string().openapi({ description: 'Until then `POST /tickets/{id}/unmerge` on the target undoes it.' }),
  })
  .openapi('TicketMerge');
export type TicketMerge = z.infer<typeof TicketMergeSchema>;

export const TicketWithThreadSchema = TicketSchema.extend({
  messages: z.array(MessageSchema),
  merges: z.array(TicketMergeSchema).openapi({
    description: 'The merges (not undone) this ticket took part in, as target or source, newest first.',
  }),
}).openapi('TicketWithThread');
export type TicketWithThread = z.infer<typeof TicketWithThreadSchema>;

export const CreateTicketBody = z
  .object({
    subject: SubjectSchema,
    message: MessageBodySchema,
    requester: z.object({ email: EmailSchema, name: text({ max: 120, nonEmpty: true }).optional() }).strict(),
    priority: z.enum(PRIORITIES).optional(),
    status: z.enum(['open', 'pending']).optional(),
    assigneeId: z.string().min(1).max(64).nullable().optional(),
    teamId: z.string().min(1).max(64).nullable().optional(),
    tags: TagsSchema.optional(),
    customFields: CustomFieldValuesSchema.optional(),
    channel: z.enum(CHANNELS).optional(),
    attachmentIds: AttachmentIdsSchema.optional(),
  })
  .strict()
  .openapi('CreateTicket');
export type CreateTicketInput = z.infer<typeof CreateTicketBody>;

export const PatchTicketBody = z
  .object({
    subject: SubjectSchema,
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    assigneeId: z.string().min(1).max(64).nullable(),
    teamId: z.string().min(1).max(64).nullable(),
    tags: TagsSchema,
    customFields: CustomFieldValuesSchema,
    snoozedUntil: z.union([z.iso.datetime({ offset: true }), z.null()]).openapi({
      description: 'Snooze until this time (in the future, at most a year ahead); null wakes the ticket now.',
    }),
  })
  .partial()
  .strict()
  .openapi('UpdateTicket');
export type TicketPatch = z.infer<typeof PatchTicketBody>;

export const BulkBody = z
  .object({
    ids: z.array(z.string().min(1).max(64)).min(1).max(100),
    changes: PatchTicketBody.omit({ subject: true, customFields: true, snoozedUntil: true })
      .extend({ addTags: TagsSchema, removeTags: TagsSchema })
      .partial()
      .strict(),
  })
  .strict()
  .openapi('BulkUpdateTickets');

/** At most this many tickets merge into one at a time. */
export const MAX_MERGE_SOURCES = 20;

export const MergeTicketsBody = z
  .object({
    ticketIds: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MAX_MERGE_SOURCES)
      .openapi({ description: `The tickets merged into this one (1–${MAX_MERGE_SOURCES}).` }),
  })
  .strict()
  .openapi('MergeTickets');

export const TicketIdsBody = z
  .object({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) })
  .strict()
  .openapi('TicketIds');

/** A reply's text: may be empty when the reply is only files (a screenshot says it all). */
export const ReplyTextSchema = withoutControls(z.string(), true)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_BODY_BYTES, 'must be at most 50 KB')
  .openapi({
    description:
      'Plain text, stored as given and never rendered as HTML. At most 50 KB; empty only with attachmentIds.',
  });

/** A reply needs words or files. */
export const needsTextOrFiles = (v: { body: string; attachmentIds?: string[] }, ctx: z.RefinementCtx) => {
  if (!v.body.trim() && !v.attachmentIds?.length)
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'must not be empty (or send attachmentIds)' });
};

export const CreateMessageBody = z
  .object({
    body: ReplyTextSchema,
    internal: z.boolean().default(false),
    attachmentIds: AttachmentIdsSchema.optional(),
    lastSeenMessageId: z.string().min(1).max(64).optional().openapi({
      description:
        'The newest message the writer had seen when they started: a newer message by someone else answers 409 (with `messages`) unless `force` is true.',
    }),
    force: z.boolean().optional().openapi({ description: 'Send even when newer messages arrived.' }),
  })
  .strict()
  .superRefine(needsTextOrFiles)
  .openapi('CreateMessage');

const statusList = new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`);
const priorityList = new RegExp(`^(${PRIORITIES.join('|')})(,(${PRIORITIES.join('|')}))*$`);
const datetime = z.iso.datetime({ offset: true });

export const SORTS = ['updated', 'created', 'priority', 'slaDue'] as const;
export type Sort = (typeof SORTS)[number];

export const ListTicketsQuery = PageQuerySchema.extend({
  view: z.enum(VIEW_IDS).optional().openapi({
    description:
      'One of the inbox views, exactly as `GET /analytics/queue` counts them: `mine` and `unassigned` (open or pending), `open`, `pending`, `resolved` (resolved or closed), `spam` (only spam; every other view leaves it out). Other filters narrow it further.',
  }),
  status: z
    .string()
    .regex(statusList, `must be one or more of ${STATUSES.join(', ')}, comma-separated`)
    .optional(),
  priority: z
    .string()
    .regex(priorityList, `must be one or more of ${PRIORITIES.join(', ')}, comma-separated`)
    .optional(),
  assignee: z.string().min(1).max(64).optional().openapi({ description: '`me`, `unassigned` or an agent id.' }),
  teamId: z.string().min(1).max(64).optional().openapi({ description: 'A team id, or `none` for tickets of no team.' }),
  tag: z.string().min(1).max(40).optional(),
  customerId: z.string().min(1).max(64).optional().openapi({ description: 'Requester (customer id).' }),
  requester: EmailSchema.optional().openapi({ description: 'Requester email (any case).' }),
  createdFrom: datetime.optional(),
  createdTo: datetime.optional(),
  updatedFrom: datetime.optional(),
  updatedTo: datetime.optional(),
  q: z.string().trim().min(1).max(200).optional().openapi({
    description:
      'Search: ticket number (`42`, `#42`), subject, messages, requester name or email, tags. Combines with the other filters (AND).',
  }),
  spam: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '`true` lists only spam (the Spam view); otherwise spam is left out.' }),
  snoozed: z.enum(['true', 'false']).optional().openapi({
    description: '`true` lists only snoozed tickets, `false` only awake ones; absent: both (views decide).',
  }),
  sort: z.enum(SORTS).default('updated'),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .openapi({ description: 'Default: desc, except slaDue (asc: soonest first).' }),
});
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const ActivitySchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    action: z.string().openapi({ example: 'ticket.updated' }),
    actor: AuthorSchema,
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    createdAt: z.string(),
  })
  .openapi('TicketActivity');
export type Activity = z.infer<typeof ActivitySchema>;

/** `POST /tickets/{id}/snooze`: one of a time or "until the customer replies". */
export const MAX_SNOOZE_MS = 366 * 24 * 3600 * 1000;
export const SnoozeBody = z
  .object({
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: 'ISO 8601, in the future, at most a year ahead.', example: '2026-03-03T09:00:00Z' }),
    untilReply: z.literal(true).optional().openapi({ description: 'Snooze until the customer replies.' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.until === undefined) === (v.untilReply === undefined))
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'give exactly one of until or untilReply' });
  })
  .openapi('SnoozeTicket');
export type SnoozeInput = z.infer<typeof SnoozeBody>;

export const WAKE_REASONS = ['time', 'reply', 'manual'] as const;
export const TicketWokenSchema = z
  .object({
    ticketId: z.string(),
    reason: z.enum(WAKE_REASONS).openapi({ description: '`time` passed, the customer replied, or someone woke it.' }),
    wokenBy: z.union([z.string(), z.null()]).openapi({ description: 'The agent who woke it by hand, else null.' }),
    ticket: TicketSchema,
  })
  .openapi('TicketWoken');
export type TicketWoken = z.infer<typeof TicketWokenSchema>;

/** A viewing signal on the agents' stream (`event: viewing`, no `id:`: never replayed). */
export const VIEWING_TTL_MS = 30_000;
export const ViewingSignalSchema = z
  .object({
    ticketId: z.string(),
    agentId: z.string(),
    name: z.union([z.string(), z.null()]),
    viewing: z.boolean(),
    expiresAt: z.union([z.string(), z.null()]),
  })
  .openapi('ViewingSignal');
export type ViewingSignal = z.infer<typeof ViewingSignalSchema>;
export const ViewersSchema = z
  .object({ data: z.array(ViewingSignalSchema.pick({ agentId: true, name: true, expiresAt: true })) })
  .openapi('TicketViewers');
