// Rows of outbound mail: agents' notification choices, the mail log, and the sender's leases and results.
import type { Db, Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import type { TicketScope } from '../tickets/scope.ts';

export interface NotificationPrefs {
  newTicket: boolean;
  assignedToMe: boolean;
  customerReplied: boolean;
  /** The Monday mail with last week's figures (analytics/weekly-summary.ts); off until the agent asks for it. */
  weeklySummary: boolean;
}

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  newTicket: true,
  assignedToMe: true,
  customerReplied: true,
  weeklySummary: false,
};

export async function getNotificationPrefs(
  q: Queryable,
  tenantId: string,
  agentId: string,
): Promise<NotificationPrefs> {
  const r = await q.get<{
    new_ticket: number;
    assigned_to_me: number;
    customer_replied: number;
    weekly_summary: number;
  }>(
    `SELECT new_ticket, assigned_to_me, customer_replied, weekly_summary FROM agent_notification_prefs
     WHERE tenant_id = ? AND agent_id = ?`,
    [tenantId, agentId],
  );
  if (!r) return { ...DEFAULT_NOTIFICATION_PREFS };
  return {
    newTicket: !!r.new_ticket,
    assignedToMe: !!r.assigned_to_me,
    customerReplied: !!r.customer_replied,
    weeklySummary: !!r.weekly_summary,
  };
}

export async function putNotificationPrefs(
  q: Queryable,
  tenantId: string,
  agentId: string,
  p: NotificationPrefs,
  now: string,
) {
  await q.run(
    `INSERT INTO agent_notification_prefs (tenant_id, agent_id, new_ticket, assigned_to_me, customer_replied,
       weekly_summary, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET new_ticket = excluded.new_ticket,
       assigned_to_me = excluded.assigned_to_me, customer_replied = excluded.customer_replied,
       weekly_summary = excluded.weekly_summary, updated_at = excluded.updated_at`,
    [
      tenantId,
      agentId,
      p.newTicket ? 1 : 0,
      p.assignedToMe ? 1 : 0,
      p.customerReplied ? 1 : 0,
      p.weeklySummary ? 1 : 0,
      now,
    ],
  );
}

/** How many Message-IDs a new mail's References carries at most (RFC 5322 allows trimming: first + latest). */
export const MAX_REFERENCES = 20;

/**
 * The References of a new mail about a ticket, oldest first: every Message-ID of its thread up to MAX_REFERENCES,
 * else the first and the latest ones. A requester's thread leaves out the notifications its agents got; an agent's
 * has everything. Reads at most MAX_REFERENCES + 2 rows however long the thread is.
 */
