// The entitlement engine: the one answer to "may this tenant do X / how much of Y is left", from its plan, the
// add-ons it bought, the platform operator's overrides and its own lower settings, per billing period.
import type { Queryable } from '../db/client.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import {
  FEATURES,
  PLAN_DEFINITIONS,
  PLANS,
  planFeatureMissing,
  planLimitReached,
  type Feature,
  type Plan,
  type PlanLimit,
} from '../tenants/plans.ts';
import { getTenantBilling, type Pricing, type TenantBilling } from './billing-queries.ts';
import { periodOf, type Period } from './period.ts';

export const LIMIT_NAMES = [
  'agents',
  'ticketsPerMonth',
  'storageBytes',
  'fileBytes',
  'apiKeys',
  'webhooks',
  'apiCallsPerMonth',
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];
/** null = unlimited; a file always has a largest size. */
export type Limits = Record<Exclude<LimitName, 'fileBytes'>, number | null> & { fileBytes: number };

/** Purchased extras: each adds to the plan's limit (an unlimited one stays unlimited). */
export type Addons = Partial<Record<Exclude<LimitName, 'fileBytes'>, number>>;
/** The operator's word: a limit set here replaces what plan and add-ons give (null = unlimited); a feature too. */
export interface Overrides {
  limits?: Partial<Record<LimitName, number | null>>;
  features?: Partial<Record<Feature, boolean>>;
}

export interface Entitlements {
  plan: Plan;
  pricing: Pricing;
  /** The billing period holding `now`: what "per month" limits count in. */
  period: Period;
  features: Record<Feature, boolean>;
  limits: Limits;
}

const PLAN_LIMITS: Record<LimitName, (p: (typeof PLAN_DEFINITIONS)[Plan]) => number | null> = {
  agents: (p) => p.maxAgents,
  ticketsPerMonth: (p) => p.maxTicketsPerMonth,
  storageBytes: (p) => p.maxStorageBytes,
  fileBytes: (p) => p.maxFileBytes,
  apiKeys: (p) => p.maxApiKeys,
  webhooks: (p) => p.maxWebhooks,
  apiCallsPerMonth: (p) => p.maxApiCallsPerMonth,
};

/** The problem `limit` name each limit is refused under (kept from before the engine, so clients keep working). */
export const PROBLEM_LIMIT: Record<LimitName, PlanLimit> = {
  agents: 'maxAgents',
  ticketsPerMonth: 'maxTickets',
  storageBytes: 'maxStorage',
  fileBytes: 'maxFileSize',
  apiKeys: 'maxApiKeys',
  webhooks: 'maxWebhooks',
  apiCallsPerMonth: 'maxApiCalls',
};

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The stored JSON read leniently: anything not of the documented shape is ignored, never thrown on. */
export function addonsOf(b: Pick<TenantBilling, 'addons'>): Addons {
  const out: Addons = {};
  for (const name of LIMIT_NAMES) {
    const v = (b.addons as Record<string, unknown>)[name];
    if (name !== 'fileBytes' && isCount(v)) out[name] = v;
  }
  return out;
}

export function overridesOf(b: Pick<TenantBilling, 'overrides'>): Overrides {
  const raw = b.overrides as { limits?: Record<string, unknown>; features?: Record<string, unknown> };
  const out: Overrides = {};
  if (raw.limits && typeof raw.limits === 'object') {
    const limits: Partial<Record<LimitName, number | null>> = {};
    for (const name of LIMIT_NAMES) {
      const v = raw.limits[name];
      if (v === null || isCount(v)) limits[name] = v;
    }
    out.limits = limits;
  }
  if (raw.features && typeof raw.features === 'object') {
    const features: Partial<Record<Feature, boolean>> = {};
    for (const f of FEATURES) if (typeof raw.features[f] === 'boolean') features[f] = raw.features[f];
    out.features = features;
  }
  return out;
}

/** A tenant's own setting may lower a limit, never raise it. */
const lower = (limit: number | null, own: number | null | undefined) =>
  own == null ? limit : limit == null ? own : Math.min(limit, own);

