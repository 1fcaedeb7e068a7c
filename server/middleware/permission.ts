// The one permission guard: a route names what it needs; lacking it is a 403 naming the permission.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import type { Permission } from '../roles/permissions.ts';
import { Problem } from '../lib/problem.ts';

const platformRefused = () => new Problem(403, 'The platform token manages tenants; use a tenant credential here.');

/** Throws the 403 the guard would; for the few routes whose need depends on the body. */
export function assertPermission(c: Context<AppEnv>, permission: Permission) {
  const p = c.get('principal');
  if (p.kind === 'platform') throw platformRefused();
  if (!p.permissions.has(permission)) {
    throw new Problem(403, `Missing permission ${permission}.`, {
      type: 'https://helpdesk.dev/problems/missing-permission',
      extra: { permission },
    });
  }
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async function permissionGuard(c, next) {
    assertPermission(c, permission);
    await next();
  };
}

export function requirePlatform(): MiddlewareHandler<AppEnv> {
  return async function platformGuard(c, next) {
    if (c.get('principal').kind !== 'platform') {
      throw new Problem(403, 'This endpoint needs the platform admin token.');
    }
    await next();
  };
}
