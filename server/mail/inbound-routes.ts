// Inbound mail over HTTP (an MTA or a mail provider's inbound hook posts one raw mail) and the agents'
// view of a mail as it arrived ("Show original").
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { notFound, unauthorized, unsupportedMediaType } from '../lib/problem.ts';
import { getTicketRow } from '../tickets/queries.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { receiveInboundMail } from './inbound-service.ts';
import { getOriginal, listOriginals, type OriginalRow } from './inbound-queries.ts';
import { parseInbound } from './inbound-parse.ts';

export const INBOUND_EMAIL_PATH = '/api/v1/inbound/email';

const InboundResultSchema = z
  .object({
    disposition: z.enum(['created', 'replied', 'spam', 'ignored']).openapi({
      description:
        "`created`: a new ticket (also a follow-up of a closed ticket, see the ticket's `followUpOf`); `replied`: joined its ticket; `spam`: kept as a spam ticket (failed spam signals, or an automated mail that starts no thread); `ignored`: nothing written — a bounce (the outbound mail is marked bounced), a mail already received (same Message-ID; names the ticket it joined) or our own mail coming back.",
    }),
    ticketId: z.string().optional(),
    messageId: z.string().optional(),
    reason: z.string().optional().openapi({ description: 'Why it was ignored or kept as spam.' }),
  })
  .openapi('InboundEmailResult');

const OriginalSummarySchema = z
  .object({
    messageId: z.string().openapi({ description: 'The ticket message this mail became.' }),
    mailMessageId: z.string().nullable().openapi({ description: 'Its Message-ID header, without angle brackets.' }),
    from: z.string(),
    subject: z.string(),
    size: z.number().int().openapi({ description: 'Bytes, as received.' }),
    receivedAt: z.string(),
  })
  .openapi('MailOriginalSummary');

const AttachmentNameSchema = z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() });

const OriginalSchema = OriginalSummarySchema.extend({
  source: z.string().openapi({
    description: 'The raw mail as received (headers and MIME body), decoded as UTF-8; cut at 1 MB (see `truncated`).',
  }),
  truncated: z.boolean(),
  html: z.string().nullable().openapi({ description: 'The HTML part, sanitized (no scripts, styles or images).' }),
  attachments: z.array(AttachmentNameSchema),
}).openapi('MailOriginal');

const SOURCE_VIEW_BYTES = 1024 * 1024;

const summary = (r: OriginalRow) => ({
  messageId: r.message_id,
  mailMessageId: r.mail_message_id,
  from: r.sender,
  subject: r.subject,
  size: r.size,
  receivedAt: r.received_at,
});

const TicketParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'tkt_…', description: 'Ticket id' }),
});

export function createInboundMailRoutes(deps: Deps) {
  const router = createRouter();
  const { db } = deps;

  /** The inbound token, not a tenant credential: the credential middleware lets this path through to here. */
  const inboundToken = async (c: Context<AppEnv>, next: Next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!m || !deps.inboundToken(m[1]!))
      throw unauthorized('Send the inbound email token: Authorization: Bearer <INBOUND_EMAIL_TOKEN>.');
    await next();
  };

  router.openapi(
    createRoute({
      method: 'post',
      path: '/inbound/email',
      operationId: 'receiveInboundEmail',
      tags: ['Email'],
      summary: "Receive one raw mail (for an MTA or a mail provider's inbound hook)",
      description:
        "The body is one RFC 5322 message (up to 25 MB). The recipient is taken from `?to=`, else from the mail's To, Cc, Delivered-To and X-Original-To: the first `<slug>@INBOUND_DOMAIN` (or `<slug>+<token>@…`) of an active tenant. The token reaches every tenant: it is the server operator's, not a tenant's.",
      security: [{ inboundToken: [] }],
      middleware: [inboundToken] as const,
      request: {
        query: z.object({
          to: z
            .string()
            .min(3)
            .max(254)
            .optional()
            .openapi({ description: "The envelope recipient, when the mail's headers do not name it (forwarding)." }),
        }),
        body: {
          required: true,
          content: { 'message/rfc822': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
      responses: {
        202: jsonContent(InboundResultSchema, 'Accepted: what became of the mail'),
        400: commonErrors[400],
        401: commonErrors[401],
        403: commonErrors[403],
        404: commonErrors[404],
        413: problemResponse('The mail is larger than 25 MB'),
        415: problemResponse('The body is not message/rfc822'),
        422: problemResponse('No known recipient, or no valid From address'),
        429: problemResponse('Too many mails from this sender, or to this tenant, right now'),
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'message/rfc822') throw unsupportedMediaType('Send the mail as Content-Type: message/rfc822.');
      const raw = Buffer.from(await c.req.arrayBuffer());
      const to = c.req.valid('query').to;
      const result = await receiveInboundMail(deps, raw, { to: to ? [to] : [] });
      return c.json(result, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/mail-originals',
      operationId: 'listTicketMailOriginals',
      tags: ['Email'],
      summary: 'The mails that became messages of this ticket (one per message), as kept',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: TicketParam },
      responses: {
        200: jsonContent(z.object({ data: z.array(OriginalSummarySchema) }), 'The kept mails, oldest first'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const row = await getTicketRow(db, tenantId, c.req.valid('param').id, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      return c.json({ data: (await listOriginals(db, tenantId, row.id)).map(summary) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tickets/{id}/messages/{messageId}/original',
      operationId: 'getTicketMessageOriginal',
      tags: ['Email'],
      summary: 'The mail a message came from, as received: source, sanitized HTML, attachment names',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: {
        params: TicketParam.extend({
          messageId: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: 'messageId', in: 'path' }, example: 'msg_…', description: 'Message id' }),
        }),
      },
      responses: { 200: jsonContent(OriginalSchema, 'The original mail'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id, messageId } = c.req.valid('param');
      const row = await getTicketRow(db, tenantId, id, ticketScopeOf(c));
      if (!row) throw notFound('Ticket');
      const original = await getOriginal(db, tenantId, row.id, messageId);
      if (!original) throw notFound('Original mail');
      const raw = Buffer.from(original.raw as Uint8Array);
      const mail = await parseInbound(raw);
      return c.json(
        {
          ...summary(original),
          source: raw.subarray(0, SOURCE_VIEW_BYTES).toString('utf8'),
          truncated: raw.length > SOURCE_VIEW_BYTES,
          html: mail.html,
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            size: a.size,
          })),
        },
        200,
      );
    },
  );

  return router;
}
