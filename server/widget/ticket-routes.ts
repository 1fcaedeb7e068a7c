// The widget's ticket calls (X-Widget-Key): submit, list own tickets, reply, and identify with a userHash.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, problemResponse } from '../openapi/router.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { idempotency } from '../middleware/idempotency.ts';
import { hmacSha256Hex, safeEqual } from '../lib/crypto.ts';
import { notFound, unauthorized } from '../lib/problem.ts';
import { getCustomer } from '../customers/queries.ts';
import { getTicketRows, listMessages, toTicket } from '../tickets/queries.ts';
import { replyAsVisitor, submitWidgetTicket } from '../tickets/service.ts';
import { identifyVisitor } from './ticket-service.ts';
import { withLinks, withLinksOne } from '../files/present.ts';
import {
  IdentifyBody,
  publicMessage,
  publicTicket,
  VisitorCustomerSchema,
  WidgetMessageSchema,
  WidgetReplyBody,
  WidgetTicketBody,
  WidgetTicketWithThreadSchema,
  type SpamSignalFields,
} from './ticket-schemas.ts';
import { findVisitor, presentedToken, requireVisitor, visitorTicketIds } from './visitor-tokens.ts';

/** A person filling the form takes longer than this; a script posting at once does not. */
export const MIN_FILL_MS = 1500;
const VISITOR_SECURITY = [{ widgetKey: [], visitorToken: [] }];

const waitMessage = (s: number) => `You're sending requests too quickly. Please wait ${s} seconds and try again.`;

/**
 * Whether the submission looks automated (honeypot filled, filled faster than a person types). Such a
 * ticket is still kept — as spam, for an agent to release or delete — because a person in a hurry, or a
 * website owner's browser test, must never lose what they wrote. Floods are the rate limits' job.
 */
export function failsSpamSignals(body: SpamSignalFields, now: Date): boolean {
  if (body.website && body.website.trim() !== '') return true;
  if (body.elapsedMs !== undefined && body.elapsedMs < MIN_FILL_MS) return true;
  if (body.startedAt !== undefined && now.getTime() - body.startedAt < MIN_FILL_MS) return true;
  return false;
}