export async function threadReferences(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  forAgent: boolean,
): Promise<string[]> {
  const where = `m.tenant_id = ? AND m.ticket_id = ?
       AND (? OR NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.tenant_id = m.tenant_id AND o.message_id = m.message_id
                               AND o.kind LIKE 'agent%'))`;
  const args = [tenantId, ticketId, forAgent ? 1 : 0];
  const latest = await q.all<{ message_id: string }>(
    `SELECT m.message_id FROM mail_message_ids m WHERE ${where} ORDER BY m.created_at DESC, m.rowid DESC LIMIT ?`,
    [...args, MAX_REFERENCES + 1],
  );
  const ids = latest.map((r) => r.message_id).reverse();
  if (ids.length <= MAX_REFERENCES) return ids;
  const first = await q.get<{ message_id: string }>(
    `SELECT m.message_id FROM mail_message_ids m WHERE ${where} ORDER BY m.created_at, m.rowid LIMIT 1`,
    args,
  );
  return [first!.message_id, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

export interface MailLogRow {
  id: string;
  ticket_id: string | null;
  kind: string;
  recipient: string;
  subject: string;
  message_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  smtp_response: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** The tenant's mail, newest first, keyset (created_at, id). */
export async function listMailLog(
  q: Queryable,
  tenantId: string,
  scope: TicketScope,
  f: { status?: string; ticketId?: string; before: readonly [string, string] | null; limit: number },
): Promise<MailLogRow[]> {
  const where = ['tenant_id = ?'];
  const args: (string | number)[] = [tenantId];
  if (scope.limited) {
    const s = scope.where('t');
    where.push(`ticket_id IN (SELECT t.id FROM tickets t WHERE t.tenant_id = ? AND ${s.sql})`);
    args.push(tenantId, ...s.args);
  }
  if (f.status) {
    where.push('status = ?');
    args.push(f.status);
  }
  if (f.ticketId) {
    where.push('ticket_id = ?');
    args.push(f.ticketId);
  }
  if (f.before) {
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    args.push(f.before[0], f.before[0], f.before[1]);
  }
  return q.all<MailLogRow>(
    `SELECT id, ticket_id, kind, recipient, subject, message_id, status, attempts, next_attempt_at, smtp_response,
            created_at, updated_at, sent_at
     FROM mail_outbox WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    [...args, f.limit + 1],
  );
}

export interface OutboxClaim {
  id: string;
  tenantId: string;
  recipient: string;
  attempts: number;
  payload: string;
}

/** Leases due mail to `owner`; a lease that ran out (its process died mid-send) makes the mail due again. */
export async function claimDueMail(db: Db, now: Date, owner: string, leaseMs: number, budget: number) {
  if (budget <= 0) return [];
  const at = now.toISOString();
  const due = await db.get(
    "SELECT 1 FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) LIMIT 1",
    [at],
  );
  if (!due) return [];
  const until = new Date(now.getTime() + leaseMs).toISOString();
  return db.tx(async (tx) => {
    const rows = await tx.all<{ id: string; tenant_id: string; recipient: string; attempts: number; payload: string }>(
      `SELECT id, tenant_id, recipient, attempts, payload FROM mail_outbox
       WHERE status = 'queued' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
       ORDER BY next_attempt_at, created_at LIMIT ?2`,
      [at, budget],
    );
    if (rows.length === 0) return [];
    await tx.run(`UPDATE mail_outbox SET lease_until = ?, claimed_by = ? WHERE id IN (${placeholders(rows.length)})`, [
      until,
      owner,
      ...rows.map((r) => r.id),
    ]);
    return rows.map((r): OutboxClaim => ({
      id: r.id,
      tenantId: r.tenant_id,
      recipient: r.recipient,
      attempts: r.attempts,
      payload: r.payload,
    }));
  });
}

export interface SendResult {
  id: string;
  status: 'sent' | 'failed' | 'queued';
  smtpResponse: string;
  nextAttemptAt: Date | null;
}

/** Records results, each only while its process still holds the lease (else another took the mail over). */
export async function recordMailResults(db: Db, owner: string, now: Date, results: SendResult[]) {
  if (results.length === 0) return 0;
  const at = now.toISOString();
  return db.tx(async (tx) => {
    let n = 0;
    for (const r of results) {
      const u = await tx.run(
        `UPDATE mail_outbox SET status = ?, attempts = attempts + 1, smtp_response = ?, next_attempt_at = ?,
           lease_until = NULL, claimed_by = NULL, updated_at = ?, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
         WHERE id = ? AND claimed_by = ? AND status = 'queued'`,
        [
          r.status,
          r.smtpResponse.slice(0, 1000),
          r.nextAttemptAt?.toISOString() ?? null,
          at,
          r.status,
          at,
          r.id,
          owner,
        ],
      );
      n += u.changes;
    }
    return n;
  });
}

/** On shutdown: hands back leases of mail not yet sent, so another process may send it at once. */
export async function releaseMailLeases(db: Db, owner: string, ids: string[]) {
  if (ids.length === 0) return;
  await db.run(
    `UPDATE mail_outbox SET lease_until = NULL, claimed_by = NULL WHERE claimed_by = ? AND status = 'queued' AND id IN (${placeholders(ids.length)})`,
    [owner, ...ids],
  );
}
