// Inbound mail, one use case: a raw mail for one of our addresses becomes a new ticket, a reply on its
// ticket, a spam ticket, or (a bounce, a duplicate, our own mail coming back) nothing but a note on the
// outbound mail. Ticket, message, Message-ID and the kept original are written in one transaction.
import { appendEvent } from '../events/log.ts';
import { findCustomerByEmail, findOrCreateCustomer } from '../customers/queries.ts';
import { getTenantBySlug, type TenantRecord } from '../tenants/queries.ts';
import { Problem, rateLimited, tooLarge, type FieldError, validationProblem } from '../lib/problem.ts';
import { getTicketRow, type TicketRow } from '../tickets/queries.ts';
import { appendMessage, insertTicket } from '../tickets/service.ts';
import { EVERY_TICKET } from '../tickets/scope.ts';
import type { Author } from '../tickets/schemas.ts';
import type { Deps } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import { parseLocalAddress, verifyReplyToken } from './addresses.ts';
import { markOutboundBounced } from './outbox-queries.ts';
import { keepMailFiles } from './inbound-files.ts';
import { MAX_MAIL_BYTES, messageBody, parseInbound, type InboundMail } from './inbound-parse.ts';
import {
  getMailMessageId,
  insertMailMessageId,
  insertOriginal,
  isParticipant,
  originalByMailMessageId,
  ticketIdByNumber,
  ticketOfMessageIds,
} from './inbound-queries.ts';

export type Disposition = 'created' | 'replied' | 'spam' | 'ignored';

export interface InboundResult {
  disposition: Disposition;
  ticketId?: string;
  messageId?: string;
  /** Why, for "ignored" and "spam" (the log and the HTTP answer say it). */
  reason?: string;
}

/** Mails a minute one sender may send to one tenant, and one tenant may receive. */
export const INBOUND_LIMITS = { perSender: 30, perTenant: 600, windowMs: 60_000 };

/** Which limit refused a mail: SMTP answers 451 for a sender, 452 for a full mailbox. */
export type LimitKind = 'sender' | 'tenant';

export class InboundLimited extends Problem {
  constructor(
    readonly kind: LimitKind,
    retryAfter: number,
  ) {
    const p = rateLimited(
      retryAfter,
      kind === 'sender'
        ? `Too many mails from this sender. Try again in ${retryAfter} seconds.`
        : `This help desk receives too many mails right now. Try again in ${retryAfter} seconds.`,
    );
    super(429, p.message, { headers: p.headers, extra: p.extra });
  }
}

/** The tenant whose inbound address is first among `addresses`, or null. Suspended tenants receive no mail. */
export async function tenantForAddresses(
  deps: Pick<Deps, 'db' | 'env'>,
  addresses: string[],
): Promise<TenantRecord | null> {
  const seen = new Set<string>();
  for (const a of addresses) {
    const local = parseLocalAddress(a, deps.env.INBOUND_DOMAIN);
    if (!local || seen.has(local.slug)) continue;
    seen.add(local.slug);
    const tenant = await getTenantBySlug(deps.db, local.slug);
    if (tenant && tenant.status === 'active') return tenant;
  }
  return null;
}

async function countLimits(deps: Pick<Deps, 'env' | 'limiter'>, tenantId: string, sender: string) {
  if (!deps.env.RATE_LIMITS) return;
  const { perSender, perTenant, windowMs } = INBOUND_LIMITS;
  const s = await deps.limiter.hit(`mail-in:sender:${tenantId}:${sender}`, perSender, windowMs);
  if (!s.allowed) throw new InboundLimited('sender', s.resetSeconds);
  const t = await deps.limiter.hit(`mail-in:tenant:${tenantId}`, perTenant, windowMs);
  if (!t.allowed) {
    await deps.limiter.refund(`mail-in:sender:${tenantId}:${sender}`);
    throw new InboundLimited('tenant', t.resetSeconds);
  }
}

const URL_ONLY = /^(?:\s*(?:https?:\/\/|www\.)\S+\s*)+$/i;

