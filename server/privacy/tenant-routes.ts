// Whole-tenant export and deletion (issue 19): the owner's calls under /privacy and the platform operator's under
// /tenants/{id}. A deletion cancels the tenant at once; its owner can still export and undo until the purge.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { commonErrors, createRouter, IdParam, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requirePlatform } from '../middleware/permission.ts';
import { conflict, forbidden, invalidField, notFound, tenantInactive } from '../lib/problem.ts';
import { text } from '../lib/text.ts';
import { actorOf } from '../audit/audit.ts';
import { isOwner } from '../roles/grants.ts';
import { getTenant } from '../tenants/queries.ts';
import { TENANT_STATUSES } from '../tenants/plans.ts';
import { tenantArchiveStream } from './tenant-export.ts';
import { getDeletion } from './tenant-queries.ts';
import { requestTenantDeletion, tenantDeletionOf, undoTenantDeletion } from './tenant-service.ts';

const TenantDeletionSchema = z
  .object({
    status: z.literal('cancelled'),
    requestedAt: z.string(),
    purgeAfter: z
      .string()
      .openapi({ description: 'After this time the tenant and all its files are purged for good.' }),
  })
  .openapi('TenantDeletion');
const UndoneSchema = z.object({ status: z.enum(TENANT_STATUSES) }).openapi('TenantDeletionUndone');
// A query parameter, not a body: the typed name is checked by the handler (after the tenant's status), so a
// cancelled tenant's owner hears 409 and a suspended one the usual refusal.
const DeleteQuery = z.object({
  confirm: text({ max: 200 })
    .optional()
    .openapi({ description: "The help desk's name, typed by the owner (any case)." }),
});

const archive = {
  description: 'A zip streamed as it is read: tenant.json, tables/<table>.jsonl, files/…, manifest.json last',
  content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
};

function ownerOnly(c: Context<AppEnv>) {
  const p = c.get('principal');
  if (p.kind === 'platform' || !isOwner(p)) throw forbidden('Only the owner of this help desk can do this.');
}

function zipResponse(deps: Deps, tenantId: string) {
  return new Response(tenantArchiveStream(deps, tenantId), {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="helpdesk-export-${tenantId}.zip"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
}

export function createTenantLifecycleRoutes(deps: Deps) {
  const router = createRouter();
  const tags = ['Privacy'];
  const TenantParam = IdParam('Tenant', 'ten_…');
  const existing = async (id: string) => {
    if (!(await getTenant(deps.db, id))) throw notFound('Tenant');
    return id;
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/tenant-export',
      operationId: 'exportTenant',
      tags,
      summary: 'Export everything of this help desk as one streamed zip (the owner; also while it is being deleted)',
      security: SECURITY.tenant,
      responses: { 200: archive, ...commonErrors },
    }),
    async (c) => {
      ownerOnly(c);
      return zipResponse(deps, c.get('tenantId'));
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/privacy/tenant-deletion',
      operationId: 'deleteTenant',
      tags,
      summary: `Delete this help desk: cancelled at once, purged with all its files after 30 days unless undone`,
      description: "`?confirm=` must be the help desk's name (422 otherwise). A second request is 409.",
      security: SECURITY.tenant,
      request: { query: DeleteQuery },
      responses: {
        202: jsonContent(TenantDeletionSchema, 'Cancelled; purge scheduled'),
        409: problemResponse('Already being deleted'),
        ...commonErrors,
      },
    }),
    async (c) => {
      ownerOnly(c);
      const tenant = c.get('tenant');
      if (await getDeletion(deps.db, tenant.id)) throw conflict('This help desk is already being deleted.');
      if (tenant.status !== 'active')
        throw tenantInactive(tenant.status, `This account is ${tenant.status}. The platform operator can delete it.`);
      if ((c.req.valid('query').confirm ?? '').toLowerCase() !== tenant.name.trim().toLowerCase())
        throw invalidField('confirm', "Type the help desk's name to confirm.");
      return c.json(await requestTenantDeletion(deps, actorOf(c), tenant.id), 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/tenant-deletion',
      operationId: 'getTenantDeletion',
      tags,
      summary: 'The pending deletion of this help desk (404 when none)',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(TenantDeletionSchema, 'Pending'), ...commonErrors },
    }),
    async (c) => {
      ownerOnly(c);
      return c.json(await tenantDeletionOf(deps, c.get('tenantId')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/privacy/tenant-deletion',
      operationId: 'undoTenantDeletion',
      tags,
      summary: 'Take the deletion back: the help desk gets its earlier status again',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(UndoneSchema, 'Restored'), ...commonErrors },
    }),
    async (c) => {
      ownerOnly(c);
      const tenant = c.get('tenant');
      // Open to an inactive account's owner only while a deletion is pending; otherwise the usual refusal.
      if (tenant.status !== 'active' && !(await getDeletion(deps.db, tenant.id)))
        throw tenantInactive(
          tenant.status,
          `This account is ${tenant.status}. The platform operator can reactivate it.`,
        );
      return c.json(await undoTenantDeletion(deps, actorOf(c), tenant.id), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants/{id}/export',
      operationId: 'platformExportTenant',
      tags: ['Platform'],
      summary: "Export everything of a tenant as one streamed zip (the operator's copy of the owner's export)",
      security: SECURITY.platform,
      middleware: requirePlatform(),
      request: { params: TenantParam },
      responses: { 200: archive, ...commonErrors },
    }),
    async (c) => zipResponse(deps, await existing(c.req.valid('param').id)),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tenants/{id}/deletion',
      operationId: 'platformDeleteTenant',
      tags: ['Platform'],
      summary: 'Delete a tenant: cancelled at once, purged after 30 days unless undone',
      security: SECURITY.platform,
      middleware: requirePlatform(),
      request: { params: TenantParam },
      responses: {
        202: jsonContent(TenantDeletionSchema, 'Cancelled; purge scheduled'),
        409: problemResponse('Already being deleted'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await requestTenantDeletion(deps, actorOf(c), c.req.valid('param').id), 202),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/tenants/{id}/deletion',
      operationId: 'platformUndoTenantDeletion',
      tags: ['Platform'],
      summary: "Take a tenant's deletion back (404 when none is pending or it was purged)",
      security: SECURITY.platform,
      middleware: requirePlatform(),
      request: { params: TenantParam },
      responses: { 200: jsonContent(UndoneSchema, 'Restored'), ...commonErrors },
    }),
    async (c) => c.json(await undoTenantDeletion(deps, actorOf(c), c.req.valid('param').id), 200),
  );

  return router;
}
