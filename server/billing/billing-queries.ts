// The tenant_billing row: pricing, billing cycle, period anchor, add-ons and operator overrides of one tenant.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';

export type Pricing = 'flat' | 'usage';
export type BillingCycle = 'monthly' | 'yearly';

export interface TenantBilling {
  tenantId: string;
  pricing: Pricing;
  billingCycle: BillingCycle;
  /** ISO instant usage periods are counted from. */
  cycleAnchor: string;
  addons: Record<string, unknown>;
  overrides: Record<string, unknown>;
  updatedAt: string;
}

interface TenantBillingRow {
  tenant_id: string;
  pricing: Pricing;
  billing_cycle: BillingCycle;
  cycle_anchor: string;
  addons: string;
  overrides: string;
  updated_at: string;
}

/** The stored row, or the defaults of a tenant that never had one (flat, monthly, anchored at its creation). */
export async function getTenantBilling(
  q: Queryable,
  tenant: { id: string; createdAt: string },
): Promise<TenantBilling> {
  const r = await q.get<TenantBillingRow>('SELECT * FROM tenant_billing WHERE tenant_id = ?', [tenant.id]);
  if (!r) {
    return {
      tenantId: tenant.id,
      pricing: 'flat',
      billingCycle: 'monthly',
      cycleAnchor: tenant.createdAt,
      addons: {},
      overrides: {},
      updatedAt: tenant.createdAt,
    };
  }
  return {
    tenantId: r.tenant_id,
    pricing: r.pricing,
    billingCycle: r.billing_cycle,
    cycleAnchor: r.cycle_anchor,
    addons: parseJson(r.addons, {}),
    overrides: parseJson(r.overrides, {}),
    updatedAt: r.updated_at,
  };
}

/** Writes the whole row (callers read, change, write inside their own transaction). */
export async function putTenantBilling(q: Queryable, b: TenantBilling): Promise<void> {
  await q.run(
    `INSERT INTO tenant_billing (tenant_id, pricing, billing_cycle, cycle_anchor, addons, overrides, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET pricing = excluded.pricing, billing_cycle = excluded.billing_cycle,
       cycle_anchor = excluded.cycle_anchor, addons = excluded.addons, overrides = excluded.overrides,
       updated_at = excluded.updated_at`,
    [
      b.tenantId,
      b.pricing,
      b.billingCycle,
      b.cycleAnchor,
      JSON.stringify(b.addons),
      JSON.stringify(b.overrides),
      b.updatedAt,
    ],
  );
}
