// The mail a tenant's owners get when its subscription changes: a plain notice queued in mail_outbox in the
// change's own transaction (no ticket, no thread), sent by the mail worker like every other mail.
import type { Queryable } from '../../db/client.ts';
import type { Deps } from '../../types.ts';
import type { TenantRecord } from '../../tenants/queries.ts';
import { newId } from '../../lib/ids.ts';
import { NOT_SENT_NO_SMTP, type MailPayload } from '../../mail/outbound-fanout.ts';
import { newMessageId, oneLine } from '../../mail/outbound-threading.ts';

export type OwnerMailDeps = Pick<Deps, 'env'> & { mailTransport: unknown };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** One mail per active owner; returns how many were queued. */
export async function queueOwnerMail(
  q: Queryable,
  deps: OwnerMailDeps,
  tenant: TenantRecord,
  mail: { subject: string; lines: string[] },
  now: Date,
): Promise<number> {
  const owners = await q.all<{ email: string; name: string }>(
    `SELECT email, name FROM agents WHERE tenant_id = ? AND role_id = 'owner' AND status = 'active' ORDER BY created_at`,
    [tenant.id],
  );
  const env = deps.env;
  const sending = deps.mailTransport != null;
  const at = now.toISOString();
  const link = `${env.PUBLIC_URL}/inbox/#/settings/billing`;
  const subject = oneLine(`${tenant.name}: ${mail.subject}`);
  const text = [
    ...mail.lines,
    '',
    `Plan & billing: ${link}`,
    '',
    '--',
    `You are receiving this as an owner of ${tenant.name}.`,
    '',
  ].join('\n');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif">${mail.lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join(
      '',
    )}<p><a href="${escapeHtml(link)}">Plan &amp; billing</a></p><p style="color:#7b8794;font-size:12px">You are receiving this as an owner of ${escapeHtml(tenant.name)}.</p></body></html>`;
  for (const o of owners) {
    const messageId = newMessageId(env.INBOUND_DOMAIN);
    const payload: MailPayload = {
      from: { name: oneLine(tenant.name, 120), address: env.MAIL_FROM },
      to: { name: oneLine(o.name, 120), address: o.email },
      replyTo: env.MAIL_FROM,
      subject,
      messageId,
      inReplyTo: null,
      references: [],
      headers: { 'Auto-Submitted': 'auto-generated' },
      html,
      text,
    };
    await q.run(
      `INSERT INTO mail_outbox (id, tenant_id, ticket_id, kind, event_id, recipient, subject, message_id, status, attempts,
         next_attempt_at, smtp_response, payload, created_at, updated_at)
       VALUES (?, ?, NULL, 'billing', NULL, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`,
      [
        newId('mail'),
        tenant.id,
        o.email.toLowerCase(),
        subject,
        messageId,
        sending ? 'queued' : 'not_sent',
        sending ? at : null,
        sending ? null : NOT_SENT_NO_SMTP,
        JSON.stringify(payload),
        at,
        at,
      ],
    );
  }
  return owners.length;
}
