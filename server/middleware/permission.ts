// The route guards: a route names the permission or plan feature it needs; lacking it is a 403 naming what is missing.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import type { Permission } from '../roles/permissions.ts';
import { missingPermission, platformTokenRefused, platformTokenRequired } from '../lib/problem.ts';
import type { Feature } from '../tenants/plans.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { assertEntitled, loadEntitlements } from '../billing/entitlements.ts';
import { ownerOnly } from '../billing/subscriptions/problems.ts';

/** Throws the 403 the guard would; for the few routes whose need depends on the body. */
export function assertPermission(c: Context<AppEnv>, permission: Permission) {
  const p = c.get('principal');
  if (p.kind === 'platform') throw platformTokenRefused();
  if (!p.permissions.has(permission)) throw missingPermission(permission);
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async function permissionGuard(c, next) {
    assertPermission(c, permission);
    await next();
  };
}

/** For a route any one of several permissions opens (previewing an article: creating or editing one). */
export function requireAnyPermission(...permissions: Permission[]): MiddlewareHandler<AppEnv> {
  return async function anyPermissionGuard(c, next) {
    const p = c.get('principal');
    if (p.kind === 'platform') throw platformTokenRefused();
    if (!permissions.some((perm) => p.permissions.has(perm)))
      throw missingPermission(permissions[0], permissions.slice(1));
    await next();
  };
}

/** Throws the 403 requireFeature would (the entitlement engine's answer for the request's tenant by default). */
export async function assertFeature(
  c: Context<AppEnv>,
  deps: Pick<Deps, 'db' | 'now'>,
  feature: Feature,
  tenant: TenantRecord | undefined = c.get('tenant'),
) {
  // Only the platform token reaches a tenant route without a tenant.
  if (!tenant) throw platformTokenRefused();
  assertEntitled(await loadEntitlements(deps.db, tenant, deps.now()), feature);
}

export function requireFeature(deps: Pick<Deps, 'db' | 'now'>, feature: Feature): MiddlewareHandler<AppEnv> {
  return async function featureGuard(c, next) {
    await assertFeature(c, deps, feature);
    await next();
  };
}

export function requirePlatform(): MiddlewareHandler<AppEnv> {
  return async function platformGuard(c, next) {
    if (c.get('principal').kind !== 'platform') throw platformTokenRequired();
    await next();
  };
}

/** Billing is the owners' (the admin role has every permission but this): a session of an owner, nothing else. */
export function requireOwner(): MiddlewareHandler<AppEnv> {
  return async function ownerGuard(c, next) {
    const p = c.get('principal');
    if (p.kind === 'platform') throw platformTokenRefused();
    if (p.kind !== 'agent' || p.roleId !== 'owner') throw ownerOnly();
    await next();
  };
}
