// A tenant's own account: read and update profile, origins, branding, settings, subscription; rotate keys.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { notFound } from '../lib/problem.ts';
import { assertFeature, assertPermission, requirePermission } from '../middleware/permission.ts';
import { actorOf } from '../audit/audit.ts';
import { getTenant, toTenantDto, type TenantRecord } from './queries.ts';
import { rotateTenantSecret, updateTenant } from './service.ts';
import { TenantPatchSchema, TenantSchema, type TenantPatch } from './schemas.ts';
import { operatorOnly } from './plans.ts';
import { assertGroupRolesGrantable } from '../roles/group-roles.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { assertNoLockout } from './lockout.ts';

const Params = IdParam('Tenant', 'ten_…');

/** The platform sees any tenant; a tenant credential sees only its own, and others are 404. */
async function loadVisibleTenant(c: Context<AppEnv>, deps: Deps, id: string): Promise<TenantRecord> {
  const p = c.get('principal');
  if (p.kind !== 'platform' && p.tenantId !== id) throw notFound('Tenant');
  const t = await getTenant(deps.db, id);
  if (!t) throw notFound('Tenant');
  return t;
}

/**
 * What a tenant member may change depends on permission and plan. Plan and status are the platform
 * operator's (and later billing's): a member sending other values than the current ones is refused,
 * so an owner cannot upgrade, cancel or reactivate their own account.
 */
async function checkTenantPatch(c: Context<AppEnv>, deps: Deps, tenant: TenantRecord, patch: TenantPatch) {
  const p = c.get('principal');
  if (p.kind === 'platform') return;
  const { subscription, ...rest } = patch;
  if (Object.keys(rest).length > 0) assertPermission(c, 'settings:update');
  if (subscription?.plan !== undefined && subscription.plan !== tenant.plan)
    throw operatorOnly('plan', tenant.plan, subscription.plan);
  if (subscription?.status !== undefined && subscription.status !== tenant.status)
    throw operatorOnly('status', tenant.status, subscription.status);
  const whiteLabel = patch.branding && (patch.branding.customCss || patch.branding.hidePoweredBy);
  if (whiteLabel) await assertFeature(c, deps, 'white-label', tenant);
}

export function createTenantRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{id}',
      operationId: 'getTenant',
      tags: ['Tenant'],
      summary: 'Read a tenant (your own, or any with the platform token)',
      security: [...SECURITY.tenant, ...SECURITY.platform],
      request: { params: Params },
      responses: { 200: jsonContent(TenantSchema, 'The tenant'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenant = await loadVisibleTenant(c, deps, id);
      if (c.get('principal').kind !== 'platform') assertPermission(c, 'settings:read');
      return c.json(toTenantDto(tenant, deps.env.INBOUND_DOMAIN), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/tenants/{id}',
      operationId: 'updateTenant',
      tags: ['Tenant'],
      summary: 'Update name, domain, allowed origins, branding, settings or subscription',
      description:
        'Branding and settings merge into what is stored. `settings.maxAgents`/`maxTickets` can only lower the plan limits. White-label branding needs the enterprise plan. `subscription` (plan, status) is changed by the platform token only; a tenant credential sending other values than the current ones gets 403. `security.agentIpAllowlist` / `apiIpAllowlist` (CIDR ranges; empty: anywhere) are enforced at once; a list that does not hold the caller’s own current address (the agent list for a session, the API list for an API key) is 422 naming it.',
      security: [...SECURITY.tenant, ...SECURITY.platform],
      request: { params: Params, body: jsonBody(TenantPatchSchema) },
      responses: {
        200: jsonContent(TenantSchema, 'The updated tenant'),
        ...commonErrors,
        409: problemResponse('The slug is taken by another account'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const tenant = await loadVisibleTenant(c, deps, id);
      await checkTenantPatch(c, deps, tenant, patch);
      if (patch.security?.groupRoles && c.get('principal').kind !== 'platform')
        await assertGroupRolesGrantable(db, tenantPrincipal(c), id, patch.security.groupRoles);
      if (c.get('principal').kind !== 'platform') assertNoLockout(tenantPrincipal(c), patch.security, clientIp(c));
      const updated = await updateTenant(db, actorOf(c), id, patch, deps.now());
      return c.json(toTenantDto(updated, deps.env.INBOUND_DOMAIN), 200);
    },
  );

  const rotate = (path: string, operationId: string, summary: string, field: 'widgetKey' | 'identitySecret') =>
    router.openapi(
      createRoute({
        method: 'post',
        path,
        operationId,
        tags: ['Tenant'],
        summary,
        security: SECURITY.tenant,
        middleware: [requirePermission('settings:update')] as const,
        request: { params: Params },
        responses: {
          200: jsonContent(
            z.object({ widgetKey: z.string().optional(), identitySecret: z.string().optional() }),
            'The new value',
          ),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        await loadVisibleTenant(c, deps, id);
        const value = await rotateTenantSecret(db, actorOf(c), id, field, deps.now());
        return c.json({ [field]: value }, 200);
      },
    );
  rotate(
    '/tenants/{id}/widget-key/rotate',
    'rotateWidgetKey',
    'Issue a new publishable widget key (the old one stops working)',
    'widgetKey',
  );
  rotate(
    '/tenants/{id}/identity-secret/rotate',
    'rotateIdentitySecret',
    'Issue a new identity-verification secret for userHash',
    'identitySecret',
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{id}/identity-secret',
      operationId: 'getIdentitySecret',
      tags: ['Tenant'],
      summary: 'Read the identity-verification secret (to compute userHash on your server)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(z.object({ identitySecret: z.string() }), 'The secret'), ...commonErrors },
    }),
    async (c) => {
      const tenant = await loadVisibleTenant(c, deps, c.req.valid('param').id);
      return c.json({ identitySecret: tenant.identitySecret }, 200);
    },
  );

  return router;
}
