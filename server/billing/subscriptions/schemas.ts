// What the billing endpoints answer: the subscription, a plan-change preview, invoices, a hosted-page link.
import { z } from '@hono/zod-openapi';
import { PLANS } from '../../tenants/plans.ts';
import { BILLING_CYCLES, SELF_SERVICE_PLANS } from './prices.ts';
import { SUBSCRIPTION_STATES } from './queries.ts';

export const SubscriptionSchema = z
  .object({
    plan: z.enum(PLANS),
    billingCycle: z.enum(BILLING_CYCLES),
    pricing: z.enum(['flat', 'usage']),
    state: z.enum(SUBSCRIPTION_STATES).openapi({
      description:
        'trialing → active; a failed payment makes it past_due (still usable), past_due beyond the grace period suspended (403 everywhere but billing and export), and a subscription ended cancelled.',
    }),
    trialEndsAt: z.string().nullable(),
    currentPeriodStart: z.string(),
    nextBilling: z
      .string()
      .nullable()
      .openapi({ description: 'The next billing date (the trial’s end while trialing); null once cancelled.' }),
    cancelAtPeriodEnd: z.boolean(),
    pastDueSince: z.string().nullable(),
    graceEndsAt: z.string().nullable().openapi({ description: 'When a past-due subscription is suspended.' }),
    provider: z
      .enum(['stripe', 'off'])
      .openapi({ description: '`off`: billing is not set up; the operator sets plans.' }),
    hasBillingAccount: z.boolean().openapi({ description: 'A Stripe customer exists: the portal and invoices work.' }),
    prices: z.array(
      z.object({ plan: z.enum(SELF_SERVICE_PLANS), cycle: z.enum(BILLING_CYCLES), amount: z.number().int() }),
    ),
  })
  .openapi('BillingSubscription');
export type Subscription = z.infer<typeof SubscriptionSchema>;

export const PlanChoiceSchema = z
  .object({ plan: z.enum(SELF_SERVICE_PLANS), cycle: z.enum(BILLING_CYCLES).optional() })
  .openapi('PlanChoice');
export type PlanChoice = z.infer<typeof PlanChoiceSchema>;

export const PlanPreviewSchema = z
  .object({
    plan: z.enum(SELF_SERVICE_PLANS),
    cycle: z.enum(BILLING_CYCLES),
    currency: z.literal('usd'),
    credit: z.number().int().openapi({ description: 'Cents credited for the unused rest of the current plan.' }),
    charge: z.number().int().openapi({ description: 'Cents the new plan costs until the next billing date.' }),
    amountDue: z.number().int().openapi({ description: 'charge − credit; negative is carried to the next invoice.' }),
    nextBilling: z.string(),
    allowed: z.boolean(),
    reason: z.string().nullable().openapi({ description: 'Why the change cannot be made now (allowed false).' }),
  })
  .openapi('PlanPreview');
export type PlanPreview = z.infer<typeof PlanPreviewSchema>;

export const InvoiceSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.string().nullable(),
    currency: z.string(),
    amountDue: z.number().int(),
    amountPaid: z.number().int(),
    createdAt: z.string(),
    hostedInvoiceUrl: z.string().nullable(),
    pdfUrl: z.string().nullable(),
  })
  .openapi('Invoice');
export type Invoice = z.infer<typeof InvoiceSchema>;

export const HostedPageSchema = z.object({ url: z.string() }).openapi('BillingHostedPage');
