// Privacy requests (contract §8): start a subject export or an erasure (202), follow it by id, and download an
// export's archive through its signed link.
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  commonErrors,
  createRouter,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { forbidden, notFound, Problem } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { readerOf } from '../files/present.ts';
import { checkLink, encodeReader, type Reader } from '../files/signed-url.ts';
import {
  AcceptedSchema,
  ErasureBody,
  ExportBody,
  PrivacyErasureSchema,
  PrivacyExportSchema,
  type PrivacyErasure,
  type PrivacyExport,
} from './schemas.ts';
import { getPrivacyRequest, type PrivacyRequestRow } from './queries.ts';
import { archiveLinkId, exportUrl, requestExport } from './export-service.ts';
import { requestErasure } from './erasure-service.ts';

function common(r: PrivacyRequestRow) {
  let counts: Record<string, number>;
  try {
    counts = JSON.parse(r.result) as Record<string, number>;
  } catch {
    counts = {};
  }
  return {
    id: r.id,
    status: r.status,
    found: r.status === 'done' ? r.found === 1 : null,
    counts,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export function createPrivacyRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Privacy request', 'prx_…');

  const toExport = async (r: PrivacyRequestRow, reader: Reader): Promise<PrivacyExport> => ({
    ...common(r),
    kind: 'export',
    url: await exportUrl(deps, r, reader),
    size: r.archive_size,
  });
  const toErasure = (r: PrivacyRequestRow): PrivacyErasure => ({
    ...common(r),
    kind: 'erasure',
    mode: r.mode ?? 'redact',
  });

  router.openapi(
    createRoute({
      method: 'post',
      path: '/privacy/exports',
      operationId: 'createPrivacyExport',
      tags: ['Privacy'],
      summary: 'Start a subject export: one zip of everything the tenant holds about the person with this email',
      description:
        'An unknown email is not an error: the export finishes with nothing found (an archive with only its manifest).',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      request: { body: jsonBody(ExportBody) },
      responses: { 202: jsonContent(AcceptedSchema, 'Queued'), ...commonErrors },
    }),
    async (c) => {
      const id = await requestExport(deps, actorOf(c), c.req.valid('json').email);
      return c.json({ id, status: 'queued' as const }, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/exports/{id}',
      operationId: 'getPrivacyExport',
      tags: ['Privacy'],
      summary: "An export's progress and, once done, a fresh signed download link",
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(PrivacyExportSchema, 'The export'), ...commonErrors },
    }),
    async (c) => {
      const row = await getPrivacyRequest(db, c.get('tenantId'), 'export', c.req.valid('param').id);
      if (!row) throw notFound('Export');
      return c.json(await toExport(row, readerOf(c)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/exports/{id}/archive',
      operationId: 'downloadPrivacyExport',
      tags: ['Privacy'],
      summary: "Download an export's zip through the signed link its GET gave",
      description:
        "The link is bound to the tenant, the reader it was made for and an expiry: it needs that reader's credential too, " +
        'so a link that leaks is useless on its own.',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      request: {
        params: Params,
        query: z.object({
          r: z.string().max(100).optional().openapi({ description: 'Reader (part of the link).' }),
          e: z.string().max(20).optional().openapi({ description: 'Expiry, epoch seconds (part of the link).' }),
          s: z.string().max(100).optional().openapi({ description: 'Signature (part of the link).' }),
        }),
      },
      responses: {
        200: {
          description: 'The archive',
          content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...commonErrors,
        403: problemResponse('The link is not valid (changed, made for another export or another reader)'),
        404: problemResponse('No such export (or it was erased)'),
        410: problemResponse('The link has expired'),
      },
    }),
    async (c) => {
      const row = await getPrivacyRequest(db, c.get('tenantId'), 'export', c.req.valid('param').id);
      if (!row || !row.archive_key) throw notFound('Export');
      const check = checkLink(
        await deps.fileUrlKey.get(),
        row.tenant_id,
        archiveLinkId(row.id),
        c.req.valid('query'),
        Math.floor(deps.now().getTime() / 1000),
      );
      if (!check.ok) {
        if (check.reason === 'expired')
          throw new Problem(410, 'This download link has expired. Open the export again for a new one.');
        throw forbidden('This download link is not valid.');
      }
      if (encodeReader(check.reader) !== encodeReader(readerOf(c)))
        throw forbidden('This download link was made for someone else.');
      const obj = await deps.storage.get(row.archive_key);
      if (!obj) throw notFound('Export');
      return new Response(Readable.toWeb(obj.body) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': 'application/zip',
          'Content-Length': String(obj.size),
          'Content-Disposition': `attachment; filename="privacy-export-${row.id}.zip"`,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
          'Referrer-Policy': 'no-referrer',
        },
      });
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/privacy/erasures',
      operationId: 'createPrivacyErasure',
      tags: ['Privacy'],
      summary: 'Erase the person with this email from every store (delete their tickets, or redact them)',
      description:
        'Asked twice, the second erasure finishes with `found: false`. The audit log records who asked, when and the mode, never the email.',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:delete')] as const,
      request: { body: jsonBody(ErasureBody) },
      responses: { 202: jsonContent(AcceptedSchema, 'Queued'), ...commonErrors },
    }),
    async (c) => {
      const { email, mode } = c.req.valid('json');
      const id = await requestErasure(deps, actorOf(c), email, mode);
      return c.json({ id, status: 'queued' as const }, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/erasures/{id}',
      operationId: 'getPrivacyErasure',
      tags: ['Privacy'],
      summary: "An erasure's progress and what it found (counts only)",
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:delete')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(PrivacyErasureSchema, 'The erasure'), ...commonErrors },
    }),
    async (c) => {
      const row = await getPrivacyRequest(db, c.get('tenantId'), 'erasure', c.req.valid('param').id);
      if (!row) throw notFound('Erasure');
      return c.json(toErasure(row), 200);
    },
  );

  return router;
}
