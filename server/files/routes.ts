// Attachment routes for agents and integrations: upload a file (streamed multipart), read one's metadata
// with a fresh link, and the signed download every link points at.
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { commonErrors, createRouter, IdParam, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { requirePermission } from '../middleware/permission.ts';
import { conflict, forbidden, notFound, Problem } from '../lib/problem.ts';
import { getTicketRow } from '../tickets/queries.ts';
import { ticketScopeOf } from '../tickets/scope.ts';
import { assertStorageLeft, fileTooLarge, keepFile, maxFileBytes, type Uploader } from './service.ts';
import { receiveUpload } from './receive.ts';
import { AttachmentSchema, uploadBody, UploadedSchema } from './schemas.ts';
import { getAttachment, getAttachmentById } from './queries.ts';
import { linkSigner, readerOf, toAttachment } from './present.ts';
import { checkLink } from './signed-url.ts';
import { mayDownload } from './readers.ts';
import { INLINE_IMAGE_TYPES } from './content-type.ts';

export const UPLOAD_PATHS = ['/api/v1/attachments', '/api/v1/widget/attachments'];
export const DOWNLOAD_PATH = /^\/api\/v1\/files\/[^/]+$/;

const tooLargeDoc = problemResponse("The file is larger than the plan's per-file limit (names the limit)");
const fullDoc = problemResponse("The plan's file storage is full (names the limit and the usage)");

/** The upload both routes share: limits from the plan, the stream to a temporary file, then keepFile. */
export async function handleUpload(c: Context<AppEnv>, deps: Deps, uploader: Uploader) {
  const tenant = c.get('tenant');
  await assertStorageLeft(deps, tenant);
  const max = await maxFileBytes(deps, tenant);
  const received = await receiveUpload(c.req.raw, deps.uploadDir, max, () => fileTooLarge(tenant, max));
  try {
    const { url: _url, ...uploaded } = await keepFile(deps, tenant, uploader, received);
    return c.json(uploaded, 201);
  } finally {
    await received.dispose();
  }
}

const contentDisposition = (kind: 'inline' | 'attachment', filename: string) => {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

export function createFileRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'post',
      path: '/attachments',
      operationId: 'uploadAttachment',
      tags: ['Attachments'],
      summary:
        'Upload one file (multipart field "file"); pass its id in attachmentIds when creating a ticket or message',
      description:
        "The bytes are streamed to storage while they are counted: a file over the plan's per-file limit is cut off with 413. " +
        "The type is read from the file's content. Programs, and files whose name says another type than their content, are refused (422). " +
        'An upload no message takes within a day is deleted.',
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:update')] as const,
      request: { body: uploadBody },
      responses: {
        201: jsonContent(UploadedSchema, 'Stored'),
        402: fullDoc,
        415: problemResponse('Not multipart/form-data'),
        ...commonErrors,
        413: tooLargeDoc,
      },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      return handleUpload(
        c,
        deps,
        p.kind === 'agent' ? { type: 'agent', id: p.agentId } : { type: 'api', id: p.apiKeyId },
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/attachments/{id}',
      operationId: 'getAttachment',
      tags: ['Attachments'],
      summary: "A file's metadata with a fresh download link (e.g. for an attachment named in a webhook)",
      security: SECURITY.tenant,
      middleware: [requirePermission('tickets:read')] as const,
      request: { params: IdParam('Attachment', 'att_…') },
      responses: { 200: jsonContent(AttachmentSchema, 'The file'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const row = await getAttachment(db, tenantId, c.req.valid('param').id);
      if (!row) throw notFound('Attachment');
      // A file on a ticket is as visible as the ticket: out of the caller's scope is unknown.
      if (row.ticket_id && !(await getTicketRow(db, tenantId, row.ticket_id, ticketScopeOf(c))))
        throw notFound('Attachment');
      const link = await linkSigner(deps, readerOf(c));
      const a = toAttachment(row);
      return c.json({ ...a, url: link(tenantId, a) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/files/{id}',
      operationId: 'downloadAttachment',
      tags: ['Attachments'],
      summary: 'Download a file through the signed link an answer gave (no other credential)',
      description:
        'Links expire (FILE_URL_TTL_MINUTES) and work only for the reader they were made for. Files download as attachments; ' +
        'only PNG, JPEG, GIF and WebP images are shown inline. Every answer carries `X-Content-Type-Options: nosniff` and ' +
        '`Content-Security-Policy: sandbox`, so an uploaded HTML or SVG file never runs script.',
      security: SECURITY.public,
      request: {
        params: IdParam('Attachment', 'att_…'),
        query: z.object({
          r: z.string().max(100).optional().openapi({ description: 'Reader (part of the link).' }),
          e: z.string().max(20).optional().openapi({ description: 'Expiry, epoch seconds (part of the link).' }),
          s: z.string().max(100).optional().openapi({ description: 'Signature (part of the link).' }),
        }),
      },
      responses: {
        200: {
          description: 'The file, as its own content type',
          content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...commonErrors,
        403: problemResponse('The link is invalid or expired, or the file is quarantined'),
        404: problemResponse('No such file (or not for this reader)'),
        409: problemResponse('The file is still being scanned for viruses'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await getAttachmentById(db, id);
      if (!row) throw notFound('File');
      const check = checkLink(
        await deps.fileUrlKey.get(),
        row.tenant_id,
        row.id,
        c.req.valid('query'),
        Math.floor(deps.now().getTime() / 1000),
      );
      if (!check.ok)
        throw forbidden(
          check.reason === 'expired'
            ? 'This download link has expired. Reload the page for a new one.'
            : 'This download link is not valid.',
        );
      const reader = check.reader;
      if (!(await mayDownload(db, row, reader))) throw notFound('File');
      if (row.status === 'scanning') throw conflict('This file is still being scanned for viruses. Try again shortly.');
      if (row.status === 'infected') {
        if (reader.kind === 'agent' || reader.kind === 'api-key')
          throw forbidden('This file is quarantined: the virus scanner found a threat in it.', {
            signature: row.scan_result,
          });
        throw notFound('File');
      }
      const obj = await deps.storage.get(row.storage_key);
      if (!obj) throw new Problem(404, 'File not found.');
      const inline = INLINE_IMAGE_TYPES.has(row.content_type);
      const remaining = Number(c.req.valid('query').e) - Math.floor(deps.now().getTime() / 1000);
      return new Response(Readable.toWeb(obj.body) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': row.content_type.startsWith('text/')
            ? `${row.content_type}; charset=utf-8`
            : row.content_type,
          'Content-Length': String(obj.size),
          'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', row.filename),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "sandbox; default-src 'none'",
          'Cross-Origin-Resource-Policy': 'cross-origin',
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': `private, max-age=${Math.max(0, Math.min(remaining, 3600))}`,
        },
      });
    },
  );

  return router;
}
