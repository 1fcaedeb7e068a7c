// Webhook request/response shapes and the event catalogue an endpoint may subscribe to.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { EVENT_TYPES } from '../events/types.ts';

/** Every event type of the registry is subscribable. */
export const EVENT_TYPE_NAMES = EVENT_TYPES;

/** Type of the test delivery sent by POST /webhooks/:id/test; not subscribable. */
export const PING_EVENT = 'webhook.ping';
export const PingDataSchema = z
  .object({ webhookId: z.string().openapi({ example: 'whk_…' }), message: z.string() })
  .openapi('WebhookPingData');
export type PingData = z.infer<typeof PingDataSchema>;

const UrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'Must be an absolute http:// or https:// URL.')
  .openapi({ example: 'https://example.com/hooks/helpdesk' });

const EventsSchema = z
  .array(
    z.enum(EVENT_TYPE_NAMES, {
      error: (i) => `Unknown event type ${JSON.stringify(i.input)}; see GET /webhooks/event-types.`,
    }),
  )
  .min(1, 'Choose at least one event type.')
  .max(EVENT_TYPE_NAMES.length * 2)
  .openapi({ example: ['ticket.created', 'message.created'] });

export const CreateWebhookBody = z
  .object({
    url: UrlSchema,
    events: EventsSchema,
    description: text({ max: 500, multiline: true }).default(''),
    active: z.boolean().default(true),
    includeInternalNotes: z
      .boolean()
      .default(false)
      .openapi({ description: 'Also deliver message.created for internal notes (message.internal = true).' }),
  })
  .strict()
  .openapi('CreateWebhook');
export type CreateWebhookInput = z.output<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    url: UrlSchema,
    events: EventsSchema,
    description: text({ max: 500, multiline: true }),
    active: z
      .boolean()
      .openapi({ description: 'false pauses deliveries; true re-enables a disabled endpoint from now on.' }),
    includeInternalNotes: z.boolean(),
  })
  .partial()
  .strict()
  .openapi('UpdateWebhook');
export type UpdateWebhookInput = z.output<typeof UpdateWebhookBody>;

export const RotateSecretBody = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(24 * 3600)
      .openapi({ description: 'How long the old secret keeps signing beside the new one (default 24 h).' }),
  })
  .strict()
  .openapi('RotateWebhookSecret');

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    includeInternalNotes: z.boolean(),
    disabledReason: z
      .string()
      .nullable()
      .openapi({ description: 'Why the endpoint was disabled automatically, if it was.' }),
    disabledAt: z.string().nullable(),
    failingSince: z.string().nullable().openapi({ description: 'First failed attempt since the last success.' }),
    secretHint: z.string().openapi({
      description: 'The first characters of the secret; the secret itself is shown only at creation and rotation.',
    }),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .openapi({ description: 'Until then deliveries carry a second signature made with the old secret.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Webhook');

export const AttemptSchema = z
  .object({
    id: z.string(),
    attempt: z.number().int(),
    trigger: z.enum(['scheduled', 'manual', 'test']),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int(),
    responseBody: z.string().nullable().openapi({ description: 'The start of the response body (at most 1 KB).' }),
    error: z
      .string()
      .nullable()
      .openapi({ description: 'Timeout, connection or address error, when there was no HTTP answer.' }),
    nextRetryAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookAttempt');

export const DeliverySchema = z
  .object({
    id: z
      .string()
      .openapi({ description: 'The webhook-id header: the same on every attempt of this event to this endpoint.' }),
    eventId: z.string().nullable(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    createdAt: z.string(),
    attempts: z.array(AttemptSchema).openapi({ description: 'Every attempt, oldest first (the latest 50).' }),
  })
  .openapi('WebhookDelivery');

export const DeliveryQuery = z.object({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});

/** One delivery as GET …/deliveries/{deliveryId} answers it: the log entry plus the exact body that was signed and sent. */
export const DeliveryDetailSchema = DeliverySchema.extend({
  payload: z
    .string()
    .openapi({ description: 'The request body sent on every attempt (JSON text, exactly as signed).' }),
}).openapi('WebhookDeliveryDetail');
