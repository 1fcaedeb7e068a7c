// Turns events into outbound mail: a cursor over the global events.seq (like the webhook dispatcher's
// per-endpoint cursors), advanced in the same transaction that writes the mail_outbox rows, so each
// event is mailed once even with several processes (and the unique (event_id, kind, recipient) index
// would refuse a second copy anyway).
import { chatHoldsMail } from '../chat/mail.ts';
import { ratingLinksFor } from '../csat/links.ts';
import type { Queryable } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { getTenant, DEFAULT_BRANDING, type TenantRecord } from '../tenants/queries.ts';
import { getRole } from '../roles/queries.ts';
import type { RoleDefinition } from '../roles/permissions.ts';
import { teamIdsOfAgent } from '../teams/queries.ts';
import type { Message, Ticket, TicketWoken } from '../tickets/schemas.ts';
import { replyAddress } from './addresses.ts';
import { MAIL_LINK_DAYS, renderMail, type FileLink, type MailKind } from './templates.ts';
import { getAttachments } from '../files/queries.ts';
import { signLink } from '../files/signed-url.ts';
import { newMessageId, nextThreadIndex, oneLine, ticketSubject } from './outbound-threading.ts';
import { getNotificationPrefs, threadReferences, type NotificationPrefs } from './outbound-queries.ts';

export const NOT_SENT_NO_SMTP = 'not sent: SMTP_URL is not set';

/** What the sender needs to send a mail again after a restart, fixed when the mail is made. */
export interface MailPayload {
  from: { name: string; address: string };
  to: { name: string; address: string };
  replyTo: string;
  subject: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  html: string;
  text: string;
  /** Files sent with the mail, streamed from storage when it is sent. */
  attachments?: MailFile[];
}

export interface MailFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
}

/** A reply's files go in the mail up to this total; a larger set goes as download links. */
export const MAIL_ATTACH_MAX_BYTES = 10 * 1024 * 1024;

interface EventRow {
  seq: number;
  id: string;
  tenant_id: string;
  type: string;
  data: string;
  created_at: string;
}

interface Planned {
  kind: MailKind;
  to: { name: string | null; address: string };
  body: string | null;
  authorName: string | null;
  forAgent: boolean;
  /** The public reply's files (ids), sent to the requester attached or as links. */
  files?: { messageId: string; ids: string[] };
  /** A `merged` mail: the ticket it went into. */
  mergedInto?: { number: number; subject: string };
  /** The resolution the resolved mail asks "How did we do?" about (server/csat/). */
  resolvedAt?: string | null;
}

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role_id: string;
  status: string;
}

export type FanOutDeps = Pick<Deps, 'db' | 'env' | 'now' | 'mailReplyKey' | 'fileUrlKey'> & { mailTransport: unknown };

const MAIL_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.resolved',
  'message.created',
  'ticket.merged',
  'ticket.woken',
];

/**
 * Reads up to `batch` new events and writes their mails; returns how many mails were made. 50 events (a few
 * milliseconds of work in one transaction) keep the worker abreast of 600 new tickets a second without a long
 * pause for the requests queued behind it; 200 held them up to ~100 ms at p99.
 */
