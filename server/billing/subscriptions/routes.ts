// The owner's plan and billing: the subscription, a change preview, plan change, cancel/resume, Stripe's hosted
// pages and the invoices. Owner sessions only; open to the owner of a suspended account too (tenants/suspension.ts).
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../types.ts';
import { createRouter, commonErrors, jsonContent, problemResponse } from '../../openapi/router.ts';
import { requireOwner } from '../../middleware/permission.ts';
import { actorOf } from '../../audit/audit.ts';
import { getAgent } from '../../agents/queries.ts';
import { tenantPrincipal } from '../../middleware/authenticate.ts';
import { getTenant } from '../../tenants/queries.ts';
import { HostedPageSchema, InvoiceSchema, PlanChoiceSchema, PlanPreviewSchema, SubscriptionSchema } from './schemas.ts';
import { changePlan, previewPlanChange, setCancelAtPeriodEnd, subscriptionOf } from './service.ts';
import { listInvoices, openPortal, startCheckout } from '../stripe/checkout-service.ts';

const OWNER = [{ session: [] }];
const refusals = {
  402: problemResponse('The subscription is past due or suspended: pay the open invoice first'),
  409: problemResponse('No subscription to change, or one exists already'),
  502: problemResponse('Stripe refused the call; nothing was changed'),
  503: problemResponse('Stripe cannot be reached; nothing was changed'),
};

export function createBillingRoutes(deps: Deps) {
  const router = createRouter();
  const guard = requireOwner();
  const answer = async (tenantId: string) => {
    return subscriptionOf(deps.db, deps, (await getTenant(deps.db, tenantId))!);
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/billing/subscription',
      operationId: 'getSubscription',
      tags: ['Billing'],
      summary: 'The plan, billing cycle, state and next billing date (owner)',
      security: OWNER,
      middleware: guard,
      responses: { 200: jsonContent(SubscriptionSchema, 'The subscription'), ...commonErrors },
    }),
    async (c) => c.json(await subscriptionOf(deps.db, deps, c.get('tenant')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/billing/preview',
      operationId: 'previewPlanChange',
      tags: ['Billing'],
      summary: 'What a change of plan or cycle would cost now, prorated (owner)',
      security: OWNER,
      middleware: guard,
      request: { query: PlanChoiceSchema },
      responses: { 200: jsonContent(PlanPreviewSchema, 'The preview'), ...commonErrors },
    }),
    async (c) => c.json(await previewPlanChange(deps, c.get('tenant'), c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/billing/plan',
      operationId: 'changePlan',
      tags: ['Billing'],
      summary: 'Change plan or billing cycle at once, prorated (owner)',
      description: 'With billing off (no STRIPE_SECRET_KEY) plans are set by the platform operator: 403.',
      security: OWNER,
      middleware: guard,
      request: { query: PlanChoiceSchema },
      responses: { 200: jsonContent(SubscriptionSchema, 'The changed subscription'), ...commonErrors, ...refusals },
    }),
    async (c) => {
      await changePlan(deps, actorOf(c), c.get('tenantId'), c.req.valid('query'));
      return c.json(await answer(c.get('tenantId')), 200);
    },
  );

  for (const [path, operationId, cancel, summary] of [
    ['/billing/cancel', 'cancelSubscription', true, 'Cancel at the end of the current period (owner)'],
    ['/billing/resume', 'resumeSubscription', false, 'Take a scheduled cancellation back (owner)'],
  ] as const)
    router.openapi(
      createRoute({
        method: 'post',
        path,
        operationId,
        tags: ['Billing'],
        summary,
        security: OWNER,
        middleware: guard,
        responses: { 200: jsonContent(SubscriptionSchema, 'The subscription'), ...commonErrors, ...refusals },
      }),
      async (c) => {
        await setCancelAtPeriodEnd(deps, actorOf(c), c.get('tenantId'), cancel);
        return c.json(await answer(c.get('tenantId')), 200);
      },
    );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/billing/checkout',
      operationId: 'startCheckout',
      tags: ['Billing'],
      summary: 'A Stripe Checkout page for a new subscription (owner)',
      security: OWNER,
      middleware: guard,
      request: { query: PlanChoiceSchema },
      responses: { 200: jsonContent(HostedPageSchema, 'Where to send the owner'), ...commonErrors, ...refusals },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      const owner = p.kind === 'agent' ? await getAgent(deps.db, c.get('tenantId'), p.agentId) : undefined;
      return c.json(
        await startCheckout(deps, actorOf(c), c.get('tenantId'), c.req.valid('query'), owner?.email ?? ''),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/billing/portal',
      operationId: 'openBillingPortal',
      tags: ['Billing'],
      summary: 'A Stripe Customer Portal page: card, invoices (owner)',
      security: OWNER,
      middleware: guard,
      responses: { 200: jsonContent(HostedPageSchema, 'Where to send the owner'), ...commonErrors, ...refusals },
    }),
    async (c) => c.json(await openPortal(deps, actorOf(c), c.get('tenantId')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/billing/invoices',
      operationId: 'listInvoices',
      tags: ['Billing'],
      summary: 'The latest invoices, newest first (owner)',
      security: OWNER,
      middleware: guard,
      responses: {
        200: jsonContent(z.object({ data: z.array(InvoiceSchema) }), 'Invoices'),
        ...commonErrors,
        502: refusals[502],
        503: refusals[503],
      },
    }),
    async (c) => c.json({ data: await listInvoices(deps, c.get('tenantId')) }, 200),
  );

  return router;
}
