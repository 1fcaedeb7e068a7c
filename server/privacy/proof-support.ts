// Test support for the erasure proof: one person seeded through the real API into every store, and a scan of
// every column of every table (found from the schema, FTS shadow tables included) and of the storage directory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness, ReqOpts, SignedUp } from '../test-support/harness.ts';
import { INBOUND_TOKEN } from '../mail/inbound-fixtures.ts';
import { fanOutMail } from '../mail/outbound-fanout.ts';
import { createDispatcher } from '../webhooks/dispatcher.ts';

export const PERSON = {
  email: 'quixotewright.z@example.org',
  name: 'Zelda Quixotewright',
  marker: 'MRKRq7zx93',
};

/** What the scan looks for: the email, the name, its rarest word (search indexes keep words) and the marker. */
export const NEEDLES = [PERSON.email, PERSON.name, 'Quixotewright', PERSON.marker];

/**
 * Columns whose values cannot be the person's data even where a needle happened to match, each with why.
 * Columns, never whole tables: a new table is always scanned.
 */
export const ALLOWED_COLUMNS: Record<string, string> = {
  // none needed today; e.g. 'server_secrets.value': 'random keys the server made'
};

export interface Hit {
  table: string;
  column: string;
  needle: string;
  rows: number;
}

export async function scanDatabase(h: Harness, needles = NEEDLES): Promise<Hit[]> {
  const tables = await h.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const hits: Hit[] = [];
  for (const { name } of tables) {
    const cols = await h.db.all<{ name: string }>(`SELECT name FROM pragma_table_info('${name.replace(/'/g, "''")}')`);
    for (const col of cols) {
      if (ALLOWED_COLUMNS[`${name}.${col.name}`]) continue;
      for (const needle of needles)
        for (const form of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) {
          // Bytes, not text: FTS segments and raw mail are blobs, and a NUL must not end the search.
          const row = await h.db.get<{ n: number }>(
            `SELECT COUNT(*) AS n FROM "${name}" WHERE instr(CAST("${col.name}" AS BLOB), CAST(? AS BLOB)) > 0`,
            [form],
          );
          if (Number(row?.n ?? 0) > 0) {
            hits.push({ table: name, column: col.name, needle, rows: Number(row!.n) });
            break;
          }
        }
    }
  }
  return hits;
}

export function scanDirectory(dir: string, needles = NEEDLES): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        for (const needle of needles)
          if ([needle, needle.toLowerCase()].some((f) => bytes.includes(Buffer.from(f)))) found.push(`${p}: ${needle}`);
      }
    }
  };
  walk(dir);
  return found;
}

const DEAD_HOOK = 'http://127.0.0.1:1/hook';

function rawMail(to: string) {
  return [
    `From: ${PERSON.name} <${PERSON.email}>`,
    `To: ${to}`,
    `Subject: Second thoughts ${PERSON.marker}`,
    // Mail clients put all sorts in Message-IDs; this one carries the marker.
    `Message-ID: <${PERSON.marker}.${Date.now()}@mail.example.org>`,
    'Date: Mon, 2 Mar 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, it is ${PERSON.name} again. Reference ${PERSON.marker}.`,
    '',
  ].join('\r\n');
}

export interface Seeded {
  widgetTicketId: string;
  mailTicketId: string;
  otherTicketId: string;
  customerId: string;
}

