// Test support: the .eml corpus in fixtures/, with the addresses and ids of the test's own tenant and ticket
// filled in, and a ticket that has had one outbound mail (as the sender would have written it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness, SignedUp } from '../test-support/harness.ts';
import { replyAddress } from './addresses.ts';

export const INBOUND_TOKEN = 'test-inbound-token-0123456789';
export const INBOUND_DOMAIN = 'mail.test';
export const INBOUND_ENV = { INBOUND_EMAIL_TOKEN: INBOUND_TOKEN, INBOUND_DOMAIN };

const DIR = join(import.meta.dirname, 'fixtures');

export interface FixtureVars {
  TO?: string;
  REPLY_TO?: string;
  OUT_ID?: string;
  NUMBER?: number | string;
}

/** A fixture's bytes with `{{TO}}`-style placeholders filled in (byte for byte: 8-bit charsets stay as they are). */
export function fixture(name: string, vars: FixtureVars = {}): Buffer {
  let text = readFileSync(join(DIR, name)).toString('latin1');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, String(v));
  return Buffer.from(text, 'latin1');
}

export interface MailTicket {
  id: string;
  number: number;
  /** Our Message-ID of the mail "sent" about it (without brackets). */
  outId: string;
  replyTo: string;
}

/** A ticket of `anna@example.com` on which we have sent one mail (id in mail_message_ids and mail_outbox). */
export async function ticketWithOutboundMail(
  h: Harness,
  t: SignedUp,
  opts: { email?: string; subject?: string } = {},
): Promise<MailTicket> {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: {
      subject: opts.subject ?? 'My order has not arrived',
      message: 'Where is my parcel?',
      requester: { email: opts.email ?? 'anna@example.com', name: 'Anna Berg' },
      channel: 'email',
    },
  });
  if (r.status !== 201) throw new Error(`ticket: ${r.status} ${JSON.stringify(r.body)}`);
  const outId = `out-${r.body.id}@${INBOUND_DOMAIN}`;
  const now = new Date().toISOString();
  await h.db.run(
    `INSERT INTO mail_message_ids (tenant_id, message_id, ticket_id, direction, created_at) VALUES (?, ?, ?, 'out', ?)`,
    [t.tenant.id, outId, r.body.id, now],
  );
  await h.db.run(
    `INSERT INTO mail_outbox (id, tenant_id, ticket_id, kind, event_id, recipient, subject, message_id, status, payload, created_at, updated_at)
     VALUES (?, ?, ?, 'reply', NULL, ?, ?, ?, 'sent', '{}', ?, ?)`,
    [`mo_${r.body.id}`, t.tenant.id, r.body.id, opts.email ?? 'anna@example.com', 'x', outId, now, now],
  );
  const key = await h.deps.mailReplyKey.get();
  return {
    id: r.body.id,
    number: r.body.number,
    outId,
    replyTo: replyAddress(key, { id: t.tenant.id, slug: t.tenant.slug }, r.body.number, INBOUND_DOMAIN),
  };
}
