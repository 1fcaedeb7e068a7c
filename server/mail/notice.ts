// A notice: a mail about no ticket (a "Delete my data" link, a subscription change, the weekly summary), from the
// tenant's name at MAIL_FROM, queued in mail_outbox inside the caller's transaction. The mail worker sends it like
// any other mail; without SMTP_URL it is logged as not sent.
import type { Queryable } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { newId } from '../lib/ids.ts';
import type { MailPayload } from './outbound-fanout.ts';
import { queueOutboxMail } from './outbox-queries.ts';
import { newMessageId, oneLine } from './outbound-threading.ts';
import type { MailKind } from './templates.ts';

export type NoticeDeps = Pick<Deps, 'env'> & { mailTransport: unknown };

export interface Notice {
  kind: MailKind;
  /** Shown as the sender's name: the tenant's. */
  fromName: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
}

export async function queueNotice(q: Queryable, deps: NoticeDeps, tenantId: string, n: Notice, now: Date) {
  const env = deps.env;
  const messageId = newMessageId(env.INBOUND_DOMAIN);
  const subject = oneLine(n.subject);
  const payload: MailPayload = {
    from: { name: oneLine(n.fromName, 120), address: env.MAIL_FROM },
    to: { name: oneLine(n.to.name, 120), address: n.to.address },
    replyTo: env.MAIL_FROM,
    subject,
    messageId,
    inReplyTo: null,
    references: [],
    headers: { 'Auto-Submitted': 'auto-generated' },
    html: n.html,
    text: n.text,
  };
  await queueOutboxMail(
    q,
    tenantId,
    {
      id: newId('mail'),
      kind: n.kind,
      recipient: n.to.address.toLowerCase(),
      subject,
      messageId,
      payload: JSON.stringify(payload),
    },
    deps.mailTransport != null,
    now.toISOString(),
  );
}
