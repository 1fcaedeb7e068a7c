// Agent routes for knowledge-base categories: list, create, read, rename/reorder, delete (articles stay, uncategorized).
import { createRoute } from '@hono/zod-openapi';
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
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { getCategory, listCategories } from './category-queries.ts';
import { createCategory, removeCategory, updateCategory } from './category-service.ts';
import { CategoryBody, CategorySchema, UpdateCategoryBody } from './schemas.ts';

const TAGS = ['Knowledge base'];
const Params = IdParam('Category', 'kbc_…');

export function createKbCategoryRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/categories',
      operationId: 'listKbCategories',
      tags: TAGS,
      summary: 'List categories in their order',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { query: PageQuerySchema },
      responses: { 200: jsonContent(pageOf(CategorySchema), 'A page of categories'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const rows = await listCategories(db, c.get('tenantId'), decodeCursor(cursor, Keyset.positionId), limit);
      return c.json(
        toPage(
          rows,
          limit,
          (r) => [r.position, r.id],
          (r) => r,
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/kb/categories',
      operationId: 'createKbCategory',
      tags: TAGS,
      summary: 'Create a category',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:create')] as const,
      request: { body: jsonBody(CategoryBody) },
      responses: { 201: jsonContent(CategorySchema, 'Created'), 409: problemResponse('Slug taken'), ...commonErrors },
    }),
    async (c) => {
      return c.json(await createCategory(db, actorOf(c), c.req.valid('json'), deps.now()), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/categories/{id}',
      operationId: 'getKbCategory',
      tags: TAGS,
      summary: 'Read a category',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(CategorySchema, 'The category'), ...commonErrors },
    }),
    async (c) => {
      return c.json(orNotFound(await getCategory(db, c.get('tenantId'), c.req.valid('param').id), 'Category'), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/kb/categories/{id}',
      operationId: 'updateKbCategory',
      tags: TAGS,
      summary: 'Rename, describe or reorder a category',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:update')] as const,
      request: { params: Params, body: jsonBody(UpdateCategoryBody) },
      responses: {
        200: jsonContent(CategorySchema, 'The category'),
        409: problemResponse('Slug taken'),
        ...commonErrors,
      },
    }),
    async (c) => {
      return c.json(
        await updateCategory(db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.now()),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/kb/categories/{id}',
      operationId: 'deleteKbCategory',
      tags: TAGS,
      summary: 'Delete a category; its articles stay, uncategorized',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await removeCategory(db, actorOf(c), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
