// Custom ticket field definitions: list, create, change, delete (text, number, select, checkbox, date; required or not).
import { createRoute, z } from '@hono/zod-openapi';
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
import { requirePermission } from '../middleware/permission.ts';
import { listFields } from './queries.ts';
import { CreateFieldBody, CustomFieldSchema, PatchFieldBody } from './schemas.ts';
import { createCustomField, deleteCustomField, updateCustomField } from './service.ts';

export function createCustomFieldRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Custom field', 'fld_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/custom-fields',
      operationId: 'listCustomFields',
      tags: ['Custom fields'],
      summary: "The tenant's custom ticket fields, in display order",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      responses: { 200: jsonContent(z.object({ data: z.array(CustomFieldSchema) }), 'All fields'), ...commonErrors },
    }),
    async (c) => c.json({ data: await listFields(db, c.get('tenantId')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/custom-fields',
      operationId: 'createCustomField',
      tags: ['Custom fields'],
      summary: 'Define a custom ticket field',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(CreateFieldBody) },
      responses: {
        201: jsonContent(CustomFieldSchema, 'Created'),
        409: problemResponse('Key already used'),
        ...commonErrors,
      },
    }),
    async (c) => {
      return c.json(await createCustomField(db, c.get('tenantId'), c.req.valid('json'), deps.now()), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/custom-fields/{id}',
      operationId: 'updateCustomField',
      tags: ['Custom fields'],
      summary: "Change a field's label, required flag, options or position (key and type are fixed)",
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params, body: jsonBody(PatchFieldBody) },
      responses: { 200: jsonContent(CustomFieldSchema, 'The field'), ...commonErrors },
    }),
    async (c) => {
      return c.json(
        await updateCustomField(db, c.get('tenantId'), c.req.valid('param').id, c.req.valid('json'), deps.now()),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/custom-fields/{id}',
      operationId: 'deleteCustomField',
      tags: ['Custom fields'],
      summary: 'Delete a field definition (values already on tickets are kept as they are)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deleteCustomField(db, c.get('tenantId'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return router;
}
