// The platform operator's endpoints (bearer PLATFORM_ADMIN_TOKEN): create, list, suspend, reactivate tenants.
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requirePlatform } from '../middleware/permission.ts';
import { hashPassword } from '../lib/crypto.ts';
import { notFound } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf, audit } from '../audit/audit.ts';
import { toAgentDto } from '../agents/queries.ts';
import { AgentSchema } from '../agents/schemas.ts';
import { getTenant, listTenants, toTenantDto, updateTenant } from '../tenants/queries.ts';
import { OwnerSchema, TenantSchema } from '../tenants/schemas.ts';
import { provisionTenant } from '../tenants/provision.ts';
import { PLANS } from '../tenants/plans.ts';

const CreateTenantBody = z
  .object({ name: text({ max: 120, nonEmpty: true }), plan: z.enum(PLANS).default('professional'), owner: OwnerSchema })
  .openapi('CreateTenant');

export function createPlatformRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const guard = requirePlatform();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/tenants',
      tags: ['Platform'],
      summary: 'Create a tenant with its owner agent',
      security: SECURITY.platform,
      middleware: guard,
      request: { body: jsonBody(CreateTenantBody) },
      responses: {
        201: jsonContent(z.object({ tenant: TenantSchema, agent: AgentSchema }), 'Created'),
        409: problemResponse('Owner email already registered'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const now = deps.now();
      const passwordHash = await hashPassword(body.owner.password);
      const { tenant, agent } = await db.tx(async (tx) => {
        const made = await provisionTenant(tx, { tenantName: body.name, plan: body.plan, owner: { ...body.owner, passwordHash } }, now);
        await audit(actorOf(c), tx, { tenantId: made.tenant.id, action: 'tenant.created', targetType: 'tenant', targetId: made.tenant.id, details: { plan: body.plan } }, now);
        return made;
      });
      return c.json({ tenant: toTenantDto(tenant), agent: toAgentDto(agent) }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      tags: ['Platform'],
      summary: 'List tenants, oldest first',
      security: SECURITY.platform,
      middleware: guard,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(TenantSchema), 'A page of tenants'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, Keyset.timeId);
      const rows = await listTenants(db, after, limit);
      return c.json(toPage(rows, limit, (t) => [t.createdAt, t.id], toTenantDto), 200);
    },
  );

  const setStatus = (path: string, status: 'suspended' | 'active', summary: string) =>
    router.openapi(
      createRoute({
        method: 'post',
        path,
        tags: ['Platform'],
        summary,
        security: SECURITY.platform,
        middleware: guard,
        request: { params: IdParam('Tenant', 'ten_…') },
        responses: { 200: jsonContent(TenantSchema, 'The tenant'), ...commonErrors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        if (!(await getTenant(db, id))) throw notFound('Tenant');
        const now = deps.now();
        const tenant = await db.tx(async (tx) => {
          const t = await updateTenant(tx, id, { status }, now.toISOString());
          await audit(actorOf(c), tx, { tenantId: id, action: `tenant.${status === 'active' ? 'reactivated' : 'suspended'}`, targetType: 'tenant', targetId: id }, now);
          return t;
        });
        return c.json(toTenantDto(tenant), 200);
      },
    );
  setStatus('/tenants/{id}/suspend', 'suspended', 'Suspend a tenant (403 everywhere but billing and export)');
  setStatus('/tenants/{id}/reactivate', 'active', 'Reactivate a suspended or cancelled tenant');

  return router;
}
