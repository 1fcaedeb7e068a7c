// The event registry: every event type the log carries, its data schema (the shape the API answers with), who may
// see it. Webhook subscriptions, the stream filters, the OpenAPI `webhooks` section and the clients' types derive from it.
import { z } from '@hono/zod-openapi';
import type { Permission } from '../roles/permissions.ts';
import { MessageSchema, TicketSchema, TicketWokenSchema } from '../tickets/schemas.ts';
import { CustomerSchema } from '../customers/schemas.ts';
import { ArticleSchema } from '../kb/schemas.ts';
import { publicMessage, publicTicket, WidgetMessageSchema } from '../widget/ticket-schemas.ts';
import { AttachmentSchema } from '../files/schemas.ts';
import type { WidgetChatEventSchema } from '../chat/schemas.ts';
import { ChatEventSchema, MessageReadEventSchema } from '../chat/schemas.ts';
import { CsatEventSchema } from '../csat/schemas.ts';

export const MessageEventSchema = z.object({ ticketId: z.string(), message: MessageSchema }).openapi('MessageEvent');
export const WidgetMessageEventSchema = z
  .object({ ticketId: z.string(), message: WidgetMessageSchema })
  .openapi('WidgetMessageEvent');

export const AttachmentEventSchema = z
  .object({ ticketId: z.string(), messageId: z.string(), internal: z.boolean(), attachment: AttachmentSchema })
  .openapi('AttachmentEvent');

export const TicketMergeEventSchema = z
  .object({ mergeId: z.string(), ticket: TicketSchema, sources: z.array(TicketSchema) })
  .openapi('TicketMergeEvent');

export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  /** Shown in GET /webhooks/event-types and the OpenAPI document. */
  description: string;
  data: D;
  /** What an agent or API key needs to receive it on GET /events (besides tickets:read for the stream itself). */
  permission: Permission;
  /** The ticket it is about, for ticket-scoped readers (own-tickets agents, visitors); absent: not about a ticket. */
  ticketId?: (data: z.infer<D>) => string;
}

const define = <D extends z.ZodType>(def: EventDefinition<D>) => def;

const ticketEvent = (description: string) =>
  define({ description, data: TicketSchema, permission: 'tickets:read', ticketId: (t) => t.id });

export const EVENTS = {
  'ticket.created': ticketEvent('A ticket was created (data: the ticket).'),
  'ticket.updated': ticketEvent('A ticket changed (data: the ticket after the change).'),
  'ticket.resolved': ticketEvent('A ticket was resolved (data: the ticket).'),
  'ticket.merged': define({
    description:
      'Tickets were merged into one (data: { mergeId, ticket: the target, sources: the merged tickets, now closed }).',
    data: TicketMergeEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticket.id,
  }),
  'ticket.unmerged': define({
    description:
      'A merge was undone (data: { mergeId, ticket: the target, sources: the tickets restored as they were }).',
    data: TicketMergeEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticket.id,
  }),
  'ticket.woken': define({
    description:
      'A snoozed ticket came back to the queue (data: { ticketId, reason: time | reply | manual, wokenBy, ticket }); its assignee is notified.',
    data: TicketWokenSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticketId,
  }),
  'message.created': define({
    description:
      'A reply or internal note was added (data: { ticketId, message }); internal notes only to endpoints that opt in.',
    data: MessageEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticketId,
  }),
  'attachment.scanned': define({
    description:
      'The virus scanner finished with a file on a message (data: { ticketId, messageId, internal, attachment }): `ready` to download, or `infected` (quarantined). Files on internal notes only to endpoints that opt in.',
    data: AttachmentEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticketId,
  }),
  'message.read': define({
    description:
      'A read receipt (data: { ticketId, side, upTo, readAt }): the agents (side agent) or the visitor (side visitor) read the thread up to message upTo.',
    data: MessageReadEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticketId,
  }),
  'chat.updated': define({
    description:
      'A live chat was queued, assigned, moved to another page, or ended (data: { ticketId, chat, agentName }); the ticket itself changes through ticket.* events.',
    data: ChatEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticketId,
  }),
  'csat.submitted': define({
    description:
      'A requester rated a resolved ticket "How did we do?" (data: { rating good | bad, comment, ratedAt, ticket }); a changed rating sends it again.',
    data: CsatEventSchema,
    permission: 'tickets:read',
    ticketId: (d) => d.ticket.id,
  }),
  'customer.created': define({
    description: 'A customer was created (data: the customer).',
    data: CustomerSchema,
    permission: 'customers:read',
  }),
  'kb.article.published': define({
    description: 'A knowledge base article was published (data: the article).',
    data: ArticleSchema,
    permission: 'kb:read',
  }),
};

export type EventType = keyof typeof EVENTS;
export type EventData<T extends EventType> = z.infer<(typeof EVENTS)[T]['data']>;
/** Event type → data, as GET /events sends it and webhooks deliver it (the inbox imports this type). */
export type EventMap = { [T in EventType]: EventData<T> };

export const EVENT_TYPES = Object.keys(EVENTS) as [EventType, ...EventType[]];

/** The definition of a stored event's type; undefined for a type this version does not know (written by a newer one). */
export const eventDefinition = (type: string): EventDefinition | undefined =>
  (EVENTS as Record<string, EventDefinition>)[type];

/**
 * What a visitor's stream (GET /widget/events) sends of each event about one of their tickets: a public
 * projection, null to send nothing (internal notes). Event types not listed never reach a visitor.
 */
export const WIDGET_EVENTS = {
  'ticket.created': publicTicket,
  'ticket.updated': publicTicket,
  'ticket.resolved': publicTicket,
  'message.created': ({
    ticketId,
    message,
  }: EventData<'message.created'>): z.infer<typeof WidgetMessageEventSchema> | null => {
    const pub = publicMessage(message);
    return pub && { ticketId, message: pub };
  },
  // A visitor hears of a scanned file on a public message only when it passed; a quarantined one never exists for them.
  'attachment.scanned': ({ ticketId, messageId, internal, attachment }: EventData<'attachment.scanned'>) =>
    internal || attachment.status !== 'ready' ? null : { ticketId, messageId, attachment },
  // Visitors receive the agents' receipts on their tickets (their own come back to them only as agents see them).
  'message.read': (d: EventData<'message.read'>) => (d.side === 'agent' ? d : null),
  'chat.updated': ({
    ticketId,
    chat,
    agentName,
  }: EventData<'chat.updated'>): z.infer<typeof WidgetChatEventSchema> => ({
    ticketId,
    chat: { state: chat.state, agentName, agentRead: chat.reads.agent },
  }),
} satisfies { [T in EventType]?: (data: EventData<T>) => unknown };

export type WidgetEventType = keyof typeof WIDGET_EVENTS;
/** Event type → data on the visitor's stream (the widget imports this type). */
export type WidgetEventMap = { [T in WidgetEventType]: NonNullable<ReturnType<(typeof WIDGET_EVENTS)[T]>> };

/** The visitor's projection of an event, or null when none of it may reach a visitor. */
export function widgetProjection(type: string, data: unknown): unknown | null {
  const project = (WIDGET_EVENTS as Record<string, ((d: unknown) => unknown) | undefined>)[type];
  return project ? project(data) : null;
}
