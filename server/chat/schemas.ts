// Live chat shapes: presence, the chat state of a chat ticket, typing signals, read receipts, and the widget's calls.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { httpUrlField } from '../lib/http-url.ts';
import { EmailSchema, MessageBodySchema, TicketSchema } from '../tickets/schemas.ts';
import type { TenantSettings } from '../tenants/schemas.ts';
import { WidgetTicketWithThreadSchema } from '../widget/ticket-schemas.ts';

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/**
 * A heartbeat (the same PUT) holds the status this long; with none, the agent is offline. Two minutes, because a
 * browser slows the timers of a tab hidden for a while to about once a minute (the inbox beats every 30 s).
 */
export const PRESENCE_TTL_MS = 120_000;
/** A typing signal holds this long unless renewed; the server sends the stop itself. */
export const TYPING_TTL_MS = 5_000;

export interface ChatSettings {
  enabled: boolean;
  maxConcurrentChats: number;
  unansweredAfterMinutes: number;
}

export function chatSettings(s: TenantSettings): ChatSettings {
  return {
    enabled: s.chat?.enabled ?? false,
    maxConcurrentChats: s.chat?.maxConcurrentChats ?? 3,
    unansweredAfterMinutes: s.chat?.unansweredAfterMinutes ?? 5,
  };
}

/** Visitors without an email get an address in this reserved domain (RFC 2606): never mailed. */
export const PLACEHOLDER_DOMAIN = 'visitors.invalid';
export const isPlaceholderEmail = (email: string) => email.toLowerCase().endsWith(`@${PLACEHOLDER_DOMAIN}`);

export const AvailabilityBody = z
  .object({
    status: z.enum(PRESENCE_STATUSES).openapi({
      description:
        'online: takes chats; away: keeps current chats, gets no new ones; offline. Send it again at least every 60 s as a heartbeat, or the status lapses to offline.',
    }),
  })
  .strict()
  .openapi('AvailabilityUpdate', { example: { status: 'online' } });

export const AvailabilitySchema = z
  .object({
    status: z.enum(PRESENCE_STATUSES),
    expiresAt: z
      .union([z.string(), z.null()])
      .openapi({ description: 'When the status lapses to offline without another heartbeat.' }),
  })
  .openapi('Availability', { example: { status: 'online', expiresAt: '2026-03-02T10:01:00.000Z' } });

export const AgentAvailabilitySchema = z
  .object({
    agentId: z.string(),
    name: z.string(),
    status: z.enum(PRESENCE_STATUSES),
    activeChats: z.number().int(),
    maxChats: z.number().int(),
  })
  .openapi('AgentAvailability', {
    example: { agentId: 'agt_…', name: 'Ada', status: 'online', activeChats: 1, maxChats: 3 },
  });

export const CHAT_STATES = ['queued', 'active', 'ended'] as const;
export type ChatState = (typeof CHAT_STATES)[number];

const PageSchema = z
  .object({
    // http(s) only: agents open it, so never a javascript: or data: URL.
    url: httpUrlField(2048),
    title: text({ max: 300 }).optional(),
  })
  .strict()
  .openapi('ChatPage');

const UserAgent = text({ max: 500 }).openapi({ description: "The visitor's browser (navigator.userAgent)." });

export const ReadReceiptSchema = z
  .object({ upTo: z.string().openapi({ example: 'msg_…' }), readAt: z.string() })
  .openapi('ReadReceipt');

export const ChatSchema = z
  .object({
    ticketId: z.string(),
    state: z.enum(CHAT_STATES).openapi({
      description: 'queued: waiting for an agent; active: an agent has it; ended: an ordinary ticket from now on.',
    }),
    visitor: z.object({
      page: z.union([z.object({ url: z.string(), title: z.union([z.string(), z.null()]) }), z.null()]),
      userAgent: z.union([z.string(), z.null()]),
      lastSeenAt: z.string(),
    }),
    reads: z.object({
      agent: z.union([ReadReceiptSchema, z.null()]),
      visitor: z.union([ReadReceiptSchema, z.null()]),
    }),
    queuedAt: z.string(),
    assignedAt: z.union([z.string(), z.null()]),
    endedAt: z.union([z.string(), z.null()]),
    endedReason: z.union([z.enum(['agent', 'unanswered', 'visitor_left']), z.null()]),
  })
  .openapi('Chat', {
    example: {
      ticketId: 'tkt_…',
      state: 'active',
      visitor: {
        page: { url: 'https://shop.example.com/checkout', title: 'Checkout' },
        userAgent: 'Mozilla/5.0 …',
        lastSeenAt: '2026-03-02T10:00:30.000Z',
      },
      reads: { agent: { upTo: 'msg_…', readAt: '2026-03-02T10:00:20.000Z' }, visitor: null },
      queuedAt: '2026-03-02T10:00:00.000Z',
      assignedAt: '2026-03-02T10:00:00.000Z',
      endedAt: null,
      endedReason: null,
    },
  });
