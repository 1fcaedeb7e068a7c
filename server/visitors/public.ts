// What a visitor may see of a ticket and its messages: no internal notes, tags, assignees or custom fields.
import { z } from '@hono/zod-openapi';
import type { Message, Ticket } from '../tickets/schemas.ts';

export const WidgetMessageSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    body: z.string().openapi({ description: 'Plain text as written; render it as text, never as HTML.' }),
    author: z.object({ type: z.enum(['agent', 'customer']), name: z.string().nullable() }),
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
  })
  .openapi('WidgetTicket');
export type WidgetTicket = z.infer<typeof WidgetTicketSchema>;

export const WidgetTicketWithThreadSchema = WidgetTicketSchema.extend({ messages: z.array(WidgetMessageSchema) }).openapi('WidgetTicketWithThread');
export type WidgetTicketWithThread = z.infer<typeof WidgetTicketWithThreadSchema>;

export const publicTicket = (t: Ticket): WidgetTicket => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  status: t.status,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** Null for internal notes, so a caller cannot forget to drop them. */
export function publicMessage(m: Message): WidgetMessage | null {
  if (m.internal) return null;
  return {
    id: m.id,
    ticketId: m.ticketId,
    body: m.body,
    author: { type: m.author.type === 'customer' ? 'customer' : 'agent', name: m.author.type === 'customer' ? m.author.name : (m.author.name ?? 'Support') },
    createdAt: m.createdAt,
  };
}
