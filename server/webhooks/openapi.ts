// The OpenAPI document's `webhooks` section: per event type, the signed POST the dispatcher sends (see outbox.ts, signing.ts).
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { EVENT_TYPES, EVENTS } from '../events/types.ts';
import { PING_EVENT, PingDataSchema } from './schemas.ts';

const DeliveryHeaders = z.object({
  'webhook-id': z.string().openapi({
    description:
      'The delivery id: the same on every retry of this event to this endpoint, so a receiver can skip repeats.',
    example: 'msg_9xKq2rTzL0aB',
  }),
  'webhook-timestamp': z
    .string()
    .regex(/^[0-9]+$/)
    .openapi({ description: 'Unix time in seconds when this attempt was signed.', example: '1772445600' }),
  'webhook-signature': z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` signatures with the endpoint\'s `whsec_` secret; two during a secret rotation.',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

/** "kb.article.published" → "KbArticlePublished" */
const pascal = (type: string) => type.replace(/(^|\.)([a-z])/g, (_, _dot: string, c: string) => c.toUpperCase());

/** The delivery body: `{ type, timestamp, data }`, `data` being the event's object as the API answers it. */
const envelope = (type: string, data: z.ZodType) =>
  z
    .object({
      type: z.literal(type),
      timestamp: z
        .string()
        .openapi({ description: 'When the event happened (ISO 8601 UTC); the same on every retry.' }),
      data,
    })
    .openapi(`${pascal(type)}Webhook`);

type Registry = OpenAPIHono['openAPIRegistry'];

function register(registry: Registry, type: string, summary: string, data: z.ZodType) {
  registry.registerWebhook({
    method: 'post',
    path: type,
    operationId: `${pascal(type).replace(/^./, (c) => c.toLowerCase())}Webhook`,
    tags: ['Webhooks'],
    summary,
    // The receiver checks the signature headers; no security scheme of this document is involved.
    security: [],
    description:
      'POSTed to every active endpoint subscribed to this type, signed by the Standard Webhooks scheme. Delivered at least once; ' +
      'retries and parallel attempts may reorder deliveries, so order by `timestamp` where it matters.',
    request: {
      headers: DeliveryHeaders,
      body: { required: true, content: { 'application/json': { schema: envelope(type, data) } } },
    },
    responses: {
      '2XX': { description: 'Received: any 2xx within 15 s ends the delivery (the body is ignored).' },
      '410': { description: 'Gone: the endpoint is disabled at once and gets no further deliveries.' },
      default: {
        description:
          'Anything else, a timeout or a connection error is retried with back-off (about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h); 429 and 503 honour Retry-After.',
      },
    },
  });
}

/** One entry per event type of the registry, plus the test ping. */
export function registerWebhookDocs(registry: Registry) {
  for (const type of EVENT_TYPES) register(registry, type, EVENTS[type].description, EVENTS[type].data);
  register(
    registry,
    PING_EVENT,
    'A test delivery from POST /webhooks/{id}/test (sent whatever the endpoint subscribed to).',
    PingDataSchema,
  );
}
