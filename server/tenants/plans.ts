// Subscription plans and what each includes, and the two refusals a plan gives (a tenant's effective limits are
// billing/entitlements.ts's).
import { Problem } from '../lib/problem.ts';

export const PLANS = ['starter', 'professional', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];
export const TENANT_STATUSES = ['active', 'suspended', 'cancelled'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

export type Feature = 'api-keys' | 'webhooks' | 'white-label' | 'sso' | 'scim';

interface PlanDefinition {
  maxAgents: number | null;
  /** Tickets per billing period (`periodOf` the tenant's cycle anchor). */
  maxTicketsPerMonth: number | null;
  /** The largest file one upload may be (CONTRACT §8 "Plans bound files too"). */
  maxFileBytes: number;
  /** All files the tenant keeps together (null = unlimited). */
  maxStorageBytes: number | null;
  /** API keys and webhook endpoints the tenant may hold at once (0 where the plan lacks the feature). */
  maxApiKeys: number | null;
  maxWebhooks: number | null;
  /** Authenticated API calls per billing period. */
  maxApiCallsPerMonth: number | null;
  features: Feature[];
}

const MB = 1024 * 1024;
const GB = 1024 * MB;

export const PLAN_DEFINITIONS: Record<Plan, PlanDefinition> = {
  starter: {
    maxAgents: 3,
    maxTicketsPerMonth: 1000,
    maxFileBytes: 10 * MB,
    maxStorageBytes: 1 * GB,
    maxApiKeys: 0,
    maxWebhooks: 0,
    maxApiCallsPerMonth: 100_000,
    features: [],
  },
  professional: {
    maxAgents: 10,
    maxTicketsPerMonth: 5000,
    maxFileBytes: 25 * MB,
    maxStorageBytes: 20 * GB,
    maxApiKeys: 50,
    maxWebhooks: 50,
    maxApiCallsPerMonth: 1_000_000,
    features: ['api-keys', 'webhooks'],
  },
  enterprise: {
    maxAgents: null,
    maxTicketsPerMonth: null,
    maxFileBytes: 100 * MB,
    maxStorageBytes: null,
    maxApiKeys: null,
    maxWebhooks: null,
    maxApiCallsPerMonth: null,
    features: ['api-keys', 'webhooks', 'white-label', 'sso', 'scim'],
  },
};

export const FEATURES: readonly Feature[] = ['api-keys', 'webhooks', 'white-label', 'sso', 'scim'];

export type PlanLimit =
  'maxAgents' | 'maxTickets' | 'maxFileSize' | 'maxStorage' | 'maxApiKeys' | 'maxWebhooks' | 'maxApiCalls';

/** Bytes as people read them: 10 MB, 1.5 GB, 312 KB. */
export function formatBytes(n: number): string {
  if (n >= GB) return `${+(n / GB).toFixed(1)} GB`;
  if (n >= MB) return `${+(n / MB).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export const PLAN_LIMIT_PROBLEM = 'https://helpdesk.dev/problems/plan-limit';
export const PLAN_FEATURE_PROBLEM = 'https://helpdesk.dev/problems/plan-feature';

const NOT_INCLUDED: Record<Feature, (plan: Plan) => string> = {
  'api-keys': (plan) => `API keys are not included in the ${plan} plan.`,
  webhooks: (plan) => `Webhooks are not included in the ${plan} plan.`,
  'white-label': (plan) =>
    `White-label branding (custom CSS, hiding "powered by") is not included in the ${plan} plan.`,
  sso: (plan) => `Single sign-on is not included in the ${plan} plan.`,
  scim: (plan) => `SCIM provisioning is not included in the ${plan} plan.`,
};

/** 403 naming the plan and the feature it lacks (CONTRACT "Plans"); the answer to every feature check. */
export function planFeatureMissing(plan: Plan, feature: Feature): Problem {
  return new Problem(403, NOT_INCLUDED[feature](plan), {
    type: PLAN_FEATURE_PROBLEM,
    title: 'Not included in the plan',
    extra: { plan, feature },
  });
}

/** A full monthly ticket allowance asks for payment (402); a full set of seats is a refusal (403). */
const LIMITS: Record<PlanLimit, { status: number; detail: (usage: number, max: number, plan: Plan) => string }> = {
  maxTickets: {
    status: 402,
    detail: (usage, max, plan) =>
      `Ticket limit reached: ${usage} of ${max} tickets this billing period on the ${plan} plan. Upgrade the plan or wait for the next period.`,
  },
  maxAgents: {
    status: 403,
    detail: (usage, max, plan) => `Agent limit reached: ${usage} of ${max} agents on the ${plan} plan.`,
  },
  maxFileSize: {
    status: 413,
    detail: (_usage, max, plan) =>
      `The file is larger than ${formatBytes(max)}, the largest file the ${plan} plan takes.`,
  },
  maxStorage: {
    status: 402,
    detail: (usage, max, plan) =>
      `File storage is full: ${formatBytes(usage)} of ${formatBytes(max)} used on the ${plan} plan. Delete tickets with files or upgrade the plan.`,
  },
  maxApiKeys: {
    status: 403,
    detail: (usage, max, plan) => `API key limit reached: ${usage} of ${max} API keys on the ${plan} plan.`,
  },
  maxWebhooks: {
    status: 403,
    detail: (usage, max, plan) => `Webhook limit reached: ${usage} of ${max} webhook endpoints on the ${plan} plan.`,
  },
  maxApiCalls: {
    status: 429,
    detail: (usage, max, plan) =>
      `API call limit reached: ${usage} of ${max} calls this billing period on the ${plan} plan. Upgrade the plan or wait for the next period.`,
  },
};

/** The one answer to a reached plan limit: names the limit, its value (`max`), the usage and the plan. */
export function planLimitReached(
  plan: Plan,
  limit: PlanLimit,
  max: number,
  usage: number,
  headers?: Record<string, string>,
): Problem {
  const { status, detail } = LIMITS[limit];
  return new Problem(status, detail(usage, max, plan), {
    type: PLAN_LIMIT_PROBLEM,
    title: 'Plan limit reached',
    extra: { limit, max, usage, plan },
    headers,
  });
}

export const OPERATOR_ONLY_PROBLEM = 'https://helpdesk.dev/problems/operator-only';

/** Plan and status are the platform operator's (later billing's): a tenant asking for another value is told so. */
export function operatorOnly(field: 'plan' | 'status', current: string, requested: string): Problem {
  const detail =
    field === 'plan'
      ? `The plan is changed by the platform operator: ask them to move this account from ${current} to ${requested}.`
      : `The account status is changed by the platform operator: ask them to set it to ${requested}.`;
  return new Problem(403, detail, {
    type: OPERATOR_ONLY_PROBLEM,
    extra: { field: `subscription.${field}`, current, requested },
  });
}