export async function fanOutMail(deps: FanOutDeps, batch = 50): Promise<number> {
  const { db } = deps;
  const head = await db.get<{ seq: number }>("SELECT seq FROM mail_cursor WHERE name = 'outbound'");
  const from = head?.seq ?? 0;
  // A read first, so an idle worker does not take the write lock on every poll.
  if (!(await db.get('SELECT 1 FROM events WHERE seq > ? LIMIT 1', [from]))) return 0;
  const key = await deps.mailReplyKey.get();
  // Made on first use, it writes: before the transaction, like the reply key.
  const fileKey = await deps.fileUrlKey.get();
  const now = deps.now();
  const sending = deps.mailTransport != null;
  return db.tx(async (tx) => {
    const cur = await tx.get<{ seq: number }>("SELECT seq FROM mail_cursor WHERE name = 'outbound'");
    const start = cur?.seq ?? 0;
    const events = await tx.all<EventRow>(
      `SELECT seq, id, tenant_id, type, data, created_at FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
      [start, batch],
    );
    if (events.length === 0) return 0;
    const tenants = new Map<string, TenantRecord | undefined>();
    let made = 0;
    for (const e of events) {
      if (!MAIL_EVENTS.includes(e.type)) continue;
      if (!tenants.has(e.tenant_id)) tenants.set(e.tenant_id, await getTenant(tx, e.tenant_id));
      const tenant = tenants.get(e.tenant_id);
      if (!tenant || tenant.status !== 'active') continue;
      if (e.type === 'ticket.merged') {
        // Each merged ticket's requester hears of it in that ticket's own thread (their reply there joins the target).
        const data = parseJson<{ ticket?: Ticket; sources?: Ticket[] } | null>(e.data, null);
        if (!data?.ticket) continue;
        const mergedInto = { number: data.ticket.number, subject: data.ticket.subject };
        for (const s of data.sources ?? []) {
          const ticket = await ticketById(tx, e.tenant_id, s.id);
          if (!ticket) continue;
          const planned: Planned = {
            kind: 'merged',
            to: { name: ticket.requester_name, address: ticket.requester_email },
            body: null,
            authorName: null,
            forAgent: false,
            mergedInto,
          };
          made += await writeMail(tx, { deps, key, fileKey, tenant, ticket, event: e, planned, now, sending });
        }
        continue;
      }
      const ticket = await ticketOf(tx, e);
      if (!ticket) continue;
      for (const p of await plan(tx, tenant, e, ticket)) {
        made += await writeMail(tx, { deps, key, fileKey, tenant, ticket, event: e, planned: p, now, sending });
      }
    }
    const last = events[events.length - 1]!.seq;
    await tx.run(
      `INSERT INTO mail_cursor (name, seq) VALUES ('outbound', ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`,
      [last],
    );
    return made;
  });
}

/** The ticket as it is now (for its number and subject); null when gone or in the spam folder. */
async function ticketOf(q: Queryable, e: EventRow) {
  const data = parseJson<{ id?: string; ticketId?: string } | null>(e.data, null);
  const id = e.type === 'message.created' || e.type === 'ticket.woken' ? data?.ticketId : data?.id;
  if (!id) return null;
  return ticketById(q, e.tenant_id, id);
}

async function ticketById(q: Queryable, tenantId: string, id: string) {
  return q.get<{
    id: string;
    number: number;
    subject: string;
    requester_email: string;
    requester_name: string | null;
    requester_id: string;
    assignee_id: string | null;
    created_at: string;
    spam: number;
  }>(
    `SELECT t.id, t.number, t.subject, c.email AS requester_email, c.name AS requester_name, t.requester_id, t.assignee_id,
            t.created_at, t.spam
     FROM tickets t JOIN customers c ON c.id = t.requester_id
     WHERE t.tenant_id = ? AND t.id = ? AND t.spam = 0`,
    [tenantId, id],
  );
}
type TicketInfo = NonNullable<Awaited<ReturnType<typeof ticketById>>>;

async function activeAgent(q: Queryable, tenantId: string, agentId: string | null) {
  if (!agentId) return null;
  const a = await q.get<AgentRow>(
    'SELECT id, email, name, role_id, status FROM agents WHERE tenant_id = ? AND id = ?',
    [tenantId, agentId],
  );
  return a && a.status === 'active' ? a : null;
}

const wants = (prefs: NotificationPrefs, kind: MailKind) =>
  kind === 'agent_new_ticket'
    ? prefs.newTicket
    : kind === 'agent_assigned'
      ? prefs.assignedToMe
      : kind === 'agent_customer_replied'
        ? prefs.customerReplied
        : true;

async function toAgent(
  q: Queryable,
  tenantId: string,
  a: AgentRow,
  kind: MailKind,
  planned: Omit<Planned, 'to' | 'kind' | 'forAgent'>,
) {
  if (!wants(await getNotificationPrefs(q, tenantId, a.id), kind)) return [];
  return [{ ...planned, kind, to: { name: a.name, address: a.email }, forAgent: true }];
}

async function firstMessageId(q: Queryable, tenantId: string, ticketId: string) {
  const r = await q.get<{ id: string }>(
    'SELECT id FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? ORDER BY created_at, rowid LIMIT 1',
    [tenantId, ticketId],
  );
  return r?.id ?? null;
}

/** Who gets which mail for one event. */
async function plan(q: Queryable, tenant: TenantRecord, e: EventRow, t: TicketInfo): Promise<Planned[]> {
  const requester = { name: t.requester_name, address: t.requester_email };
  const out: Planned[] = [];
  if (e.type === 'ticket.created') {
    const ticket = parseJson<Ticket | null>(e.data, null);
    if (!ticket) return [];
    const first = await q.get<{ body: string; author_name: string | null }>(
      'SELECT body, author_name FROM ticket_messages WHERE tenant_id = ? AND ticket_id = ? ORDER BY created_at, rowid LIMIT 1',
      [tenant.id, t.id],
    );
    const body = first?.body ?? null;
    if (tenant.settings.emailConfirmation !== false) {
      out.push({ kind: 'confirmation', to: requester, body, authorName: null, forAgent: false });
    }
    const assignee = await activeAgent(q, tenant.id, ticket.assigneeId);
    const who = ticket.requester.name ?? ticket.requester.email;
    // The agent who filed it on the customer's behalf knows about it already.
    const creator = await q.get<{ actor_id: string | null }>(
      `SELECT actor_id FROM ticket_activity WHERE tenant_id = ? AND ticket_id = ? AND action = 'ticket.created' AND actor_type = 'agent'`,
      [tenant.id, t.id],
    );
    if (assignee) out.push(...(await toAgent(q, tenant.id, assignee, 'agent_assigned', { body, authorName: who })));
    const agents = await q.all<AgentRow>(
      "SELECT id, email, name, role_id, status FROM agents WHERE tenant_id = ? AND status = 'active' ORDER BY created_at, id",
      [tenant.id],
    );
    const roles = new Map<string, RoleDefinition | undefined>();
    for (const a of agents) {
      if (a.id === assignee?.id || a.id === creator?.actor_id) continue;
      if (!roles.has(a.role_id)) roles.set(a.role_id, await getRole(q, tenant.id, a.role_id));
      const role = roles.get(a.role_id);
      // An agent whose role's conditions keep this ticket from them (own tickets, teams, priorities) cannot open
      // it: no mail about it either.
      if (!role || role.ownTicketsOnly || !role.permissions.includes('tickets:read')) continue;
      if (role.conditions.priorities && !role.conditions.priorities.includes(ticket.priority)) continue;
      if (
        role.conditions.team &&
        !(ticket.teamId && (await teamIdsOfAgent(q, tenant.id, a.id)).includes(ticket.teamId))
      )
        continue;
      out.push(...(await toAgent(q, tenant.id, a, 'agent_new_ticket', { body, authorName: who })));
    }
    return out;
  }
  if (e.type === 'ticket.resolved') {
    const resolvedAt = parseJson<Ticket | null>(e.data, null)?.resolvedAt ?? null;
    return [{ kind: 'resolved', to: requester, body: null, authorName: null, forAgent: false, resolvedAt }];
  }
  if (e.type === 'ticket.updated') {
    const ticket = parseJson<Ticket | null>(e.data, null);
    if (!ticket?.assigneeId) return [];
    // ticket.updated carries the ticket after the change; the activity of that moment says whether the
    // assignee changed and who did it (an agent who takes a ticket needs no mail about it).
    const act = await q.get<{ actor_id: string | null }>(
      `SELECT actor_id FROM ticket_activity WHERE tenant_id = ? AND ticket_id = ? AND created_at = ?
         AND json_extract(changes, '$.assigneeId.to') = ? ORDER BY seq DESC LIMIT 1`,
      [tenant.id, t.id, e.created_at, ticket.assigneeId],
    );
    if (!act || act.actor_id === ticket.assigneeId) return [];
    // Several changes in one moment (a bulk edit, a test clock): the ticket's previous event holds it before this one.
    const before = await q.get<{ assignee: string | null }>(
      `SELECT json_extract(data, '$.assigneeId') AS assignee FROM events
       WHERE tenant_id = ? AND seq < ? AND created_at = ? AND type IN ('ticket.created', 'ticket.updated')
         AND json_extract(data, '$.id') = ?
       ORDER BY seq DESC LIMIT 1`,
      [tenant.id, e.seq, e.created_at, t.id],
    );
    if (before && before.assignee === ticket.assigneeId) return [];
    const assignee = await activeAgent(q, tenant.id, ticket.assigneeId);
    if (!assignee) return [];
    return toAgent(q, tenant.id, assignee, 'agent_assigned', { body: null, authorName: null });
  }
  if (e.type === 'ticket.woken') {
    // The assignee hears their ticket is back, unless they woke it themselves.
    const data = parseJson<TicketWoken | null>(e.data, null);
    const assignee = await activeAgent(q, tenant.id, t.assignee_id);
    if (!data || !assignee || data.wokenBy === assignee.id) return [];
    const why = data.reason === 'reply' ? 'the customer replied' : data.reason === 'time' ? 'its time came' : 'woken';
    return toAgent(q, tenant.id, assignee, 'agent_ticket_woken', { body: null, authorName: why });
  }
  if (e.type === 'message.created') {
    const data = parseJson<{ message?: Message } | null>(e.data, null);
    const m = data?.message;
    if (!m || m.internal) return [];
    if (m.author.type === 'agent' || m.author.type === 'api') {
      const files = m.attachments?.length ? { messageId: m.id, ids: m.attachments.map((a) => a.id) } : undefined;
      return [{ kind: 'reply', to: requester, body: m.body, authorName: m.author.name, forAgent: false, files }];
    }
    if (m.author.type === 'customer') {
      // The opening message is announced by ticket.created; only later ones are "customer replied".
      if ((await firstMessageId(q, tenant.id, t.id)) === m.id) return [];
      const assignee = await activeAgent(q, tenant.id, t.assignee_id);
      if (!assignee) return [];
      return toAgent(q, tenant.id, assignee, 'agent_customer_replied', {
        body: m.body,
        authorName: m.author.name ?? t.requester_name ?? t.requester_email,
      });
    }
  }
  return out;
}

interface WriteArgs {
  deps: FanOutDeps;
  key: string;
  fileKey: string;
  tenant: TenantRecord;
  ticket: TicketInfo;
  event: EventRow;
  planned: Planned;
  now: Date;
  sending: boolean;
}

async function writeMail(tx: Queryable, a: WriteArgs): Promise<number> {
  const { deps, tenant, ticket, planned: p, now } = a;
  const env = deps.env;
  const recipient = p.to.address.trim().toLowerCase();
  if (!/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(recipient)) return 0;
  if (!p.forAgent && (await chatHoldsMail(tx, tenant.id, ticket.id, recipient, a.event.created_at))) return 0;
  const at = now.toISOString();
  const domain = env.INBOUND_DOMAIN;
  const messageId = newMessageId(domain);
  // The requester's mail threads to what the requester saw: the ticket's mail in both directions, except
  // the notifications its agents got. Agents' mail threads to everything.
  const refs = await threadReferences(tx, tenant.id, ticket.id, !!p.forAgent);
  // Each recipient's Thread-Index grows by one block per mail they got about the ticket.
  const prev = await tx.get<{ thread_index: string }>(
    `SELECT thread_index FROM mail_outbox WHERE tenant_id = ? AND ticket_id = ? AND recipient = ? AND thread_index IS NOT NULL
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    [tenant.id, ticket.id, recipient],
  );
  const threadIndex = nextThreadIndex(prev?.thread_index ?? null, ticket.id, new Date(ticket.created_at), now);
  const subject = ticketSubject(ticket.number, ticket.subject);
  const files = p.files ? await filesFor(tx, a, p.files) : { attach: [], links: [] };
  const branding = { ...DEFAULT_BRANDING, ...tenant.branding };
  const ratingLinks =
    p.kind === 'resolved'
      ? await ratingLinksFor(tx, tenant, ticket.id, p.resolvedAt ?? null, a.key, env.PUBLIC_URL, at)
      : null;
  const rendered = renderMail({
    kind: p.kind,
    tenant: { name: tenant.name, logoUrl: branding.logoUrl ?? null, primaryColor: branding.primaryColor },
    ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject },
    body: p.body,
    authorName: p.authorName,
    ticketUrl: p.forAgent ? `${env.PUBLIC_URL}/inbox/#/tickets/${encodeURIComponent(ticket.id)}` : null,
    fileLinks: files.links,
    mergedInto: p.mergedInto,
    ratingLinks,
  });
  const headers: Record<string, string> = { 'Thread-Index': threadIndex, 'Thread-Topic': oneLine(ticket.subject) };
  // Replies are people writing; everything else is a machine, and says so (RFC 3834) so no one auto-answers it.
  if (p.kind !== 'reply') headers['Auto-Submitted'] = 'auto-generated';
  const payload: MailPayload = {
    from: { name: oneLine(tenant.name, 120), address: env.MAIL_FROM },
    to: { name: oneLine(p.to.name ?? '', 120), address: recipient },
    replyTo: replyAddress(a.key, tenant, ticket.number, domain),
    subject,
    messageId,
    inReplyTo: refs.length ? refs[refs.length - 1]! : null,
    references: refs,
    headers,
    html: rendered.html,
    text: rendered.text,
    ...(files.attach.length ? { attachments: files.attach } : {}),
  };
  const r = await tx.run(
    `INSERT OR IGNORE INTO mail_outbox (id, tenant_id, ticket_id, kind, event_id, recipient, subject, message_id, status,
       attempts, next_attempt_at, smtp_response, payload, thread_index, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`,
    [
      newId('mail'),
      tenant.id,
      ticket.id,
      p.kind,
      a.event.id,
      recipient,
      subject,
      messageId,
      a.sending ? 'queued' : 'not_sent',
      a.sending ? at : null,
      a.sending ? null : NOT_SENT_NO_SMTP,
      JSON.stringify(payload),
      threadIndex,
      at,
      at,
    ],
  );
  if (r.changes === 0) return 0;
  await tx.run(
    `INSERT OR IGNORE INTO mail_message_ids (tenant_id, message_id, ticket_id, direction, created_at) VALUES (?, ?, ?, 'out', ?)`,
    [tenant.id, messageId, ticket.id, at],
  );
  return 1;
}

/**
 * How a public reply's files reach the requester: in the mail when the checked ones total at most
 * MAIL_ATTACH_MAX_BYTES, otherwise as links signed for the requester for MAIL_LINK_DAYS. A file still being
 * scanned always goes as a link (its bytes are never sent unchecked); an infected or deleted file not at all.
 */
async function filesFor(
  tx: Queryable,
  a: WriteArgs,
  files: NonNullable<Planned['files']>,
): Promise<{ attach: MailFile[]; links: FileLink[] }> {
  const rows = (await getAttachments(tx, a.tenant.id, files.ids)).filter(
    (r) => r.message_id === files.messageId && r.status !== 'infected',
  );
  const order = new Map(files.ids.map((id, i) => [id, i]));
  rows.sort((x, y) => order.get(x.id)! - order.get(y.id)!);
  const ready = rows.filter((r) => r.status === 'ready');
  const attachAll = ready.reduce((sum, r) => sum + r.size, 0) <= MAIL_ATTACH_MAX_BYTES;
  const expires = Math.floor(a.now.getTime() / 1000) + MAIL_LINK_DAYS * 24 * 3600;
  const reader = { kind: 'customer' as const, id: a.ticket.requester_id };
  const base = `${a.deps.env.PUBLIC_URL}/api/v1/files/`;
  const attach: MailFile[] = [];
  const links: FileLink[] = [];
  for (const r of rows) {
    if (attachAll && r.status === 'ready') {
      attach.push({
        id: r.id,
        filename: r.filename,
        contentType: r.content_type,
        size: r.size,
        storageKey: r.storage_key,
      });
      continue;
    }
    const q = new URLSearchParams({ ...signLink(a.fileKey, a.tenant.id, r.id, reader, expires) });
    links.push({ filename: r.filename, size: r.size, url: `${base}${r.id}?${q}`, scanning: r.status === 'scanning' });
  }
  return { attach, links };
}
