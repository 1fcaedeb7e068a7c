// The widget's ticket shapes: what a visitor sends, and what a visitor may see of a ticket and its messages
// (no internal notes, tags, assignees or custom fields).
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { CustomFieldValuesSchema } from '../custom-fields/schemas.ts';
import {
  EmailSchema,
  MessageBodySchema,
  needsTextOrFiles,
  ReplyTextSchema,
  SatisfactionSchema,
  SubjectSchema,
  type Message,
  type Ticket,
} from '../tickets/schemas.ts';
import { AttachmentIdsSchema, AttachmentSchema } from '../files/schemas.ts';

const SpamSignals = {
  website: text({ max: 500 })
    .optional()
    .openapi({ description: 'Honeypot: the widget leaves it empty; filled means a bot.' }),
  elapsedMs: z.number().int().min(0).optional().openapi({ description: 'How long the form was open, in ms.' }),
  startedAt: z.number().int().min(0).optional().openapi({ description: 'When the form was opened (epoch ms).' }),
};

export const WidgetTicketBody = z
  .object({
    subject: SubjectSchema,
    message: MessageBodySchema,
    email: EmailSchema,
    name: text({ max: 120, nonEmpty: true }).optional(),
    customFields: CustomFieldValuesSchema.optional(),
    session: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')
      .optional()
      .openapi({
        description: 'The session sent to /widget/kb/suggest, so "suggested, then filed anyway" is counted.',
      }),
    attachmentIds: AttachmentIdsSchema.optional(),
    ...SpamSignals,
  })
  .strict()
  .openapi('WidgetCreateTicket');

export const WidgetReplyBody = z
  .object({ body: ReplyTextSchema, attachmentIds: AttachmentIdsSchema.optional(), ...SpamSignals })
  .strict()
  .superRefine(needsTextOrFiles)
  .openapi('WidgetReply');

export const IdentifyBody = z
  .object({
    userId: text({ max: 200, nonEmpty: true }),
    email: EmailSchema,
    name: text({ max: 120, nonEmpty: true }).optional(),
    userHash: z
      .string()
      .min(1)
      .max(200)
      .openapi({ description: "Hex HMAC-SHA256 of userId with the tenant's identity secret, made on your server." }),
  })
  .strict()
  .openapi('WidgetIdentify');

export type SpamSignalFields = { website?: string; elapsedMs?: number; startedAt?: number };

/** The visitor's own contact details: what they typed in the form, or what identify sent. */
export const VisitorCustomerSchema = z
  .object({ email: z.string(), name: z.string().nullable() })
  .openapi('VisitorCustomer');

export const WidgetMessageSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    body: z.string().openapi({ description: 'Plain text as written; render it as text, never as HTML.' }),
    author: z.object({ type: z.enum(['agent', 'customer']), name: z.string().nullable() }),
    attachments: z.array(AttachmentSchema).openapi({ description: 'Files on the message (never quarantined ones).' }),
    createdAt: z.string(),
  })
  .openapi('WidgetMessage');
export type WidgetMessage = z.infer<typeof WidgetMessageSchema>;

export const WidgetTicketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    subject: z.string(),
    status: z.enum(['open', 'pending', 'resolved', 'closed']),
    createdAt: z.string(),
    updatedAt: z.string(),
    satisfaction: SatisfactionSchema.nullable().openapi({ description: 'Your rating of this resolution, or null.' }),
  })
  .openapi('WidgetTicket');
export type WidgetTicket = z.infer<typeof WidgetTicketSchema>;

export const WidgetTicketWithThreadSchema = WidgetTicketSchema.extend({
  messages: z.array(WidgetMessageSchema),
}).openapi('WidgetTicketWithThread');
export type WidgetTicketWithThread = z.infer<typeof WidgetTicketWithThreadSchema>;

export const publicTicket = (t: Ticket): WidgetTicket => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  status: t.status,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  satisfaction: t.satisfaction,
});

/** Null for internal notes, so a caller cannot forget to drop them. */
export function publicMessage(m: Message): WidgetMessage | null {
  if (m.internal) return null;
  return {
    id: m.id,
    ticketId: m.ticketId,
    body: m.body,
    author: {
      type: m.author.type === 'customer' ? 'customer' : 'agent',
      name: m.author.type === 'customer' ? m.author.name : (m.author.name ?? 'Support'),
    },
    attachments: m.attachments.filter((a) => a.status !== 'infected'),
    createdAt: m.createdAt,
  };
}
