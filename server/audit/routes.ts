// GET /audit-log: the tenant's security-relevant history, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { listAudit, toAuditDto } from './log.ts';

const AuditEntrySchema = z
  .object({
    id: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string().openapi({ example: 'auth.login_failed' }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

export function createAuditRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      operationId: 'listAuditLog',
      tags: ['Audit log'],
      summary: 'Audit entries, newest first',
      security: SECURITY.tenant,
      middleware: [requirePermission('audit-log:read')] as const,
      request: { query: PageQuerySchema.extend({ action: z.string().max(64).optional() }) },
      responses: { 200: jsonContent(pageOf(AuditEntrySchema), 'A page of entries'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, action } = c.req.valid('query');
      const before = decodeCursor(cursor, Keyset.seq);
      const rows = await listAudit(deps.db, c.get('tenantId'), before ? before[0] : null, limit, action);
      return c.json(
        toPage(rows, limit, (r) => [r.seq], toAuditDto),
        200,
      );
    },
  );
  return router;
}
