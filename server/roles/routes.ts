// Roles: the four built-in ones plus custom roles made of resource × action permissions.
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
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { forbidden, orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { isBuiltInRole } from './permissions.ts';
import { assertCanGrant } from './grants.ts';
import { getRole, listRoles } from './queries.ts';
import { RoleBody, RolePatchBody, RoleSchema } from './schemas.ts';
import { createRole, deleteRole, newRole, patchedRole, updateRole } from './service.ts';

export function createRoleRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Role', 'rol_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/roles',
      operationId: 'listRoles',
      tags: ['Roles'],
      summary: 'List built-in and custom roles',
      security: SECURITY.tenant,
      middleware: [requirePermission('roles:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(RoleSchema), nextCursor: z.null() }), 'All roles'),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: await listRoles(db, c.get('tenantId')), nextCursor: null }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/roles/{id}',
      operationId: 'getRole',
      tags: ['Roles'],
      summary: 'Read a role',
      security: SECURITY.tenant,
      middleware: [requirePermission('roles:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(RoleSchema, 'The role'), ...commonErrors },
    }),
    async (c) => {
      return c.json(orNotFound(await getRole(db, c.get('tenantId'), c.req.valid('param').id), 'Role'), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/roles',
      operationId: 'createRole',
      tags: ['Roles'],
      summary: 'Create a custom role',
      description:
        'The role may not exceed its maker: every permission held, and each condition of a limited maker (own tickets, teams, priorities within theirs) kept. Refusals are 403 naming what is missing. `conditions.own` and `ownTicketsOnly` are one condition (422 when both are sent and disagree).',
      security: SECURITY.tenant,
      middleware: [requirePermission('roles:create')] as const,
      request: { body: jsonBody(RoleBody) },
      responses: { 201: jsonContent(RoleSchema, 'Created'), 409: problemResponse('Name taken'), ...commonErrors },
    }),
    async (c) => {
      const role = newRole(c.req.valid('json'));
      assertCanGrant(tenantPrincipal(c), role);
      return c.json(await createRole(db, actorOf(c), role, deps.now()), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/roles/{id}',
      operationId: 'updateRole',
      tags: ['Roles'],
      summary: 'Change a custom role (built-in roles are fixed)',
      description:
        "Both the role as it is and as it becomes must be within the editor's own permissions and own-tickets limit (403 naming what is missing).",
      security: SECURITY.tenant,
      middleware: [requirePermission('roles:update')] as const,
      request: { params: Params, body: jsonBody(RolePatchBody) },
      responses: { 200: jsonContent(RoleSchema, 'The role'), 409: problemResponse('Name taken'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const current = orNotFound(await getRole(db, c.get('tenantId'), id), 'Role');
      if (isBuiltInRole(id)) throw forbidden('Built-in roles cannot be changed; create a custom role instead.');
      const next = patchedRole(current, body);
      // Both sides: a role above the editor is not theirs to touch, and the result may not exceed them.
      const p = tenantPrincipal(c);
      assertCanGrant(p, current);
      assertCanGrant(p, next);
      return c.json(await updateRole(db, actorOf(c), id, body, next, deps.now()), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/roles/{id}',
      operationId: 'deleteRole',
      tags: ['Roles'],
      summary: 'Delete a custom role no agent holds',
      description: "Only a role within the caller's own permissions.",
      security: SECURITY.tenant,
      middleware: [requirePermission('roles:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, 409: problemResponse('Role still assigned'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const role = orNotFound(await getRole(db, c.get('tenantId'), id), 'Role');
      if (isBuiltInRole(id)) throw forbidden('Built-in roles cannot be deleted.');
      assertCanGrant(tenantPrincipal(c), role);
      await deleteRole(db, actorOf(c), id, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
