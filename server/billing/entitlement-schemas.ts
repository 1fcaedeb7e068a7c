// Zod schemas of the operator's entitlement API: a tenant's add-ons and overrides in, its entitlements out.
import { z } from '@hono/zod-openapi';
import { FEATURES, type Feature } from '../tenants/plans.ts';
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
  .object({ tenantId: z.string(), name: z.string(), status: z.string(), usage: UsageSchema })
  .openapi('TenantUsage');
