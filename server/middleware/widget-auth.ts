// Widget calls: the publishable key names the tenant; the page's Origin must be one the tenant allows.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { forbidden, tenantInactive, unauthorized } from '../lib/problem.ts';

const ALLOW_HEADERS = 'Content-Type, X-Widget-Key, Authorization, Idempotency-Key, Last-Event-ID';
const EXPOSE_HEADERS = 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';

/**
 * An empty list means "any origin" until the owner sets one (contract §3). The help desk's own
 * origin (the inbox's live widget preview) is always allowed.
 */
export function originAllowed(tenant: TenantRecord, origin: string | undefined, ownOrigin?: string): boolean {
  if (!origin || tenant.allowedOrigins.length === 0 || origin === ownOrigin) return true;
  return tenant.allowedOrigins.includes(origin);
}

/**
 * Preflights carry no widget key, so they cannot be checked per tenant: they are answered
 * for any origin, and the real request that follows is refused if its origin is not allowed.
 * Responses never carry credentials (the visitor token travels in a header), so `*`-free
 * reflection without Allow-Credentials is safe.
 */
export function widgetCors(ownOrigin: string): MiddlewareHandler<AppEnv> {
  return async function widgetCorsMiddleware(c, next) {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': origin ?? '*',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    await next();
    const tenant = c.get('tenant') as TenantRecord | undefined;
    if (origin && (!tenant || originAllowed(tenant, origin, ownOrigin))) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    c.res.headers.append('Vary', 'Origin');
  };
}

/** Sets c.var.tenant / tenantId from X-Widget-Key (or ?key= for EventSource, which cannot send headers). */
export function widgetAuth(deps: Deps): MiddlewareHandler<AppEnv> {
  const ownOrigin = new URL(deps.env.PUBLIC_URL).origin;
  return async function widgetAuthMiddleware(c, next) {
    const key = c.req.header('x-widget-key') ?? c.req.query('key');
    if (!key || !key.startsWith('hd_pk_')) throw unauthorized('Send the publishable widget key in X-Widget-Key.');
    const tenant = await deps.widgetKeyCache.tenantFor(key);
    if (!tenant) throw unauthorized('Unknown widget key.');
    if (tenant.status !== 'active') throw tenantInactive(tenant.status, 'This help desk is not available right now.');
    if (!originAllowed(tenant, c.req.header('origin'), ownOrigin)) {
      throw forbidden(
        'This website is not allowed to use this help desk widget. Add its origin under allowed origins.',
      );
    }
    c.set('tenant', tenant);
    c.set('tenantId', tenant.id);
    await next();
  };
}
