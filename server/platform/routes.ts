// The platform operator's endpoints (bearer PLATFORM_ADMIN_TOKEN): create, list, suspend, reactivate tenants.
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import type { Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePlatform } from '../middleware/permission.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { actorOf } from '../audit/audit.ts';
import { toAgentDto } from '../agents/queries.ts';
import { AgentSchema } from '../agents/schemas.ts';
import { listTenants, toTenantDto } from '../tenants/queries.ts';
import { OwnerSchema, TenantSchema } from '../tenants/schemas.ts';
import { createTenant, setTenantStatus } from '../tenants/service.ts';
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
      operationId: 'createTenant',
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
      const { tenant, agent } = await createTenant(db, actorOf(c), body, deps.now());
      return c.json({ tenant: toTenantDto(tenant, deps.env.INBOUND_DOMAIN), agent: toAgentDto(agent) }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      operationId: 'listTenants',
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
      return c.json(
        toPage(
          rows,
          limit,
          (t) => [t.createdAt, t.id],
          (t) => toTenantDto(t, deps.env.INBOUND_DOMAIN),
        ),
        200,
      );
    },
  );

  const setStatus = (path: string, operationId: string, status: 'suspended' | 'active', summary: string) =>
    router.openapi(
      createRoute({
        method: 'post',
        path,
        operationId,
        tags: ['Platform'],
        summary,
        security: SECURITY.platform,
        middleware: guard,
        request: { params: IdParam('Tenant', 'ten_…') },
        responses: {
          200: jsonContent(TenantSchema, 'The tenant'),
          409: problemResponse('Suspending a tenant whose deletion is pending'),
          ...commonErrors,
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const tenant = await setTenantStatus(db, actorOf(c), id, status, deps.now());
        return c.json(toTenantDto(tenant, deps.env.INBOUND_DOMAIN), 200);
      },
    );
  setStatus(
    '/tenants/{id}/suspend',
    'suspendTenant',
    'suspended',
    'Suspend a tenant (403 everywhere but billing and export)',
  );
  setStatus(
    '/tenants/{id}/reactivate',
    'reactivateTenant',
    'active',
    'Reactivate a suspended or cancelled tenant (undoes a pending deletion)',
  );

  return router;
}