export function createWidgetTicketRoutes(deps: Deps) {
  const { db, limiter } = deps;
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'visitorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'hd_vt_… visitor token from a ticket submission or identify',
  });
  const limit = (name: string, perIp: number, perTenant: number, windowMs: number) => [
    rateLimit({
      limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: perIp,
      windowMs,
      key: (c) => `widget:${name}:ip:${c.get('tenantId')}:${clientIp(c)}`,
      message: waitMessage,
    }),
    rateLimit({
      limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: perTenant,
      windowMs,
      key: (c) => `widget:${name}:tenant:${c.get('tenantId')}`,
      message: waitMessage,
    }),
  ];
  const writeLimits = limit('write', 20, 600, 10 * 60 * 1000);
  const readLimits = limit('read', 120, 6000, 60 * 1000);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/tickets',
      operationId: 'createWidgetTicket',
      tags: ['Widget'],
      summary: 'Submit a ticket from the widget; answers the ticket and a visitor token (shown once)',
      description:
        'Send a visitor token you already hold as `Authorization: Bearer hd_vt_…` to add the ticket to it (the same token comes back). ' +
        'Spam signals (`website` honeypot, `elapsedMs`/`startedAt` fill time) never refuse: a submission failing them gets the same answer ' +
        "and is kept in the agents' Spam view (the visitor still sees it). Floods get 429 with Retry-After. " +
        "At the help desk's ticket limit the ticket is still accepted: agents see it once the limit lifts.",
      security: [{ widgetKey: [] }],
      middleware: [...writeLimits, idempotency(deps)] as const,
      request: { body: jsonBody(WidgetTicketBody) },
      responses: {
        201: jsonContent(z.object({ ticket: WidgetTicketWithThreadSchema, visitorToken: z.string() }), 'Submitted'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const now = deps.now();
      const tenant = c.get('tenant');
      const presented = presentedToken(c);
      const held = presented ? await findVisitor(db, tenant.id, presented) : null;
      const { ticket, message, visitor } = await submitWidgetTicket(
        deps,
        tenant,
        {
          subject: body.subject,
          message: body.message,
          email: body.email,
          name: body.name,
          customFields: body.customFields,
          session: body.session,
          spam: failsSpamSignals(body, now),
          attachmentIds: body.attachmentIds,
        },
        held,
        now,
      );
      const pub = await withLinksOne(
        deps,
        tenant.id,
        { kind: 'visitor', tokenHash: visitor.tokenHash },
        publicMessage({ ...message, author: { ...message.author, id: ticket.requester.id } })!,
      );
      return c.json({ ticket: { ...publicTicket(ticket), messages: [pub] }, visitorToken: visitor.token }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/tickets',
      operationId: 'listWidgetTickets',
      tags: ['Widget'],
      summary: "The visitor's own tickets with their public messages (never internal notes)",
      security: VISITOR_SECURITY,
      middleware: readLimits,
      responses: {
        200: jsonContent(
          z.object({
            data: z.array(WidgetTicketWithThreadSchema),
            customer: VisitorCustomerSchema.openapi({
              description: 'Who the token belongs to, so the widget can prefill its form',
            }),
          }),
          'Your tickets, latest first',
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const visitor = await requireVisitor(c, db);
      const ids = (await visitorTicketIds(db, tenantId, visitor)).slice(0, 100);
      const [rows, messages, customer] = await Promise.all([
        getTicketRows(db, tenantId, ids),
        listMessages(db, tenantId, ids, true),
        getCustomer(db, tenantId, visitor.customerId),
      ]);
      const now = deps.now();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const visible = await withLinks(
        deps,
        tenantId,
        { kind: 'visitor', tokenHash: visitor.tokenHash },
        messages.flatMap((m) => publicMessage(m) ?? []),
      );
      const data = ids
        .filter((id) => byId.has(id))
        .map((id) => ({
          ...publicTicket(toTicket(byId.get(id)!, now)),
          messages: visible.filter((m) => m.ticketId === id),
        }));
      return c.json({ data, customer: { email: customer?.email ?? '', name: customer?.name ?? null } }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/tickets/{id}/messages',
      operationId: 'createWidgetTicketMessage',
      tags: ['Widget'],
      summary: 'Reply to one of your tickets (a resolved ticket opens again)',
      security: VISITOR_SECURITY,
      middleware: [...writeLimits, idempotency(deps)] as const,
      request: { params: IdParam('Ticket', 'tkt_…'), body: jsonBody(WidgetReplyBody) },
      responses: {
        201: jsonContent(WidgetMessageSchema, 'Sent'),
        409: problemResponse('The ticket is closed'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      // A reply comes with the visitor token of its ticket, so spam signals do not apply: it is always kept.
      const now = deps.now();
      const tenant = c.get('tenant');
      const visitor = await requireVisitor(c, db);
      if (!(await visitorTicketIds(db, tenant.id, visitor)).includes(id)) throw notFound('Ticket');
      const { message } = await replyAsVisitor(db, tenant, visitor, id, body.body, now, body.attachmentIds);
      deps.typing.stop(tenant.id, id, 'visitor');
      return c.json(
        await withLinksOne(deps, tenant.id, { kind: 'visitor', tokenHash: visitor.tokenHash }, publicMessage(message)!),
        201,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/identify',
      operationId: 'identifyWidgetVisitor',
      tags: ['Widget'],
      summary: 'Identify a signed-in user of your site; answers a visitor token for all their tickets on any device',
      description:
        '`userHash` = hex HMAC-SHA256(identity secret, userId), computed on your server. A wrong hash answers 401 and reveals nothing. ' +
        'The first identify links the customer with this email (tickets sent before signing in included) to the userId.',
      security: [{ widgetKey: [] }],
      middleware: limit('identify', 30, 3000, 60 * 1000),
      request: { body: jsonBody(IdentifyBody) },
      responses: {
        200: jsonContent(z.object({ visitorToken: z.string(), customer: VisitorCustomerSchema }), 'Identified'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const tenant = c.get('tenant');
      const expected = hmacSha256Hex(tenant.identitySecret, body.userId);
      if (!safeEqual(expected, body.userHash.toLowerCase())) throw unauthorized('Identity verification failed.');
      const now = deps.now();
      const { visitor, customer } = await identifyVisitor(db, tenant.id, body, now);
      return c.json({ visitorToken: visitor.token, customer: { email: customer.email, name: customer.name } }, 200);
    },
  );

  return router;
}