/** Pure: plan, then add-ons, then the operator's overrides, then the tenant's own lower settings. */
export function computeEntitlements(
  tenant: Pick<TenantRecord, 'plan' | 'settings'>,
  billing: Pick<TenantBilling, 'pricing' | 'cycleAnchor' | 'addons' | 'overrides'>,
  now: Date,
): Entitlements {
  const def = PLAN_DEFINITIONS[tenant.plan];
  const addons = addonsOf(billing);
  const overrides = overridesOf(billing);
  const limits = { fileBytes: def.maxFileBytes } as Limits;
  for (const name of LIMIT_NAMES) {
    const base = PLAN_LIMITS[name](def);
    const extra = name === 'fileBytes' ? undefined : addons[name];
    let limit = base === null || extra === undefined ? base : base + extra;
    if (overrides.limits && name in overrides.limits) limit = overrides.limits[name] ?? null;
    if (name === 'fileBytes') limits.fileBytes = limit ?? def.maxFileBytes;
    else limits[name] = limit;
  }
  limits.agents = lower(limits.agents, tenant.settings.maxAgents);
  limits.ticketsPerMonth = lower(limits.ticketsPerMonth, tenant.settings.maxTickets);
  return {
    plan: tenant.plan,
    pricing: billing.pricing,
    period: periodOf(billing.cycleAnchor, now),
    features: featuresOf(tenant, billing),
    limits,
  };
}

/** The features alone: the plan's, as the operator's overrides change them (no period involved). */
export function featuresOf(
  tenant: Pick<TenantRecord, 'plan'>,
  billing: Pick<TenantBilling, 'overrides'>,
): Record<Feature, boolean> {
  const overrides = overridesOf(billing);
  const features = {} as Record<Feature, boolean>;
  for (const f of FEATURES) features[f] = overrides.features?.[f] ?? PLAN_DEFINITIONS[tenant.plan].features.includes(f);
  return features;
}

/** Whether the tenant may use a feature now (for callers outside a request: sign-in, SCIM, the help centre). */
export async function tenantHas(q: Queryable, tenant: TenantRecord, feature: Feature): Promise<boolean> {
  return featuresOf(tenant, await getTenantBilling(q, tenant))[feature];
}

/** Throws the plan's 403 naming the feature when the tenant lacks it. */
export async function assertTenantHas(q: Queryable, tenant: TenantRecord, feature: Feature) {
  if (!(await tenantHas(q, tenant, feature))) throw planFeatureMissing(tenant.plan, feature);
}

/** The tenant's entitlements now (one primary-key read of its billing row). */
export async function loadEntitlements(q: Queryable, tenant: TenantRecord, now: Date): Promise<Entitlements> {
  return computeEntitlements(tenant, await getTenantBilling(q, tenant), now);
}

/** Throws the plan's 403 naming the feature when the tenant may not use it. */
export function assertEntitled(e: Entitlements, feature: Feature) {
  if (!e.features[feature]) throw planFeatureMissing(e.plan, feature);
}

/** Room left under a limit (null = unlimited). */
export const remaining = (e: Entitlements, name: LimitName, used: number): number | null =>
  e.limits[name] === null ? null : Math.max(0, e.limits[name] - used);

/** Throws the one plan-limit problem when `used + adding` would pass the limit (`adding` 1 for a new thing). */
export function assertWithin(e: Entitlements, name: LimitName, used: number, adding = 1) {
  const limit = e.limits[name];
  if (limit !== null && used + adding > limit) throw planLimitReached(e.plan, PROBLEM_LIMIT[name], limit, used);
}

/**
 * featuresOf as an SQL condition, for queries over many tenants (the webhook dispatcher): `t` a tenants row, `b` its
 * LEFT JOINed tenant_billing row. An override that is not a boolean is ignored, as featuresOf ignores it.
 */
export function featureSql(feature: Feature, t = 't', b = 'b'): string {
  const plans = PLANS.filter((p) => PLAN_DEFINITIONS[p].features.includes(feature));
  const inPlan = plans.length ? `${t}.plan IN (${plans.map((p) => `'${p}'`).join(', ')})` : '0';
  return `(CASE json_type(${b}.overrides, '$.features."${feature}"') WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE ${inPlan} END) = 1`;
}

/** Throws the plan-limit problem when a tenant already holds `used` of a counted thing and may not add one. */
export async function assertRoomFor(q: Queryable, tenantId: string, name: LimitName, used: number, now: Date) {
  const tenant = await getTenant(q, tenantId);
  if (tenant) assertWithin(await loadEntitlements(q, tenant, now), name, used);
}
