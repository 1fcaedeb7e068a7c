// POST /widget/attachments: a visitor uploads a file (a screenshot, a log) before sending a ticket or reply.
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { commonErrors, createRouter, jsonContent, problemResponse } from '../openapi/router.ts';
import { clientIp, rateLimit } from '../middleware/rate-limit.ts';
import { handleUpload } from '../files/routes.ts';
import { UploadedSchema, uploadBody } from '../files/schemas.ts';
import { findVisitor, presentedToken } from './visitor-tokens.ts';
import { unauthorized } from '../lib/problem.ts';

export function createWidgetAttachmentRoutes(deps: Deps) {
  const router = createRouter();
  const limits = [
    rateLimit({
      limiter: deps.limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: 40,
      windowMs: 10 * 60 * 1000,
      key: (c) => `widget:upload:ip:${c.get('tenantId')}:${clientIp(c)}`,
    }),
    rateLimit({
      limiter: deps.limiter,
      enabled: deps.env.RATE_LIMITS,
      limit: 1200,
      windowMs: 10 * 60 * 1000,
      key: (c) => `widget:upload:tenant:${c.get('tenantId')}`,
    }),
  ];
  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/attachments',
      operationId: 'uploadWidgetAttachment',
      tags: ['Widget'],
      summary: 'Upload one file from the widget (multipart field "file"); send its id in attachmentIds',
      description:
        'With the visitor token (if the visitor has one) the upload is theirs alone; without one, the id is the only key to it. ' +
        "Limits and refusals are those of POST /attachments: the plan's per-file size (413), its storage (402), programs and lying names (422).",
      security: [{ widgetKey: [] }, { widgetKey: [], visitorToken: [] }],
      middleware: limits,
      request: { body: uploadBody },
      responses: {
        201: jsonContent(UploadedSchema, 'Stored'),
        402: problemResponse("The plan's file storage is full"),
        415: problemResponse('Not multipart/form-data'),
        ...commonErrors,
        413: problemResponse("The file is larger than the plan's per-file limit"),
      },
    }),
    async (c) => {
      const token = presentedToken(c);
      let tokenHash: string | null = null;
      if (token !== null) {
        const visitor = token ? await findVisitor(deps.db, c.get('tenantId'), token) : null;
        if (!visitor) throw unauthorized('Send your visitor token as "Authorization: Bearer hd_vt_…", or none.');
        tokenHash = visitor.tokenHash;
      }
      return handleUpload(c, deps, { type: 'visitor', tokenHash });
    },
  );
  return router;
}