/** Spam signals for mail from someone we have never heard from: nothing to read, or nothing but links. */
function spamSignal(mail: InboundMail): string | null {
  if (!mail.text && !mail.attachments.length) return 'empty mail from a new sender';
  if (mail.text && URL_ONLY.test(mail.text)) return 'link-only mail from a new sender';
  return null;
}

interface Thread {
  row: TicketRow;
  via: 'reply-token' | 'message-id' | 'subject';
}

/** A mail to a merged ticket joins the ticket it was merged into (tickets/merge-service.ts). */
async function findThread(
  q: Queryable,
  deps: Pick<Deps, 'env'>,
  key: string,
  tenant: TenantRecord,
  mail: InboundMail,
  envelope: string[],
  sender: string,
): Promise<Thread | null> {
  const thread = await findThreadOf(q, deps, key, tenant, mail, envelope, sender);
  for (let hops = 0; thread?.row.merged_into && hops < 20; hops++) {
    const target = await getTicketRow(q, tenant.id, thread.row.merged_into, EVERY_TICKET);
    if (!target) break;
    thread.row = target;
  }
  return thread;
}

async function findThreadOf(
  q: Queryable,
  deps: Pick<Deps, 'env'>,
  key: string,
  tenant: TenantRecord,
  mail: InboundMail,
  envelope: string[],
  sender: string,
): Promise<Thread | null> {
  const byId = async (id: string | null) => (id ? await getTicketRow(q, tenant.id, id, EVERY_TICKET) : undefined);
  // 1. The reply token of a plus-address: only we can make one, so it names the ticket outright.
  for (const a of [...envelope, ...mail.recipients]) {
    const local = parseLocalAddress(a, deps.env.INBOUND_DOMAIN);
    if (!local?.token || local.slug !== tenant.slug) continue;
    const number = verifyReplyToken(key, tenant.id, local.token);
    const row = number === null ? undefined : await byId(await ticketIdByNumber(q, tenant.id, number));
    if (row) return { row, via: 'reply-token' };
  }
  // 2. A Message-ID we sent or received for a ticket, in In-Reply-To or References.
  const row = await byId(await ticketOfMessageIds(q, tenant.id, mail.threadIds));
  if (row) return { row, via: 'message-id' };
  // 3. "[#12]" in the subject, but only from someone already on that ticket: anyone can type a number.
  const m = /\[#(\d{1,9})\]/.exec(mail.subject);
  if (m) {
    const byNumber = await byId(await ticketIdByNumber(q, tenant.id, Number(m[1])));
    if (byNumber && (await isParticipant(q, tenant.id, byNumber.id, sender))) return { row: byNumber, via: 'subject' };
  }
  return null;
}

export interface ReceiveOptions {
  /** Envelope recipients (SMTP RCPT TO, or `?to=`): tried before the headers. */
  to?: string[];
  /** The tenant the receiver already resolved at RCPT time. */
  tenant?: TenantRecord;
}

/**
 * Takes one raw mail. Refuses (4xx Problem) a mail too large, for no known address, or without a From
 * address; otherwise every mail is kept somewhere (a ticket, a reply, the spam folder) or is a bounce,
 * a duplicate or our own mail, which change nothing but the outbound mail's status.
 */
export type InboundDeps = Pick<
  Deps,
  'db' | 'env' | 'now' | 'limiter' | 'mailReplyKey' | 'logger' | 'storage' | 'uploadDir'
>;

export async function receiveInboundMail(
  deps: InboundDeps,
  raw: Buffer,
  opts: ReceiveOptions = {},
): Promise<InboundResult> {
  if (raw.length > MAX_MAIL_BYTES) throw tooLarge('The mail is larger than 25 MB.');
  const envelope = (opts.to ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean);
  const mail = await parseInbound(raw);
  const tenant = opts.tenant ?? (await tenantForAddresses(deps, [...envelope, ...mail.recipients]));
  const errors: FieldError[] = [];
  if (!tenant)
    errors.push({ path: 'to', message: `names no inbound address at ${deps.env.INBOUND_DOMAIN} of this server` });
  if (!mail.from) errors.push({ path: 'from', message: 'The mail has no valid From address.' });
  if (errors.length || !tenant || !mail.from) throw validationProblem(errors, 'The mail cannot be delivered.');
  const from = mail.from;
  const now = deps.now();
  const ts = now.toISOString();

  // A delivery report about a mail we sent: that mail is marked bounced; no ticket, no answer.
  if (mail.bounce) {
    let marked = false;
    await deps.db.tx(async (tx) => {
      for (const id of mail.bounce!.messageIds)
        if (await markOutboundBounced(tx, tenant.id, id, mail.bounce!.diagnostic, ts)) marked = true;
    });
    if (marked) return { disposition: 'ignored', reason: 'bounce' };
  }
  await countLimits(deps, tenant.id, from.address);
  // Before the transaction: made on first use, it writes (and writes are serialized).
  const key = await deps.mailReplyKey.get();
  // The files go to storage before the transaction (it holds the write lock); a mail delivered again is
  // answered without storing them a second time.
  const known = mail.messageId ? await getMailMessageId(deps.db, tenant.id, mail.messageId) : undefined;
  const files = known ? null : await keepMailFiles(deps, tenant, mail.attachments);
  const attachments = files?.ids.length ? { ids: files.ids, by: { type: 'email' as const } } : undefined;

  const result = await deps.db
    .tx(async (tx): Promise<InboundResult> => {
      if (mail.messageId) {
        const known = await getMailMessageId(tx, tenant.id, mail.messageId);
        if (known?.direction === 'out')
          return { disposition: 'ignored', ticketId: known.ticketId, reason: 'our own mail' };
        if (known) {
          const first = await originalByMailMessageId(tx, tenant.id, mail.messageId);
          return {
            disposition: 'ignored',
            ticketId: known.ticketId,
            messageId: first?.message_id,
            reason: 'duplicate',
          };
        }
      }
      const thread = await findThread(tx, deps, key, tenant, mail, envelope, from.address);
      const body = messageBody(mail, files?.notKept);
      const automated = mail.automated ?? (mail.bounce ? 'unmatched delivery report' : null);
      let out: InboundResult;

      if (thread && (thread.row.status !== 'closed' || automated)) {
        const { customer, created } = await findOrCreateCustomer(tx, tenant.id, from.address, from.name, now);
        if (created && thread.row.spam !== 1)
          await appendEvent(tx, tenant.id, { type: 'customer.created', data: customer, audience: 'agents' }, now);
        const author: Author = { type: 'customer', id: customer.id, name: customer.name };
        // A robot's mail (an out-of-office note) joins the thread but never reopens it.
        const r = await appendMessage(
          tx,
          tenant,
          thread.row,
          { body, internal: false, keepStatus: !!automated, attachments },
          author,
          now,
        );
        out = { disposition: 'replied', ticketId: r.ticket.id, messageId: r.message.id };
      } else {
        const known = await findCustomerByEmail(tx, tenant.id, from.address);
        const spam = automated ?? (known ? null : spamSignal(mail));
        const created = await insertTicket(
          tx,
          tenant,
          {
            subject: thread ? thread.row.subject : mail.subject,
            message: body,
            requester: { email: from.address, name: from.name },
            channel: 'email',
            followUpOf: thread?.row.id ?? null,
            spam: spam !== null,
            attachments,
          },
          { type: 'customer', id: null, name: from.name },
          now,
        );
        out = {
          disposition: spam ? 'spam' : 'created',
          ticketId: created.ticket.id,
          messageId: created.message.id,
          ...(spam ? { reason: spam } : {}),
        };
      }
      if (mail.messageId) await insertMailMessageId(tx, tenant.id, mail.messageId, out.ticketId!, ts);
      await insertOriginal(tx, tenant.id, {
        message_id: out.messageId!,
        ticket_id: out.ticketId!,
        mail_message_id: mail.messageId,
        sender: from.address,
        subject: mail.subject,
        size: raw.length,
        raw,
        received_at: ts,
      });
      return out;
    })
    .catch(async (err: unknown) => {
      await files?.discard();
      throw err;
    });
  // A duplicate or our own mail coming back (found inside the transaction, after a race) takes no files.
  if (result.disposition === 'ignored') await files?.discard();
  deps.logger.info('inbound mail', {
    tenantId: tenant.id,
    disposition: result.disposition,
    ticketId: result.ticketId,
    reason: result.reason,
  });
  return result;
}
