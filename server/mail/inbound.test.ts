// Inbound mail through POST /api/v1/inbound/email with the .eml corpus: new tickets, threading in its
// order, charsets, the kept original, loops and bounces, spam, and bad input that changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { fixture, INBOUND_DOMAIN, INBOUND_ENV, INBOUND_TOKEN, ticketWithOutboundMail } from './inbound-fixtures.ts';

let h: Harness;
let t: SignedUp;
let to: string;

beforeEach(async () => {
  h = await createHarness({ env: INBOUND_ENV });
  t = await h.signup({ tenantName: 'Acme' });
  to = t.tenant.inboundEmail;
});
afterEach(() => h.close());

function post(raw: Buffer | string, opts: { to?: string; token?: string; type?: string } = {}) {
  const q = opts.to ? `?to=${encodeURIComponent(opts.to)}` : '';
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
  return h.json('POST', `/api/v1/inbound/email${q}`, {
    rawBody: new Uint8Array(bytes),
    token: opts.token ?? INBOUND_TOKEN,
    headers: { 'content-type': opts.type ?? 'message/rfc822' },
  });
}

const ticket = async (id: string) => (await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body;
const count = async (table: string) =>
  (await h.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`, [t.tenant.id]))!.n;

describe('a new mail', () => {
  it('becomes an email ticket of the sender, with its Message-ID recorded and its original kept for agents', async () => {
    expect(to).toBe(`${t.tenant.slug}@${INBOUND_DOMAIN}`);
    const r = await post(fixture('forwarded.eml', { TO: to }));
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ disposition: 'created' });
    const tk = await ticket(r.body.ticketId);
    expect(tk).toMatchObject({
      channel: 'email',
      subject: 'Fwd: Broken zipper on my jacket',
      requester: { email: 'dana@shop.example', name: 'Dana Owner' },
      followUpOf: null,
    });
    // a forward keeps the forwarded mail: it is the point of it
    expect(tk.messages[0].body).toContain('Please take care of this one.');
    expect(tk.messages[0].body).toContain('the zipper of the jacket I bought last week broke');
    expect(tk.messages[0].author).toMatchObject({ type: 'customer', name: 'Dana Owner' });
    const ids = await h.db.all('SELECT message_id, direction FROM mail_message_ids WHERE ticket_id = ?', [tk.id]);
    expect(ids).toEqual([{ message_id: 'CAB+gmail-forward-0001@mail.gmail.com', direction: 'in' }]);

    const list = await h.json('GET', `/api/v1/tickets/${tk.id}/mail-originals`, t.as);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        messageId: r.body.messageId,
        from: 'dana@shop.example',
        mailMessageId: 'CAB+gmail-forward-0001@mail.gmail.com',
      }),
    ]);
    const orig = await h.json('GET', `/api/v1/tickets/${tk.id}/messages/${r.body.messageId}/original`, t.as);
    expect(orig.status).toBe(200);
    expect(orig.body.source).toContain('Subject: Fwd: Broken zipper on my jacket');
    expect(orig.body.source).toContain('---------- Forwarded message ---------');
    expect(orig.body.truncated).toBe(false);

    const customers = await h.json('GET', '/api/v1/customers', t.as);
    expect(customers.body.data.map((c: { email: string }) => c.email)).toContain('dana@shop.example');
  });

  it.each([
    [
      'charset-iso-8859-1.eml',
      'Größe und Rückgabe',
      'Jörg Müller',
      'Grüße aus Köln! Die Rückgabe der Jacke (Größe L) kostet 5 £? Ça va.',
    ],
    ['charset-windows-1252.eml', 'Price “typo” €', 'Zoë O’Brien', 'The price was 49 € – not “49 $” as the shop said.'],
    ['charset-shift-jis.eml', '配送について', '山田太郎', '注文した商品がまだ届きません。確認をお願いします。'],
    ['charset-utf-8.eml', 'Café machine ☕ broken', 'Renée 🌻', 'Ma machine à café ☕ ne marche plus 😢. مرحبا'],
  ])('decodes %s: subject, sender name and text', async (name, subject, sender, body) => {
    const r = await post(fixture(name, { TO: to }));
    expect(r.body.disposition).toBe('created');
    const tk = await ticket(r.body.ticketId);
    expect(tk.subject).toBe(subject);
    expect(tk.requester.name).toBe(sender);
    expect(tk.messages[0].body).toBe(body);
  });

  it('of HTML only: the text comes from the HTML; the original offers it sanitized (no script, image or javascript: link)', async () => {
    const r = await post(fixture('html-only.eml', { TO: to }));
    const tk = await ticket(r.body.ticketId);
    expect(tk.messages[0].body).toBe(
      'Hi,\n\nI cannot log in since yesterday. The page says "invalid session".\n\nclick help page [https://example.com/help]',
    );
    const orig = await h.json('GET', `/api/v1/tickets/${tk.id}/messages/${r.body.messageId}/original`, t.as);
    expect(orig.body.html).toContain('<b>cannot log in</b>');
    expect(orig.body.html).toContain('href="https://example.com/help"');
    expect(orig.body.html).not.toMatch(/script|<img|onerror|onclick|javascript:|<style/i);
  });

  it('puts the files on the message, and the original still names them', async () => {
    const r = await post(fixture('attachment.eml', { TO: to }));
    const m = (await ticket(r.body.ticketId)).messages[0];
    expect(m.body).toBe('The lamp arrived broken, photos attached.');
    expect(m.attachments.map((a: any) => [a.filename, a.contentType, a.size])).toEqual([
      ['lamp.jpg', 'image/jpeg', 57],
      ['receipt.pdf', 'application/pdf', 78],
    ]);
    const orig = await h.json('GET', `/api/v1/tickets/${r.body.ticketId}/messages/${r.body.messageId}/original`, t.as);
    expect(orig.body.attachments).toEqual([
      { filename: 'lamp.jpg', contentType: 'image/jpeg', size: 57 },
      { filename: 'receipt.pdf', contentType: 'application/pdf', size: 78 },
    ]);
    expect(orig.body.source).toContain('JVBERi0xLjQK');
  });

  it('takes the recipient from ?to= when the headers name only the forwarding address', async () => {
    const raw = fixture('forwarded.eml', { TO: 'support@shop.example' });
    expect((await post(raw)).status).toBe(422);
    const r = await post(raw, { to });
    expect(r.body.disposition).toBe('created');
  });

  it('joins once when the same Message-ID is delivered twice', async () => {
    const raw = fixture('charset-utf-8.eml', { TO: to });
    const first = await post(raw);
    const again = await post(raw);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({
      disposition: 'ignored',
      ticketId: first.body.ticketId,
      messageId: first.body.messageId,
    });
    expect(await count('tickets')).toBe(1);
    expect(await count('ticket_messages')).toBe(1);
  });
});

describe('threading', () => {
  it('a Gmail reply joins by our Message-ID in In-Reply-To, without the quoted history', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    const r = await post(fixture('gmail-reply.eml', { REPLY_TO: to, OUT_ID: mt.outId, NUMBER: mt.number }));
    expect(r.body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
    const tk = await ticket(mt.id);
    expect(tk.messages.at(-1).body).toBe('Thanks, the parcel arrived this morning!\n\nAnna');
  });

  it('an Outlook reply joins by our Message-ID later in References; quoted history and signature go', async () => {
    const mt = await ticketWithOutboundMail(h, t, { email: 'bernd@example.org' });
    const r = await post(fixture('outlook-reply.eml', { TO: to, REPLY_TO: mt.replyTo, OUT_ID: mt.outId, NUMBER: 999 }));
    expect(r.body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
    const body: string = (await ticket(mt.id)).messages.at(-1).body;
    expect(body).toMatch(/^The corrected invoice is fine now, thank you\./);
    expect(body).not.toContain('we have corrected the invoice');
    expect(body).not.toContain('From: Acme Support');
  });

  it('an Apple Mail reply joins, without "> On … wrote:" and the quote', async () => {
    const mt = await ticketWithOutboundMail(h, t, { email: 'chloe@example.net' });
    const r = await post(
      fixture('apple-mail-reply.eml', { TO: to, REPLY_TO: mt.replyTo, OUT_ID: mt.outId, NUMBER: mt.number }),
    );
    expect(r.body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
    expect((await ticket(mt.id)).messages.at(-1).body).toBe('The new link worked, I’m back in. Merci !');
  });

  it('a CC reply joins by the reply token in Cc, from a colleague who becomes a participant', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    const r = await post(fixture('cc-reply.eml', { REPLY_TO: mt.replyTo, NUMBER: mt.number }));
    expect(r.body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
    const last = (await ticket(mt.id)).messages.at(-1);
    expect(last.author.name).toBe('Gil Colleague');
    expect(last.body).toBe("I am Anna's colleague: the parcel is at our front desk, not with her.");
    // now a participant: the subject number alone threads the colleague's next mail
    const next = `From: gil@example.com\r\nTo: ${to}\r\nSubject: Re: [#${mt.number}] again\r\nMessage-ID: <gil-2@example.com>\r\n\r\nOne more thing.`;
    expect((await post(next)).body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
  });

  it('a reply token made for another ticket number does not verify: the mail opens a new ticket', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    const forged = mt.replyTo.replace(`+${mt.number}-`, `+${mt.number + 1}-`);
    const raw = `From: x@example.com\r\nTo: ${forged}\r\nSubject: hi\r\n\r\nHello there, a question.`;
    const r = await post(raw, { to: forged });
    expect(r.body.disposition).toBe('created');
    expect(r.body.ticketId).not.toBe(mt.id);
  });

  it('the subject number joins only for the requester; a stranger quoting it gets a new ticket', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    const own = `From: Anna Berg <ANNA@example.com>\r\nTo: ${to}\r\nSubject: Re: [#${mt.number}] My order\r\nMessage-ID: <anna-own@example.com>\r\n\r\nStill waiting.`;
    expect((await post(own)).body).toMatchObject({ disposition: 'replied', ticketId: mt.id });

    const r = await post(fixture('spoofed-stranger.eml', { TO: to, NUMBER: mt.number }));
    expect(r.body.disposition).toBe('created');
    expect(r.body.ticketId).not.toBe(mt.id);
    const original = await ticket(mt.id);
    expect(original.messages.map((m: { body: string }) => m.body).join('\n')).not.toContain('Fake Street');
    expect((await ticket(r.body.ticketId)).requester.email).toBe('mallory@evil.example');
  });

  it('a reply reopens a resolved ticket; a reply to a closed one opens a follow-up that links it', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    await h.json('PATCH', `/api/v1/tickets/${mt.id}`, { ...t.as, body: { status: 'resolved' } });
    const raw = (n: number) =>
      fixture('gmail-reply.eml', { REPLY_TO: mt.replyTo, OUT_ID: mt.outId, NUMBER: mt.number })
        .toString('latin1')
        .replace('gmail-reply-0001', `gmail-reply-${n}`);
    expect((await post(Buffer.from(raw(1), 'latin1'))).body.disposition).toBe('replied');
    expect((await ticket(mt.id)).status).toBe('open');

    await h.json('PATCH', `/api/v1/tickets/${mt.id}`, { ...t.as, body: { status: 'closed' } });
    const r = await post(Buffer.from(raw(2), 'latin1'));
    expect(r.body.disposition).toBe('created');
    const follow = await ticket(r.body.ticketId);
    expect(follow).toMatchObject({
      followUpOf: mt.id,
      subject: 'My order has not arrived',
      channel: 'email',
      status: 'open',
    });
    expect((await ticket(mt.id)).status).toBe('closed');
    // the follow-up's Message-ID is its own now: a reply to it joins the follow-up
    const ids = await h.db.all<{ ticket_id: string }>('SELECT ticket_id FROM mail_message_ids WHERE message_id = ?', [
      'CAB+gmail-reply-2@mail.gmail.com',
    ]);
    expect(ids).toEqual([{ ticket_id: follow.id }]);
  });
});

