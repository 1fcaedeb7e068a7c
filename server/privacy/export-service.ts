// Subject export: request it (a queued row plus its audit entry), build the archive (the worker), and sign its link.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deps } from '../types.ts';
import type { Actor } from '../audit/audit.ts';
import { randomToken } from '../lib/ids.ts';
import { storageKey } from '../files/storage.ts';
import { attachmentsOfTickets } from '../files/queries.ts';
import { signLink, type Reader } from '../files/signed-url.ts';
import { buildZip, jsonEntry, safeName, type ArchiveEntry } from './archive.ts';
import {
  auditEntriesAbout,
  mailOf,
  markDone,
  publicMessagesOf,
  ratingsOf,
  ticketRowsFor,
  visitorTokensOf,
  webhookDeliveriesCarrying,
  type PrivacyRequestRow,
} from './queries.ts';
import { findSubject } from './subject.ts';
import { startPrivacyRequest } from './request-service.ts';

export const ARCHIVE_FORMAT = 'helpdesk-subject-export/1';

/** Queues a subject export. */
export const requestExport = (deps: Deps, actor: Actor, email: string): Promise<PrivacyRequestRow['id']> =>
  startPrivacyRequest(deps, actor, 'export', null, email);

const parse = (s: unknown) => {
  try {
    return JSON.parse(String(s)) as unknown;
  } catch {
    return s;
  }
};

/** Reads everything the tenant holds about the person and writes the archive to storage; marks the row done. */
export async function buildExport(deps: Deps, row: PrivacyRequestRow): Promise<void> {
  const { db } = deps;
  const tenantId = row.tenant_id;
  const email = row.email!;
  const now = deps.now();
  const s = await findSubject(db, tenantId, email);
  const tickets = await ticketRowsFor(db, tenantId, s.ticketIds);
  const messages = await publicMessagesOf(db, tenantId, s.ticketIds);
  const publicIds = new Set(messages.map((m) => m.id));
  // Files of public messages only: an internal note's files are the tenant's.
  const files = (await attachmentsOfTickets(db, tenantId, s.ticketIds)).filter(
    (a) => a.message_id && publicIds.has(a.message_id) && a.status === 'ready',
  );
  const ratings = await ratingsOf(db, tenantId, s.ticketIds);
  const tokens = s.customer ? await visitorTokensOf(db, tenantId, s.customer.id) : [];
  const mail = await mailOf(db, tenantId, email, s.ticketIds);
  const deliveries = s.customer ? await webhookDeliveriesCarrying(db, tenantId, s.patterns) : [];
  const audits = s.customer ? await auditEntriesAbout(db, tenantId, [s.customer.id, ...s.ticketIds], s.patterns) : [];

  const entries: ArchiveEntry[] = [];
  const fileList: {
    id: string;
    ticketId: string | null;
    messageId: string | null;
    filename: string;
    contentType: string;
    size: number;
    path: string;
  }[] = [];
  for (const f of files) {
    const obj = await deps.storage.get(f.storage_key);
    if (!obj) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of obj.body) chunks.push(chunk as Buffer);
    const path = `files/${f.id}-${safeName(f.filename)}`;
    entries.push({ path, bytes: new Uint8Array(Buffer.concat(chunks)) });
    fileList.push({
      id: f.id,
      ticketId: f.ticket_id,
      messageId: f.message_id,
      filename: f.filename,
      contentType: f.content_type,
      size: f.size,
      path,
    });
  }

  const docs = {
    'customer.json': s.customer,
    'tickets.json': tickets.map((t) => ({
      ...t,
      tags: parse(t.tags),
      custom_fields: parse(t.custom_fields),
      messages: messages
        .filter((m) => m.ticket_id === t.id)
        .map((m) => ({ ...m, files: fileList.filter((f) => f.messageId === m.id).map((f) => f.path) })),
    })),
    'ratings.json': ratings,
    'visitor-tokens.json': tokens,
    'mail.json': mail,
    'webhook-deliveries.json': deliveries.map((d) => ({ ...d, payload: parse(d.payload) })),
    'audit.json': audits.map((a) => ({ ...a, details: parse(a.details) })),
    'files.json': fileList,
  };
  const counts = {
    customer: s.customer ? 1 : 0,
    tickets: tickets.length,
    messages: messages.length,
    files: fileList.length,
    ratings: ratings.length,
    visitorTokens: tokens.length,
    mail: mail.outbound.length + mail.inbound.length,
    webhookDeliveries: deliveries.length,
    auditEntries: audits.length,
  };
  const found = !!s.customer || counts.mail > 0;
  const manifest = {
    format: ARCHIVE_FORMAT,
    requestId: row.id,
    email,
    generatedAt: now.toISOString(),
    found,
    counts,
    documents: Object.keys(docs),
    files: fileList.map((f) => ({ path: f.path, size: f.size, contentType: f.contentType })),
  };
  const zip = buildZip(
    [jsonEntry('manifest.json', manifest), ...Object.entries(docs).map(([p, v]) => jsonEntry(p, v)), ...entries],
    now,
  );

  const key = storageKey(tenantId, row.id);
  await mkdir(deps.uploadDir, { recursive: true });
  const tmp = join(deps.uploadDir, `privacy-${randomToken(12)}.zip`);
  try {
    await writeFile(tmp, zip);
    await deps.storage.putFile(key, tmp, zip.byteLength, 'application/zip');
  } finally {
    await rm(tmp, { force: true });
  }
  await db.tx((tx) =>
    markDone(tx, tenantId, row.id, { found, counts, archiveKey: key, archiveSize: zip.byteLength }, now.toISOString()),
  );
}

/** The signed part of an export's download link: bound to the request, its tenant, the reader and the expiry. */
export const archiveLinkId = (id: string) => `privacy-export:${id}`;

export async function exportUrl(deps: Deps, row: PrivacyRequestRow, reader: Reader): Promise<string | null> {
  if (row.status !== 'done' || !row.archive_key) return null;
  const expires = Math.floor(deps.now().getTime() / 1000) + deps.env.FILE_URL_TTL_MINUTES * 60;
  const p = signLink(await deps.fileUrlKey.get(), row.tenant_id, archiveLinkId(row.id), reader, expires);
  return `/api/v1/privacy/exports/${row.id}/archive?${new URLSearchParams({ ...p }).toString()}`;
}