export type Chat = z.infer<typeof ChatSchema>;

export const LiveChatSchema = z
  .object({
    ticket: TicketSchema,
    chat: ChatSchema,
    unreadCount: z.number().int().openapi({ description: "Visitor messages after the agents' read receipt." }),
  })
  .openapi('LiveChat');

/** What a visitor sees of a chat: its state and who is answering (no internal ids). */
export const WidgetChatSchema = z
  .object({
    state: z.enum(CHAT_STATES),
    agentName: z.union([z.string(), z.null()]),
    agentRead: z.union([ReadReceiptSchema, z.null()]).openapi({ description: 'How far the team has read.' }),
  })
  .openapi('WidgetChat', { example: { state: 'active', agentName: 'Ada', agentRead: null } });

export const WidgetChatStatusSchema = z
  .object({
    enabled: z.boolean().openapi({ description: "The tenant's chat setting." }),
    available: z.boolean().openapi({
      description:
        'Chat is enabled, the team is within business hours and an agent is online (all may be busy: then a new chat waits in the queue).',
    }),
    nextOpenAt: z
      .union([z.string(), z.null()])
      .openapi({ description: 'Outside business hours: when the team is back (ISO time); otherwise null.' }),
  })
  .openapi('WidgetChatStatus', { example: { enabled: true, available: true, nextOpenAt: null } });
export type WidgetChatStatus = z.infer<typeof WidgetChatStatusSchema>;

export const StartChatBody = z
  .object({
    message: MessageBodySchema,
    name: text({ max: 120, nonEmpty: true }).optional(),
    email: EmailSchema.optional().openapi({ description: 'Optional now; ask for it before the team goes away.' }),
    page: PageSchema.optional(),
    userAgent: UserAgent.optional(),
  })
  .strict()
  .openapi('StartChat', {
    example: {
      message: 'Hi! Does the blue kettle ship to Norway?',
      name: 'Ria',
      page: { url: 'https://shop.example.com/kettles/blue', title: 'Blue kettle' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) …',
    },
  });

export const StartedChatSchema = z
  .object({ ticket: WidgetTicketWithThreadSchema, chat: WidgetChatSchema, visitorToken: z.string() })
  .openapi('StartedChat');

export const ChatContactBody = z
  .object({ email: EmailSchema, name: text({ max: 120, nonEmpty: true }).optional() })
  .strict()
  .openapi('ChatContact', { example: { email: 'ria@example.com', name: 'Ria' } });

export const VisitorContextBody = z
  .object({ page: PageSchema.optional(), userAgent: UserAgent.optional() })
  .strict()
  .openapi('ChatVisitorContext', {
    example: { page: { url: 'https://shop.example.com/cart', title: 'Cart' } },
  });

export const EndChatBody = z
  .object({
    status: z.enum(['open', 'pending', 'resolved']).optional().openapi({
      description: 'The ticket afterwards: resolved (default, "end chat"), or open/pending ("keep as ticket").',
    }),
  })
  .strict()
  .openapi('EndChat', { example: { status: 'resolved' } });

export const AgentReadBody = z
  .object({
    upTo: z.string().min(1).max(64).optional().openapi({ description: 'Default: the latest message.' }),
  })
  .strict()
  .openapi('AgentRead', { example: { upTo: 'msg_…' } });

export const VisitorReadBody = z
  .object({
    upTo: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ example: 'msg_…', description: 'Default: the latest message the visitor can see.' }),
  })
  .strict()
  .openapi('VisitorRead');

export const MessageReadEventSchema = z
  .object({
    ticketId: z.string(),
    side: z.enum(['agent', 'visitor']),
    upTo: z.string(),
    readAt: z.string(),
  })
  .openapi('MessageReadEvent');
export type MessageRead = z.infer<typeof MessageReadEventSchema>;

export const ChatEventSchema = z
  .object({ ticketId: z.string(), chat: ChatSchema, agentName: z.union([z.string(), z.null()]) })
  .openapi('ChatEvent');
export const WidgetChatEventSchema = z
  .object({ ticketId: z.string(), chat: WidgetChatSchema })
  .openapi('WidgetChatEvent');

/** A typing signal as both streams send it (`event: typing`, no `id:`: it is never replayed). */
export const TypingSignalSchema = z
  .object({
    ticketId: z.string(),
    side: z.enum(['agent', 'visitor']),
    name: z.union([z.string(), z.null()]),
    agentId: z.string().optional().openapi({
      description: "Which agent is typing (agents' streams only), so two agents on one ticket are told apart.",
    }),
    typing: z.boolean(),
    expiresAt: z
      .union([z.string(), z.null()])
      .openapi({ description: 'The server sends typing: false by then unless renewed.' }),
  })
  .openapi('TypingSignal');
export type TypingSignal = z.infer<typeof TypingSignalSchema>;
