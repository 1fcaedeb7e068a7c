// Erasure: request it (a queued row plus its audit entry), then erase one person from every store in one
// transaction (the worker): rows, the ticket search index, files (marked for the janitor, then swept), the mail
// log, webhook deliveries, the event log, the idempotency cache, audit details, and their export archives.
import type { Deps } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import type { Actor } from '../audit/audit.ts';
import { randomToken } from '../lib/ids.ts';
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
import { startPrivacyRequest } from './request-service.ts';
import { findSubject, subjectHash } from './subject.ts';

/** Queues an erasure (kept for the widget's "Delete my data" and the route). */
export const requestErasure = (deps: Deps, actor: Actor, email: string, mode: ErasureMode) =>
  startPrivacyRequest(deps, actor, 'erasure', mode, email);

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

/**
 * One ticket out of every store, in the caller's transaction: delete (the ticket, its messages, ledger rows, mail,
 * ratings, chat, merges, search rows) or redact (the ticket stays for statistics with nothing personal in it).
 * Its files are marked for the janitor either way (the caller runs sweepFiles after the commit). Erasure and
 * retention both use it, so both cover the same stores.
 */
export async function eraseTicket(tx: Queryable, tenantId: string, ticketId: string, mode: ErasureMode, at: string) {
  const row = await tx.get<{ subject: string; n: number }>(
    'SELECT subject, (SELECT COUNT(*) FROM ticket_messages m WHERE m.tenant_id = t.tenant_id AND m.ticket_id = t.id) AS n FROM tickets t WHERE tenant_id = ? AND id = ?',
    [tenantId, ticketId],
  );
  if (!row) return { subject: '', messages: 0, files: 0 };
  const files = await eraseTicketFiles(tx, tenantId, ticketId, at);
  if (mode === 'delete') {
    await deleteTicketExtras(tx, tenantId, ticketId);
    await deleteTicketRows(tx, tenantId, ticketId, at);
  } else await redactTicket(tx, tenantId, ticketId, at);
  return { subject: row.subject, messages: Number(row.n), files };
}

/** The logs that copy data and match `patterns`: events (they feed SSE and webhooks), webhook deliveries, cached idempotent answers. */
export async function eraseLogsCarrying(tx: Queryable, tenantId: string, patterns: string[]) {
  if (!patterns.length) return { events: 0, webhookDeliveries: 0, idempotentAnswers: 0 };
  const events = await eventsCarrying(tx, tenantId, patterns);
  await deleteEvents(
    tx,
    tenantId,
    events.map((e) => e.seq),
  );
  const deliveries = await webhookDeliveriesCarrying(tx, tenantId, patterns);
  await deleteWebhookDeliveries(
    tx,
    tenantId,
    deliveries.map((d) => d.id),
  );
  const idempotentAnswers = await deleteIdempotencyCarrying(tx, tenantId, patterns);
  return { events: events.length, webhookDeliveries: deliveries.length, idempotentAnswers };
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
        const erased = await eraseTicket(tx, tenantId, ticketId, mode, at);
        if (erased.subject.trim().length >= 3) secrets.add(erased.subject.toLowerCase());
        counts.tickets++;
        counts.messages += erased.messages;
        counts.files += erased.files;
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
    Object.assign(counts, await eraseLogsCarrying(tx, tenantId, s.patterns));
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