describe('no loops', () => {
  it('an auto-reply that starts no thread is kept as spam, never lost and never answered (no events)', async () => {
    const before = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM events WHERE tenant_id = ?', [t.tenant.id]);
    const r = await post(fixture('auto-reply.eml', { TO: to }));
    expect(r.body).toMatchObject({ disposition: 'spam' });
    const row = await h.db.get<{ spam: number }>('SELECT spam FROM tickets WHERE id = ?', [r.body.ticketId]);
    expect(row?.spam).toBe(1);
    const after = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM events WHERE tenant_id = ?', [t.tenant.id]);
    expect(after!.n).toBe(before!.n);
  });

  it.each([['Auto-Submitted: auto-generated'], ['Precedence: list'], ['Precedence: junk'], ['X-Autorespond: yes']])(
    '%s in a thread joins it but does not reopen it',
    async (headerLine) => {
      const mt = await ticketWithOutboundMail(h, t);
      await h.json('PATCH', `/api/v1/tickets/${mt.id}`, { ...t.as, body: { status: 'resolved' } });
      const raw = `From: anna@example.com\r\nTo: ${mt.replyTo}\r\n${headerLine}\r\nSubject: Out of office\r\nIn-Reply-To: <${mt.outId}>\r\n\r\nI am away until Monday.`;
      expect((await post(raw)).body).toMatchObject({ disposition: 'replied', ticketId: mt.id });
      expect((await ticket(mt.id)).status).toBe('resolved');
    },
  );

  it('Auto-Submitted: no is a person', async () => {
    const raw = `From: kim@example.com\r\nTo: ${to}\r\nAuto-Submitted: no\r\nSubject: Help\r\n\r\nMy printer is on fire.`;
    expect((await post(raw)).body.disposition).toBe('created');
  });

  it('a bounce marks our outbound mail bounced and opens no ticket', async () => {
    const mt = await ticketWithOutboundMail(h, t, { email: 'nobody@example.com' });
    const tickets = await count('tickets');
    const r = await post(fixture('bounce.eml', { TO: to, OUT_ID: mt.outId, NUMBER: mt.number }));
    expect(r.body).toMatchObject({ disposition: 'ignored', reason: 'bounce' });
    const out = await h.db.get<{ status: string; smtp_response: string }>(
      'SELECT status, smtp_response FROM mail_outbox WHERE message_id = ?',
      [mt.outId],
    );
    expect(out).toEqual({ status: 'bounced', smtp_response: expect.stringContaining('550 5.1.1') });
    expect(await count('tickets')).toBe(tickets);
    expect((await ticket(mt.id)).messages).toHaveLength(1);
  });

  it('a bounce about a mail we never sent is kept as spam, not lost', async () => {
    const r = await post(fixture('bounce.eml', { TO: to, OUT_ID: 'unknown@elsewhere.example', NUMBER: 1 }));
    expect(r.body.disposition).toBe('spam');
  });

  it('our own mail coming back is ignored', async () => {
    const mt = await ticketWithOutboundMail(h, t);
    const raw = `From: help@${INBOUND_DOMAIN}\r\nTo: ${to}\r\nMessage-ID: <${mt.outId}>\r\nSubject: [#${mt.number}] x\r\n\r\nOur reply.`;
    expect((await post(raw)).body).toMatchObject({ disposition: 'ignored', ticketId: mt.id });
    expect((await ticket(mt.id)).messages).toHaveLength(1);
  });
});

