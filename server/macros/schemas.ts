// Zod schemas for macros: named sets of ticket actions applied to one ticket or to ticked tickets.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { PRIORITIES, ReplyTextSchema, STATUSES, TagsSchema, TicketSchema } from '../tickets/schemas.ts';
import { PLACEHOLDER_HELP } from '../canned-responses/placeholders.ts';

const Id = z.string().min(1).max(64);
const ReplyText = ReplyTextSchema.refine((s) => s.trim().length > 0, 'must not be empty');

export const MacroActionsSchema = z
  .object({
    reply: ReplyText.optional().openapi({ description: `A public reply sent to the requester. ${PLACEHOLDER_HELP}` }),
    note: ReplyText.optional().openapi({ description: 'An internal note (agents only); placeholders as in `reply`.' }),
    status: z.enum(STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    tags: TagsSchema.optional().openapi({ description: 'Tags added to the ticket (it keeps its others).' }),
    removeTags: TagsSchema.optional().openapi({ description: 'Tags taken off the ticket.' }),
    teamId: z.union([Id, z.null()]).optional().openapi({ description: 'The team to set; null takes the team off.' }),
    assigneeId: z.union([Id, z.null()]).optional().openapi({ description: 'The agent to assign; null unassigns.' }),
  })
  .strict()
  .openapi('MacroActions');
export type MacroActions = z.infer<typeof MacroActionsSchema>;

const hasAction = (a: MacroActions) => Object.values(a).some((v) => v !== undefined);

export const MacroSchema = z
  .object({
    id: z.string().openapi({ example: 'mac_…' }),
    name: z.string(),
    actions: MacroActionsSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Macro');
export type Macro = z.infer<typeof MacroSchema>;

export const MacroBody = z
  .object({
    name: text({ max: 80, nonEmpty: true }),
    actions: MacroActionsSchema.refine(hasAction, 'must have at least one action'),
  })
  .strict()
  .openapi('MacroInput');
export type MacroInput = z.infer<typeof MacroBody>;

export const MacroPatchBody = MacroBody.partial().strict().openapi('MacroPatch');
export type MacroPatch = z.infer<typeof MacroPatchBody>;

/** The bulk limit of `POST /tickets/bulk`. */
export const MAX_MACRO_TICKETS = 100;

export const ApplyMacroBody = z
  .object({ ticketIds: z.array(Id).min(1).max(MAX_MACRO_TICKETS) })
  .strict()
  .openapi('ApplyMacro');

export const ApplyMacroToTicketBody = z
  .object({ macroId: Id.openapi({ example: 'mac_…' }) })
  .strict()
  .openapi('ApplyMacroToTicket');

export const AppliedSchema = z
  .object({ data: z.array(TicketSchema) })
  .openapi('MacroApplied', { description: 'The tickets after the macro, in the order given.' });
