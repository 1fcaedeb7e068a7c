// The operator's use cases on entitlements: read a tenant's, replace its add-ons and overrides (audited), after
// which tickets held at the allowance are released if the change made room.
import type { Db, Queryable } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { notFound, orNotFound } from '../lib/problem.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { getTenantBilling, putTenantBilling } from './billing-queries.ts';
import { addonsOf, computeEntitlements, overridesOf } from './entitlements.ts';
import type { EntitlementsDto } from './entitlement-schemas.ts';
import { releaseHeld } from './held-service.ts';

export async function entitlementsDto(q: Queryable, tenant: TenantRecord, now: Date): Promise<EntitlementsDto> {
  const billing = await getTenantBilling(q, tenant);
  const e = computeEntitlements(tenant, billing, now);
  return {
    tenantId: tenant.id,
    plan: e.plan,
    pricing: e.pricing,
    period: { start: e.period.start.toISOString(), end: e.period.end.toISOString() },
    features: e.features,
    limits: e.limits,
    addons: addonsOf(billing),
    overrides: overridesOf(billing),
  };
}

export async function setEntitlements(
  db: Db,
  actor: Actor,
  tenantId: string,
  input: Pick<Partial<EntitlementsDto>, 'addons' | 'overrides'>,
  now: Date,
): Promise<EntitlementsDto> {
  const tenant = orNotFound(await getTenant(db, tenantId), 'Tenant');
  await db.tx(async (tx) => {
    if (!(await getTenant(tx, tenantId))) throw notFound('Tenant');
    const before = await getTenantBilling(tx, tenant);
    const after = {
      ...before,
      addons: input.addons ?? before.addons,
      overrides: input.overrides ?? before.overrides,
      updatedAt: now.toISOString(),
    };
    await putTenantBilling(tx, after);
    await audit(
      actor,
      tx,
      {
        tenantId,
        action: 'billing.entitlements_changed',
        targetType: 'tenant',
        targetId: tenantId,
        details: {
          from: { addons: addonsOf(before), overrides: overridesOf(before) },
          to: { addons: addonsOf(after), overrides: overridesOf(after) },
        },
      },
      now,
    );
  });
  await releaseHeld(db, tenant, now);
  return entitlementsDto(db, tenant, now);
}
