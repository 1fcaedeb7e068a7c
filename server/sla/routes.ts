// GET/PUT /sla-policies: first-response and resolution targets per priority, in business minutes.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { getSlaPolicies } from './queries.ts';
import { SlaPoliciesSchema } from './schemas.ts';
import { replaceSlaPolicies } from './service.ts';

const DESCRIPTION =
  "Targets count business minutes in the tenant's `settings.businessHours` (time zone, weekly schedule, holidays; round the clock when unset). " +
  "Due times are set on tickets created while `settings.slaEnabled` is true, and recomputed when a ticket's priority changes.";

export function createSlaRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sla-policies',
      operationId: 'getSlaPolicies',
      tags: ['SLA'],
      summary: 'SLA targets per priority',
      description: DESCRIPTION,
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      responses: {
        200: jsonContent(SlaPoliciesSchema, 'Targets by priority (a priority left out has none)'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await getSlaPolicies(db, c.get('tenantId')), 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/sla-policies',
      operationId: 'replaceSlaPolicies',
      tags: ['SLA'],
      summary: 'Replace the SLA targets per priority',
      description: DESCRIPTION,
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(SlaPoliciesSchema) },
      responses: { 200: jsonContent(SlaPoliciesSchema, 'The stored targets'), ...commonErrors },
    }),
    async (c) => {
      return c.json(await replaceSlaPolicies(db, c.get('tenantId'), c.req.valid('json'), deps.now()), 200);
    },
  );

  return router;
}