/** Seeds the person through the real API: widget ticket with a file, replies, mail in and out, rating, webhooks, merge, chat. */
export async function seedPerson(h: Harness, t: SignedUp): Promise<Seeded> {
  const call = async (method: string, path: string, body?: unknown, opts: ReqOpts = t.as) => {
    const r = await h.json(method, path, { ...opts, body });
    if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const widget = { 'x-widget-key': t.tenant.widgetKey as string };
  await call('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    settings: { csat: { enabled: true }, chat: { enabled: true } },
  });
  await call('POST', '/api/v1/webhooks', {
    url: DEAD_HOOK,
    events: ['ticket.created', 'message.created', 'customer.created'],
  });
  await call('POST', '/api/v1/custom-fields', { key: 'order_ref', label: 'Order reference', type: 'text' });

  // A file from the widget with the marker in its name and bytes.
  const f = new FormData();
  f.append('file', new Blob([`Notes of ${PERSON.name}: ${PERSON.marker}\n`]), `${PERSON.marker}-notes.txt`);
  const up = await h.json('POST', '/api/v1/widget/attachments', { headers: widget, form: f });
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  // The widget ticket, sent with an Idempotency-Key so its answer sits in the idempotency cache.
  const filed = await call(
    'POST',
    '/api/v1/widget/tickets',
    {
      subject: `Broken kettle ${PERSON.marker}`,
      message: `My kettle broke. ${PERSON.marker}`,
      email: PERSON.email,
      name: PERSON.name,
      attachmentIds: [up.body.id],
    },
    { headers: { ...widget, 'idempotency-key': 'privacy-proof-1' } },
  );
  const widgetTicketId = filed.ticket.id as string;
  const visitor = { ...widget, authorization: `Bearer ${filed.visitorToken}` };
  await call('PATCH', `/api/v1/tickets/${widgetTicketId}`, { customFields: { order_ref: `ORD-${PERSON.marker}` } });
  await call('POST', `/api/v1/tickets/${widgetTicketId}/messages`, {
    body: `Hi ${PERSON.name}, sorry about ${PERSON.marker}.`,
  });
  await call('POST', `/api/v1/tickets/${widgetTicketId}/messages`, {
    body: `Internal: ${PERSON.name} is a VIP`,
    internal: true,
  });
  await call(
    'POST',
    `/api/v1/widget/tickets/${widgetTicketId}/messages`,
    { body: `Thanks! ${PERSON.marker}` },
    { headers: visitor },
  );

  // Mail from them through the inbound endpoint: a second ticket.
  const inbound = await h.json('POST', '/api/v1/inbound/email', {
    rawBody: new Uint8Array(Buffer.from(rawMail(t.tenant.inboundEmail as string))),
    token: INBOUND_TOKEN,
    headers: { 'content-type': 'message/rfc822' },
  });
  if (inbound.status !== 202 || !inbound.body.ticketId) throw new Error(`inbound: ${JSON.stringify(inbound.body)}`);
  const mailTicketId = inbound.body.ticketId as string;

  // A ticket of someone else where they wrote (a reply by mail is theirs; here an agent adds them by hand).
  const other = await call('POST', '/api/v1/tickets', {
    subject: 'Someone else asks',
    message: 'Unrelated question',
    requester: { email: 'other.person@example.net', name: 'Other Person' },
  });

  // A live chat with the page they were on.
  await call(
    'POST',
    '/api/v1/widget/chats',
    {
      message: `Chat hello ${PERSON.marker}`,
      page: { url: `https://shop.example.com/${PERSON.marker}`, title: `Kettle ${PERSON.marker}` },
    },
    { headers: visitor },
  );

  // Resolved, then rated with a comment.
  await call('PATCH', `/api/v1/tickets/${widgetTicketId}`, { status: 'resolved' });
  await call(
    'POST',
    `/api/v1/widget/tickets/${widgetTicketId}/rating`,
    { rating: 'good', comment: `Great ${PERSON.marker}` },
    { headers: visitor },
  );

  // Merge the mail ticket into a fresh one of theirs: a merge snapshot and an audit entry about their ticket.
  const third = await call('POST', '/api/v1/tickets', {
    subject: `Follow-up ${PERSON.marker}`,
    message: `Follow-up for ${PERSON.name}`,
    requester: { email: PERSON.email },
  });
  await call('POST', `/api/v1/tickets/${third.id}/merge`, { ticketIds: [mailTicketId] });

  // A help-centre search for their own name that found nothing (kept as typed, for the content gaps report).
  const miss = await h.json('GET', `/api/v1/widget/kb/search?q=${encodeURIComponent(PERSON.name)}`, {
    headers: widget,
  });
  if (miss.status !== 200) throw new Error(`kb search: ${miss.status}`);
  await h.flush();

  // Mail out (fan-out renders the mails) and webhook deliveries (the dispatcher makes them from the events).
  await fanOutMail(h.deps);
  const d = createDispatcher(h.deps, { id: 'proof-dispatcher', random: () => 0.5 });
  await d.runOnce();

  const customer = await h.db.get<{ id: string }>('SELECT id FROM customers WHERE tenant_id = ? AND email = ?', [
    t.tenant.id,
    PERSON.email,
  ]);
  return { widgetTicketId, mailTicketId, otherTicketId: other.id as string, customerId: customer!.id };
}
