// Subscription plans, what each includes, and the effective limits of a tenant.
export const PLANS = ['starter', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
export const TENANT_STATUSES = ['active', 'suspended', 'cancelled'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export type Feature = 'api-keys' | 'webhooks' | 'white-label' | 'sso';

interface PlanDefinition {
  maxAgents: number | null;
  maxTicketsPerMonth: number | null;
  features: Feature[];
}

export const PLAN_DEFINITIONS: Record<Plan, PlanDefinition> = {
  starter: { maxAgents: 3, maxTicketsPerMonth: 1000, features: [] },
  professional: { maxAgents: 10, maxTicketsPerMonth: 5000, features: ['api-keys', 'webhooks'] },
  enterprise: { maxAgents: null, maxTicketsPerMonth: null, features: ['api-keys', 'webhooks', 'white-label', 'sso'] },
};

export function planHas(plan: Plan, feature: Feature): boolean {
  return PLAN_DEFINITIONS[plan].features.includes(feature);
}

/** A tenant's own setting may lower its plan's limit, never raise it (null = unlimited). */
export function effectiveLimit(planLimit: number | null, own: number | null | undefined): number | null {
  if (own == null) return planLimit;
  return planLimit == null ? own : Math.min(planLimit, own);
}
