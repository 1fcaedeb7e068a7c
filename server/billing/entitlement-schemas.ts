// Zod schemas of the operator's entitlement API: a tenant's add-ons and overrides in, its entitlements out.
import { z } from '@hono/zod-openapi';
import { FEATURES, PLANS, type Feature } from '../tenants/plans.ts';
import { PageQuerySchema } from '../lib/pagination.ts';
import { SUBSCRIPTION_STATES } from './subscriptions/queries.ts';
import { BILLING_CYCLES } from './subscriptions/prices.ts';
import { LIMIT_NAMES, type LimitName } from './entitlements.ts';
import { UsageSchema } from '../usage/schemas.ts';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const limitShape = <T extends z.ZodTypeAny>(t: T) =>
  z.object(Object.fromEntries(LIMIT_NAMES.map((n) => [n, t])) as Record<LimitName, T>);
const featureShape = <T extends z.ZodTypeAny>(t: T) =>
  z.object(Object.fromEntries(FEATURES.map((f) => [f, t])) as Record<Feature, T>);

export const AddonsSchema = limitShape(count.optional())
  .omit({ fileBytes: true })
  .strict()
  .openapi('EntitlementAddons', {
    description: "Purchased extras, each added to the plan's limit (an unlimited limit stays unlimited).",
    example: { agents: 2, ticketsPerMonth: 1000 },
  });

export const OverridesSchema = z
  .object({
    limits: limitShape(z.union([count, z.null()]).optional())
      .strict()
      .optional()
      .openapi({
        description: 'Replaces what plan and add-ons give (null = unlimited; `fileBytes` null = the plan’s).',
      }),
    features: featureShape(z.boolean().optional()).strict().optional(),
  })
  .strict()
  .openapi('EntitlementOverrides', { example: { limits: { ticketsPerMonth: 20000 }, features: { sso: true } } });

export const EntitlementsPutSchema = z
  .object({ addons: AddonsSchema.optional(), overrides: OverridesSchema.optional() })
  .strict()
  .openapi('EntitlementsPut', {
    description: 'Each field given replaces the stored one whole; the tenant’s own lower settings still apply.',
  });

export const EntitlementsSchema = z
  .object({
    tenantId: z.string(),
    plan: z.string(),
    pricing: z.enum(['flat', 'usage']),
    period: z.object({ start: z.string(), end: z.string() }),
    features: featureShape(z.boolean()),
    limits: limitShape(z.number().int().nullable()).openapi({
      description: 'The effective limits (null = unlimited).',
    }),
    addons: AddonsSchema,
    overrides: OverridesSchema,
  })
  .openapi('Entitlements');
export type EntitlementsDto = z.infer<typeof EntitlementsSchema>;

export const TenantUsageSchema = z
  .object({
    tenantId: z.string(),
    name: z.string(),
    status: z.string().openapi({ description: 'The account: active, suspended or cancelled.' }),
    plan: z.enum(PLANS),
    state: z.enum(SUBSCRIPTION_STATES).openapi({
      description: 'The subscription state (a tenant billed by hand, without a subscription, shows its status).',
    }),
    billingCycle: z.enum(BILLING_CYCLES),
    nextBilling: z.string().nullable().openapi({ description: 'The next billing date; null once cancelled.' }),
    usage: UsageSchema,
  })
  .openapi('TenantUsage');
export type TenantUsage = z.infer<typeof TenantUsageSchema>;

export const TenantUsageQuerySchema = PageQuerySchema.extend({
  state: z
    .enum(SUBSCRIPTION_STATES)
    .optional()
    .openapi({ description: 'Only tenants in this subscription state (past_due: the ones whose payment failed).' }),
});
