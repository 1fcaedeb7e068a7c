// Erasure: request it (a queued row plus its audit entry), then erase one person from every store in one
// transaction (the worker): rows, the ticket search index, files (marked for the janitor, then swept), the mail
// log, webhook deliveries, the event log, the idempotency cache, audit details, and their export archives.
import type { Deps } from '../types.ts';
import { audit, actorTenant, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { deleteTicketRows } from '../tickets/queries.ts';
import { sweepFiles } from '../files/service.ts';
import {
  auditEntriesAbout,
  deleteEvents,
  deleteIdempotencyCarrying,
  deletePrivacyRequest,
  deleteWebhookDeliveries,
  eventsCarrying,
  exportsOfSubject,
  insertPrivacyRequest,
  markDone,
  setAuditDetails,
  webhookDeliveriesCarrying,
  type PrivacyRequestRow,
} from './queries.ts';
import {
  anonymizeActivity,
  compactTicketIndex,
  customerMessages,
  deleteCustomerRow,
  deleteMailOfAddress,
  deleteMessages,
  deleteSearchMisses,
  deleteTicketExtras,
  deleteVisitorTokens,
  ERASED,
  eraseMessageFiles,
  eraseTicketFiles,
  redactCustomerRow,
  redactMessages,
  redactTicket,
  unindexTexts,
} from './erasure-queries.ts';
import type { ErasureMode } from './schemas.ts';
import { requester } from './export-service.ts';
import { findSubject, subjectHash } from './subject.ts';

export async function requestErasure(deps: Deps, actor: Actor, email: string, mode: ErasureMode) {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const hash = subjectHash(await deps.fileUrlKey.get(), tenantId, email);
  const id = newId('prx');
  const by = requester(actor);
  await deps.db.tx(async (tx) => {
    await insertPrivacyRequest(tx, {
      id,
      tenant_id: tenantId,
      kind: 'erasure',
      mode,
      email,
      subject_hash: hash,
      requested_by_type: by.type,
      requested_by_id: by.id,
      created_at: now.toISOString(),
    });
    // Who asked, when and how; never whom (the email is the erased data).
    await audit(
      actor,
      tx,
      { action: 'privacy.erasure_requested', targetType: 'privacy_request', targetId: id, details: { mode } },
      now,
    );
  });
  return id;
}

/** Every string inside `value` that contains one of `secrets` (any case) becomes `[erased]`. */
export function scrub(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    return secrets.some((s) => lower.includes(s)) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

export async function runErasure(deps: Deps, row: PrivacyRequestRow): Promise<void> {
  const { db } = deps;
  const tenantId = row.tenant_id;
  const email = row.email!;
  const mode: ErasureMode = row.mode ?? 'redact';
  const now = deps.now();
  const at = now.toISOString();
  const archives: string[] = [];
  await db.tx(async (tx) => {
    const s = await findSubject(tx, tenantId, email);
    const counts: Record<string, number> = { customer: 0, tickets: 0, messages: 0, files: 0, mail: 0 };
    const secrets = new Set<string>([email.toLowerCase()]);
    if (s.customer?.name && s.customer.name.trim().length >= 3) secrets.add(s.customer.name.toLowerCase());

    if (s.customer) {
      const customerId = s.customer.id;
      counts.customer = 1;
      // The audit entries about them are found while the rows still name them.
      const audits = await auditEntriesAbout(tx, tenantId, [customerId, ...s.ticketIds], s.patterns);
      for (const ticketId of s.tickets.requested) {
        const subj = await tx.get<{ subject: string; n: number }>(
          'SELECT subject, (SELECT COUNT(*) FROM ticket_messages m WHERE m.tenant_id = t.tenant_id AND m.ticket_id = t.id) AS n FROM tickets t WHERE tenant_id = ? AND id = ?',
          [tenantId, ticketId],
        );
        if (subj && subj.subject.trim().length >= 3) secrets.add(subj.subject.toLowerCase());
        counts.tickets++;
        counts.messages += Number(subj?.n ?? 0);
        if (mode === 'delete') {
          counts.files += await eraseTicketFiles(tx, tenantId, ticketId, at);
          await deleteTicketExtras(tx, tenantId, ticketId);
          await deleteTicketRows(tx, tenantId, ticketId, at);
        } else {
          counts.files += await eraseTicketFiles(tx, tenantId, ticketId, at);
          await redactTicket(tx, tenantId, ticketId);
        }
      }
      // Tickets of others they wrote in: only their own messages go (or are blanked), with their files.
      for (const ticketId of s.tickets.joined) {
        const mine = await customerMessages(tx, tenantId, ticketId, customerId);
        counts.messages += mine.length;
        counts.files += await eraseMessageFiles(
          tx,
          tenantId,
          mine.map((m) => m.id),
          at,
        );
        await unindexTexts(
          tx,
          tenantId,
          ticketId,
          mine.map((m) => m.body),
        );
        if (mode === 'delete')
          await deleteMessages(
            tx,
            tenantId,
            mine.map((m) => m.id),
          );
        else
          await redactMessages(
            tx,
            tenantId,
            mine.map((m) => m.id),
          );
      }
      await anonymizeActivity(tx, tenantId, customerId);
      counts.visitorTokens = await deleteVisitorTokens(tx, tenantId, customerId);
      const list = [...secrets];
      for (const a of audits) {
        let details: unknown;
        try {
          details = JSON.parse(a.details);
        } catch {
          details = {};
        }
        await setAuditDetails(tx, tenantId, a.id, JSON.stringify(scrub(details, list)));
      }
      counts.auditEntries = audits.length;
      if (mode === 'delete') await deleteCustomerRow(tx, tenantId, customerId);
      else
        await redactCustomerRow(tx, tenantId, customerId, `erased-${randomToken(12).toLowerCase()}@erased.invalid`, at);
    }
    counts.mail = await deleteMailOfAddress(tx, tenantId, email);
    counts.searches = await deleteSearchMisses(
      tx,
      tenantId,
      [email.toLowerCase(), s.customer?.name?.toLowerCase() ?? ''].filter((x) => x.length >= 5),
    );
    // The logs that copy data: events (they feed SSE and webhooks), webhook deliveries, cached idempotent answers.
    const events = await eventsCarrying(tx, tenantId, s.patterns);
    await deleteEvents(
      tx,
      tenantId,
      events.map((e) => e.seq),
    );
    counts.events = events.length;
    const deliveries = await webhookDeliveriesCarrying(tx, tenantId, s.patterns);
    await deleteWebhookDeliveries(
      tx,
      tenantId,
      deliveries.map((d) => d.id),
    );
    counts.webhookDeliveries = deliveries.length;
    counts.idempotentAnswers = await deleteIdempotencyCarrying(tx, tenantId, s.patterns);
    // Earlier exports of the person: their archives hold a copy of everything above.
    const hash = subjectHash(await deps.fileUrlKey.get(), tenantId, email);
    const exports = await exportsOfSubject(tx, tenantId, hash);
    for (const e of exports) {
      if (e.archive_key) archives.push(e.archive_key);
      await deletePrivacyRequest(tx, tenantId, e.id);
    }
    counts.exports = exports.length;
    if (s.ticketIds.length) await compactTicketIndex(tx);
    const found = Object.values(counts).some((n) => n > 0);
    await markDone(tx, tenantId, row.id, { found, counts }, at);
  });
  // After the commit: the bytes of the files marked above, and the export archives.
  for (const key of archives) await deps.storage.delete(key);
  await sweepFiles(deps);
}
