// GET /mail-log (the tenant's outbound mail) and GET/PATCH /me/notifications (which mail an agent gets).
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { commonErrors, createRouter, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { badRequest, forbidden } from '../lib/problem.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { listMailLog, type MailLogRow } from './outbound-queries.ts';
import {
  MAIL_STATUSES,
  MailLogEntrySchema,
  NotificationPrefsPatchSchema,
  NotificationPrefsSchema,
  type MailLogEntry,
} from './outbound-schemas.ts';
import { getAgentNotifications, updateAgentNotifications } from './outbound-service.ts';

const toEntry = (r: MailLogRow): MailLogEntry => ({
  id: r.id,
  ticketId: r.ticket_id,
  kind: r.kind as MailLogEntry['kind'],
  recipient: r.recipient,
  subject: r.subject,
  messageId: r.message_id,
  status: r.status as MailLogEntry['status'],
  attempts: r.attempts,
  nextAttemptAt: r.status === 'queued' ? r.next_attempt_at : null,
  smtpResponse: r.smtp_response,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sentAt: r.sent_at,
});

const MailLogQuery = PageQuerySchema.extend({
  status: z.enum(MAIL_STATUSES).optional(),
  ticketId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .openapi({ description: 'Only mail about this ticket.' }),
});

export function createMailRoutes(deps: Deps) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/mail-log',
      operationId: 'listMailLog',
      tags: ['Email'],
      summary: 'Outbound mail, newest first: recipient, subject, status and the SMTP answer',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      request: { query: MailLogQuery },
      responses: { 200: jsonContent(pageOf(MailLogEntrySchema), 'A page of mail'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, status, ticketId } = c.req.valid('query');
      const before = decodeCursor(cursor, Keyset.timeId);
      const rows = await listMailLog(deps.db, c.get('tenantId'), ticketScopeOf(c), { status, ticketId, before, limit });
      return c.json(
        toPage(rows, limit, (r) => [r.created_at, r.id], toEntry),
        200,
      );
    },
  );

  const agentOf = (c: Parameters<typeof tenantPrincipal>[0]) => {
    const p = tenantPrincipal(c);
    if (p.kind !== 'agent') throw badRequest('Notification settings belong to an agent; sign in as one.');
    return p;
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/notifications',
      operationId: 'getMyNotifications',
      tags: ['Email'],
      summary: 'Which notification mails the signed-in agent gets',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(NotificationPrefsSchema, 'The choices'), ...commonErrors },
    }),
    async (c) => {
      const p = agentOf(c);
      return c.json(await getAgentNotifications(deps.db, p.tenantId, p.agentId), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/me/notifications',
      operationId: 'updateMyNotifications',
      tags: ['Email'],
      summary: 'Turn notification mails on or off for the signed-in agent',
      security: SECURITY.tenant,
      request: { body: jsonBody(NotificationPrefsPatchSchema) },
      responses: { 200: jsonContent(NotificationPrefsSchema, 'The choices now'), ...commonErrors },
    }),
    async (c) => {
      const p = agentOf(c);
      const patch = c.req.valid('json');
      if (patch.weeklySummary && !p.permissions.has('analytics:read'))
        throw forbidden('The weekly summary holds the reports; your role may not read them (analytics:read).');
      return c.json(await updateAgentNotifications(deps, p.tenantId, p.agentId, patch, deps.now()), 200);
    },
  );

  return router;
}
