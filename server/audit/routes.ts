// GET /audit-log: the tenant's security-relevant history, newest first.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { invalidField } from '../lib/problem.ts';
import { listAudit, listAuditActions, toAuditDto } from './log.ts';

const AuditEntrySchema = z
  .object({
    id: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().openapi({
      description: 'Who acted, in words: the agent or API key name, "Platform operator", "Not signed in"…',
    }),
    action: z.string().openapi({ example: 'auth.login_failed' }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetLabel: z.string().nullable().openapi({
      description: 'What was acted on, in words ("Role: Support lead"); null when the entry names no object.',
      example: 'Webhook: https://example.com/hooks/helpdesk',
    }),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

const instant = z.iso.datetime({ offset: true });

const AuditQuery = PageQuerySchema.extend({
  action: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'One action, as `GET /audit-log/actions` lists them.' }),
  actorId: z.string().min(1).max(64).optional().openapi({ description: 'Entries by this agent or API key.' }),
  from: instant.optional().openapi({ description: 'Entries at or after this instant.' }),
  to: instant.optional().openapi({ description: 'Entries before this instant.' }),
});

export function createAuditRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log',
      operationId: 'listAuditLog',
      tags: ['Audit log'],
      summary: 'Audit entries, newest first, by action, actor and time range',
      security: SECURITY.tenant,
      middleware: [requirePermission('audit-log:read')] as const,
      request: { query: AuditQuery },
      responses: { 200: jsonContent(pageOf(AuditEntrySchema), 'A page of entries'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, action, actorId, from, to } = c.req.valid('query');
      const [fromIso, toIso] = [from && new Date(from).toISOString(), to && new Date(to).toISOString()];
      if (fromIso && toIso && toIso <= fromIso) throw invalidField('to', 'must be later than from');
      const before = decodeCursor(cursor, Keyset.seq);
      const rows = await listAudit(deps.db, c.get('tenantId'), before ? before[0] : null, limit, {
        action,
        actorId,
        from: fromIso,
        to: toIso,
      });
      return c.json(
        toPage(rows, limit, (r) => [r.seq], toAuditDto),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/audit-log/actions',
      operationId: 'listAuditActions',
      tags: ['Audit log'],
      summary: 'The actions recorded in the audit log, with how often (for a filter picker)',
      security: SECURITY.tenant,
      middleware: [requirePermission('audit-log:read')] as const,
      responses: {
        200: jsonContent(
          z
            .object({
              data: z.array(
                z.object({ action: z.string().openapi({ example: 'auth.login' }), count: z.number().int().min(1) }),
              ),
            })
            .openapi('AuditActions'),
          'Every recorded action, alphabetically',
        ),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: await listAuditActions(deps.db, c.get('tenantId')) }, 200),
  );
  return router;
}