describe('spam signals', () => {
  it('a link-only mail from a new sender is kept as spam; from a known customer it is a ticket', async () => {
    const r = await post(fixture('link-only.eml', { TO: to }));
    expect(r.body).toMatchObject({ disposition: 'spam', reason: 'link-only mail from a new sender' });
    await ticketWithOutboundMail(h, t, { email: 'known@example.com' });
    const known = `From: known@example.com\r\nTo: ${to}\r\nSubject: link\r\n\r\nhttps://example.com/order/1`;
    expect((await post(known)).body.disposition).toBe('created');
  });

  it('an empty mail from a new sender is kept as spam', async () => {
    const r = await post(`From: blank@example.com\r\nTo: ${to}\r\nSubject: \r\n\r\n   \r\n`);
    expect(r.body.disposition).toBe('spam');
    const tk = await h.db.get<{ subject: string }>('SELECT subject FROM tickets WHERE id = ?', [r.body.ticketId]);
    expect(tk?.subject).toBe('(no subject)');
  });
});

describe('bad input changes nothing, or makes a clean ticket', () => {
  const nothingWritten = async () => {
    expect(await count('tickets')).toBe(0);
    expect(await count('customers')).toBe(0);
    expect(await count('mail_inbound')).toBe(0);
  };

  it('no From: 422 naming it', async () => {
    const r = await post(fixture('no-from.eml', { TO: to }));
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'from', message: 'The mail has no valid From address.' }]);
    await nothingWritten();
  });

  it('no known recipient: 422; a suspended tenant receives no mail either', async () => {
    const r = await post(fixture('forwarded.eml', { TO: `nobody@${INBOUND_DOMAIN}` }));
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('to');
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/suspend`, h.platform)).status).toBe(200);
    expect((await post(fixture('forwarded.eml', { TO: to }))).status).toBe(422);
    await nothingWritten();
  });

  it('a 30 MB mail: 413 problem+json', async () => {
    const big = Buffer.concat([
      Buffer.from(`From: big@example.com\r\nTo: ${to}\r\nSubject: big\r\n\r\n`),
      Buffer.alloc(30 * 1024 * 1024, 'a'),
    ]);
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toBe('The mail is larger than 25 MB.');
    await nothingWritten();
  });

  it('a mail over 1 MB (the API limit) but under 25 MB is taken', async () => {
    const raw = Buffer.concat([
      Buffer.from(
        `From: pdf@example.com\r\nTo: ${to}\r\nSubject: scan\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nScan attached.\r\n--B\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n`,
      ),
      Buffer.from(
        Buffer.alloc(3 * 1024 * 1024, 7)
          .toString('base64')
          .replace(/.{76}/g, '$&\r\n'),
      ),
      Buffer.from('\r\n--B--\r\n'),
    ]);
    const r = await post(raw);
    expect(r.body.disposition).toBe('created');
    // Its "PDF" is not one: the mail is kept, the file is named as removed.
    expect((await ticket(r.body.ticketId)).messages[0].body).toBe(
      'Scan attached.\n\n[attachment removed: scan.pdf is named .pdf but its content is not PDF]',
    );
  });

  it('malformed MIME: a clean ticket of what could be read', async () => {
    const r = await post(fixture('malformed.eml', { TO: to }));
    expect(r.status).toBe(202);
    const tk = await ticket(r.body.ticketId);
    expect(tk.requester.email).toBe('jo@example.com');
    expect(tk.messages[0].body.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex -- stored text holds no control characters
    expect(tk.subject).not.toMatch(/[\u0000-\u001f]/);
  });

  it('garbage that is no mail at all: a clear 422, nothing written', async () => {
    const r = await post(Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x1b]), { to });
    expect(r.status).toBe(422);
    await nothingWritten();
  });

  it('CR/LF in the sender name and subject stays on one line and adds no header or recipient', async () => {
    const r = await post(fixture('crlf-header-injection.eml', { TO: to }));
    const tk = await ticket(r.body.ticketId);
    expect(tk.subject).toBe('Hello Bcc: victim@example.com body');
    expect(tk.requester.email).toBe('eve@example.com');
    // eslint-disable-next-line no-control-regex -- the point: no CR, LF or other control character survives
    expect(`${tk.subject}${tk.requester.name ?? ''}`).not.toMatch(/[\u0000-\u001f]/);
    expect(await count('customers')).toBe(1);
  });

  it('refuses a wrong token (401) and a body that is not message/rfc822 (415)', async () => {
    const raw = fixture('forwarded.eml', { TO: to });
    expect((await post(raw, { token: 'wrong-token-0123456789' })).status).toBe(401);
    expect((await post(raw, { token: t.cookie })).status).toBe(401);
    const key = await t.apiKey();
    expect((await post(raw, { token: key })).status).toBe(401);
    const r = await post(raw, { type: 'text/plain' });
    expect(r.status).toBe(415);
    await nothingWritten();
  });

  it('a sender over the per-sender limit gets 429 and the mail is not written', async () => {
    const h2 = await createHarness({ env: INBOUND_ENV });
    try {
      const t2 = await h2.signup();
      const send = (n: number) =>
        h2.json('POST', '/api/v1/inbound/email', {
          rawBody: new Uint8Array(
            Buffer.from(
              `From: flood@example.com\r\nTo: ${t2.tenant.inboundEmail}\r\nSubject: n${n}\r\n\r\nMessage ${n}`,
            ),
          ),
          token: INBOUND_TOKEN,
          headers: { 'content-type': 'message/rfc822' },
        });
      for (let i = 0; i < 30; i++) expect((await send(i)).status).toBe(202);
      const r = await send(30);
      expect(r.status).toBe(429);
      expect(r.res.headers.get('retry-after')).toMatch(/^\d+$/);
      const n = await h2.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets');
      expect(n!.n).toBe(30);
    } finally {
      await h2.close();
    }
  });
});

describe('the original, for agents only', () => {
  it("is 404 for another tenant's agent and for a message that did not come by mail", async () => {
    const r = await post(fixture('charset-utf-8.eml', { TO: to }));
    const other = await h.signup();
    const path = `/api/v1/tickets/${r.body.ticketId}/messages/${r.body.messageId}/original`;
    expect((await h.json('GET', path, other.as)).status).toBe(404);
    expect((await h.json('GET', `/api/v1/tickets/${r.body.ticketId}/mail-originals`, other.as)).status).toBe(404);
    const reply = await h.json('POST', `/api/v1/tickets/${r.body.ticketId}/messages`, {
      ...t.as,
      body: { body: 'Hello' },
    });
    const none = await h.json('GET', `/api/v1/tickets/${r.body.ticketId}/messages/${reply.body.id}/original`, t.as);
    expect(none.status).toBe(404);
    expect((await h.json('GET', path, {})).status).toBe(401);
  });
});
