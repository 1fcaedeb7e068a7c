// Tenant account use cases: create (platform), suspend/reactivate, update, rotate the widget key or identity secret — each with its audit entry.
// The route has checked the caller sees this tenant and may change what the patch names.
import type { Db } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { hashPassword } from '../lib/crypto.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { slugTaken } from './slug.ts';
import type { Plan } from './plans.ts';
import { provisionTenant } from './provision.ts';
import { releaseHeld } from '../billing/held-service.ts';
import {
  getTenant,
  newIdentitySecret,
  newWidgetKey,
  updateTenant as updateTenantRow,
  type TenantRecord,
  type TenantUpdate,
} from './queries.ts';
import type { TenantPatch } from './schemas.ts';
import { deleteDeletion, getDeletion } from '../privacy/tenant-queries.ts';
import { markLedgerPending } from '../analytics/ledger-queries.ts';

/** The audit entry names the tenant acted on: the platform token has none of its own. */
export async function updateTenant(
  db: Db,
  actor: Actor,
  id: string,
  patch: TenantPatch,
  now: Date,
): Promise<TenantRecord> {
  const update: TenantUpdate = {
    name: patch.name,
    slug: patch.slug,
    domain: patch.domain,
    allowedOrigins: patch.allowedOrigins ? [...new Set(patch.allowedOrigins)] : undefined,
    branding: patch.branding,
    settings: patch.settings,
    security: patch.security,
    plan: patch.subscription?.plan,
    status: patch.subscription?.status,
  };
  const updated = await db.tx(async (tx) => {
    if (patch.slug !== undefined && (await slugTaken(tx, patch.slug, id)))
      throw conflict(`The slug "${patch.slug}" is taken by another account; choose another.`);
    const before = patch.security || patch.settings?.businessHours !== undefined ? await getTenant(tx, id) : undefined;
    const t = await updateTenantRow(tx, id, update, now.toISOString());
    // Every business-time figure of the reports follows the hours: the ledger is rebuilt in the background.
    if (
      before &&
      JSON.stringify(before.settings.businessHours ?? null) !== JSON.stringify(t.settings.businessHours ?? null)
    )
      await markLedgerPending(tx, id);
    for (const list of patch.security ? (['agentIpAllowlist', 'apiIpAllowlist'] as const) : []) {
      const from = before?.security[list] ?? [];
      const to = t.security[list];
      if (before && JSON.stringify(from) !== JSON.stringify(to))
        await audit(
          actor,
          tx,
          {
            tenantId: id,
            action: 'tenant.ip_allowlist_changed',
            targetType: 'tenant',
            targetId: id,
            details: { list, from, to },
          },
          now,
        );
    }
    await audit(
      actor,
      tx,
      {
        tenantId: id,
        action: 'tenant.updated',
        targetType: 'tenant',
        targetId: id,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
    return t;
  });
  // A higher plan or a raised own limit may make room for tickets held at the allowance.
  if (patch.subscription?.plan !== undefined || patch.settings?.maxTickets !== undefined)
    await releaseHeld(db, updated, now);
  return updated;
}

const ROTATIONS = {
  widgetKey: { make: newWidgetKey, action: 'tenant.widget_key_rotated' },
  identitySecret: { make: newIdentitySecret, action: 'tenant.identity_secret_rotated' },
} as const;

/** The old value stops working at once; the new one is answered (and readable again only for the identity secret). */
export async function rotateTenantSecret(
  db: Db,
  actor: Actor,
  id: string,
  field: keyof typeof ROTATIONS,
  now: Date,
): Promise<string> {
  const { make, action } = ROTATIONS[field];
  const value = make();
  await db.tx(async (tx) => {
    await updateTenantRow(tx, id, { [field]: value }, now.toISOString());
    await audit(actor, tx, { tenantId: id, action, targetType: 'tenant', targetId: id }, now);
  });
  return value;
}

/** The platform operator creates a tenant with its owner (the password is hashed before the transaction). */
export async function createTenant(
  db: Db,
  actor: Actor,
  input: { name: string; plan: Plan; owner: { name: string; email: string; password: string } },
  now: Date,
) {
  const passwordHash = await hashPassword(input.owner.password);
  return db.tx(async (tx) => {
    const made = await provisionTenant(
      tx,
      { tenantName: input.name, plan: input.plan, owner: { ...input.owner, passwordHash } },
      now,
    );
    await audit(
      actor,
      tx,
      {
        tenantId: made.tenant.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: made.tenant.id,
        details: { plan: input.plan },
      },
      now,
    );
    return made;
  });
}

/**
 * Suspend or reactivate (the platform operator's). A tenant pending deletion: reactivating it is the operator
 * restoring the account, so it also cancels the pending deletion (audited as its undo); suspending it is 409, as
 * it would otherwise swap the deletion's "cancelled" for a status the purge reads as "kept".
 */
export async function setTenantStatus(
  db: Db,
  actor: Actor,
  id: string,
  status: 'suspended' | 'active',
  now: Date,
): Promise<TenantRecord> {
  if (!(await getTenant(db, id))) throw notFound('Tenant');
  return db.tx(async (tx) => {
    if (await getDeletion(tx, id)) {
      if (status === 'suspended')
        throw conflict('This help desk is being deleted; reactivate it (which undoes the deletion) or let it purge.');
      await deleteDeletion(tx, id);
      await audit(
        actor,
        tx,
        {
          tenantId: id,
          action: 'tenant.deletion_undone',
          targetType: 'tenant',
          targetId: id,
          details: { by: 'reactivate' },
        },
        now,
      );
    }
    const t = await updateTenantRow(tx, id, { status }, now.toISOString());
    await audit(
      actor,
      tx,
      {
        tenantId: id,
        action: `tenant.${status === 'active' ? 'reactivated' : 'suspended'}`,
        targetType: 'tenant',
        targetId: id,
      },
      now,
    );
    return t;
  });
}
