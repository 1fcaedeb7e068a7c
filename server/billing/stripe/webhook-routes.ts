// POST /billing/stripe/webhook: Stripe's events, verified against STRIPE_WEBHOOK_SECRET on the raw body.
import { createRoute, z } from '@hono/zod-openapi';
import type Stripe from 'stripe';
import type { Deps } from '../../types.ts';
import type { Context, Next } from 'hono';
import type { AppEnv } from '../../types.ts';
import { createRouter, commonErrors, jsonContent, problemResponse } from '../../openapi/router.ts';
import { badRequest, notFound, unauthorized } from '../../lib/problem.ts';
import { handleStripeEvent } from './webhook-service.ts';

const ResultSchema = z
  .object({
    received: z.literal(true),
    outcome: z.enum(['applied', 'duplicate', 'stale', 'ignored']).openapi({
      description:
        '`duplicate`: this event id was received before; `stale`: older than the last event applied to the subscription; `ignored`: no account has the customer, or the type is not used. None of these change anything.',
    }),
    reason: z.string().nullable(),
  })
  .openapi('StripeWebhookResult');

/** The signature covers the raw text; the shape here only documents (and bounds) what Stripe sends. */
const StripeEventBody = z.looseObject({}).openapi('StripeEvent', { description: 'A Stripe event, as Stripe sent it.' });

/** Where Stripe posts; app.ts leaves its body to this route (no JSON text guard before the signature check). */
export const STRIPE_WEBHOOK_PATH = '/api/v1/billing/stripe/webhook';

/**
 * Before the body is read: a call without Stripe's header is not Stripe. Then the body is read as bytes first,
 * so the validator's parse and the signature check both start from exactly what was sent.
 */
async function signed(c: Context<AppEnv>, next: Next) {
  if (!c.req.header('stripe-signature'))
    throw unauthorized('Stripe signs its webhooks: the Stripe-Signature header is missing.');
  await c.req.arrayBuffer();
  await next();
}

export function createStripeWebhookRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'post',
      path: '/billing/stripe/webhook',
      operationId: 'receiveStripeWebhook',
      tags: ['Billing'],
      summary: 'Stripe events (checkout, subscription, invoice), signed with STRIPE_WEBHOOK_SECRET',
      description:
        'The `Stripe-Signature` header is checked against the raw body; a bad or missing one is 400 and changes nothing. 404 when billing is off.',
      security: [{ stripeSignature: [] }],
      middleware: [signed] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: StripeEventBody } } },
      },
      responses: {
        200: jsonContent(ResultSchema, 'Verified: applied, or known to change nothing'),
        ...commonErrors,
        400: problemResponse('The signature does not match the body'),
        401: problemResponse('No Stripe-Signature header'),
        404: problemResponse('Billing is off'),
        502: problemResponse('Stripe did not answer a call the event needs; Stripe retries'),
        503: problemResponse('Stripe cannot be reached; Stripe retries'),
      },
    }),
    async (c) => {
      const stripe = deps.stripe;
      const secret = deps.env.STRIPE_WEBHOOK_SECRET;
      if (!stripe || !secret) throw notFound('Billing');
      const raw = Buffer.from(await c.req.arrayBuffer());
      const signature = c.req.header('stripe-signature') ?? '';
      let event: Stripe.Event;
      try {
        // Stripe's own check (HMAC over timestamp + raw body, 5 minutes' tolerance on our clock).
        event = stripe.webhooks.constructEvent(
          raw,
          signature,
          secret,
          undefined,
          undefined,
          Math.floor(deps.now().getTime() / 1000),
        );
      } catch {
        deps.logger.warn('stripe webhook with a bad signature refused', { length: raw.length });
        throw badRequest(
          'The Stripe-Signature header does not match the body (wrong STRIPE_WEBHOOK_SECRET, or the body was changed).',
        );
      }
      const result = await handleStripeEvent(deps, event);
      return c.json({ received: true as const, ...result }, 200);
    },
  );
  return router;
}
