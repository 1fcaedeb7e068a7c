// The widget's "Delete my data" (X-Widget-Key + visitor token): mails the visitor a link that confirms the erasure.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent } from '../openapi/router.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { actorOf } from '../audit/audit.ts';
import { sha256 } from '../lib/crypto.ts';
import { presentedToken, requireVisitor } from './visitor-tokens.ts';
import { requestErasureLink } from './erasure-service.ts';
import { ERASURE_LINK_HOURS } from '../mail/templates.ts';
import { pickLocale } from '../../i18n/index.ts';

export const ErasureLinkSentSchema = z
  .object({
    status: z.literal('sent').openapi({
      description:
        'The same answer whether or not a mail went out: one goes only when the email on your tickets can receive it.',
    }),
    expiresInHours: z.number().int().openapi({ example: ERASURE_LINK_HOURS }),
  })
  .openapi('ErasureLinkSent');

export function createWidgetErasureRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const windowMs = 60 * 60 * 1000;
  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/erasure-requests',
      operationId: 'requestWidgetErasure',
      tags: ['Widget'],
      summary: 'Delete my data: mail the visitor a one-time link that confirms the erasure of everything about them',
      description:
        'A link to a page whose button (a POST) queues the erasure in delete mode: the customer, their tickets, ' +
        'messages and files, the mail about them. The link works once, for ' +
        `${ERASURE_LINK_HOURS} hours; using it voids every other link. Nothing is deleted until it is used. ` +
        'The answer is `202` either way, so it never says whether an email is on file.',
      security: [{ widgetKey: [], visitorToken: [] }],
      request: {
        query: z.object({
          locale: z.string().max(64).optional().openapi({
            description: "The widget's language (en, de, ar): the mail and its page speak it",
            example: 'de',
          }),
        }),
      },
      middleware: [
        rateLimit({
          limiter: deps.limiter,
          enabled: deps.env.RATE_LIMITS,
          limit: 10,
          windowMs,
          key: (c) => `widget:erasure:ip:${c.get('tenantId')}:${clientIp(c)}`,
        }),
        rateLimit({
          limiter: deps.limiter,
          enabled: deps.env.RATE_LIMITS,
          limit: 3,
          windowMs,
          key: (c) => `widget:erasure:visitor:${c.get('tenantId')}:${sha256(presentedToken(c) ?? '')}`,
        }),
      ] as const,
      responses: {
        202: jsonContent(ErasureLinkSentSchema, 'A mail is on its way when the visitor has an email on file'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const visitor = await requireVisitor(c, db);
      const locale = pickLocale(c.req.valid('query').locale?.split(','));
      await requestErasureLink(deps, actorOf(c), c.get('tenant'), visitor, locale);
      return c.json({ status: 'sent' as const, expiresInHours: ERASURE_LINK_HOURS }, 202);
    },
  );
  return router;
}
