// The SMTP receiver over real SMTP: nodemailer sends into it on 127.0.0.1, and raw sockets break sessions.
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { fixture, INBOUND_ENV, ticketWithOutboundMail } from './inbound-fixtures.ts';
import { startReceiver, type Receiver } from './receiver.ts';

let h: Harness;
let t: SignedUp;
let rx: Receiver;
const MAX = 64 * 1024;

beforeEach(async () => {
  h = await createHarness({ env: INBOUND_ENV });
  t = await h.signup({ tenantName: 'Acme' });
  rx = await startReceiver(h.deps, { host: '127.0.0.1', port: 0, maxBytes: MAX });
});
afterEach(async () => {
  await rx.close();
  await h.close();
});

const transport = () =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: rx.port,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: false },
  });

const send = (raw: Buffer | string, from: string, to: string[]) =>
  transport().sendMail({ envelope: { from, to }, raw });

/** Speaks SMTP by hand: writes each line, collects what the server says. */
function session(lines: string[], opts: { dropAfter?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(rx.port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('error', () => resolve(out));
    s.on('close', () => resolve(out));
    s.once('data', async () => {
      for (const l of lines) {
        s.write(l + '\r\n');
        await new Promise((r) => setTimeout(r, 30));
      }
      if (opts.dropAfter) s.destroy();
      else setTimeout(() => s.end(), 100);
    });
  });
}

describe('SMTP receiver', () => {
  it('turns a mail sent over SMTP into a ticket; a reply threads into it', async () => {
    const to = t.tenant.inboundEmail;
    const info = await send(fixture('charset-shift-jis.eml', { TO: to }), 'taro@example.jp', [to]);
    expect(info.response).toMatch(/^250 .*created/);
    const list = await h.json('GET', '/api/v1/tickets', t.as);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ channel: 'email', subject: '配送について' });

    const mt = await ticketWithOutboundMail(h, t);
    const reply = await send(
      fixture('gmail-reply.eml', { REPLY_TO: mt.replyTo, OUT_ID: mt.outId, NUMBER: mt.number }),
      'anna@example.com',
      [mt.replyTo],
    );
    expect(reply.response).toMatch(/^250 .*replied/);
    const tk = await h.json('GET', `/api/v1/tickets/${mt.id}`, t.as);
    expect(tk.body.messages.at(-1).body).toBe('Thanks, the parcel arrived this morning!\n\nAnna');
  });

  it('refuses an unknown recipient with 550 at RCPT', async () => {
    const err = await send('Subject: x\r\n\r\nhello', 'a@example.com', ['nobody@mail.test']).catch(
      (e: Error & { responseCode?: number }) => e,
    );
    expect((err as { responseCode?: number }).responseCode).toBe(550);
    expect(String((err as Error).message)).toMatch(/no such mailbox/);
  });

  it('advertises SIZE and refuses an oversized mail at DATA with 552, writing nothing', async () => {
    const to = t.tenant.inboundEmail;
    const ehlo = await session(['EHLO test.example', 'QUIT']);
    expect(ehlo).toMatch(new RegExp(`250[- ]SIZE ${MAX}`));
    const big = `From: big@example.com\r\nTo: ${to}\r\nSubject: big\r\n\r\n${'a'.repeat(MAX + 1000)}`;
    const err = await send(big, 'big@example.com', [to]).catch((e: Error) => e);
    expect((err as { responseCode?: number }).responseCode).toBe(552);
    const n = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets');
    expect(n!.n).toBe(0);
  });

  it('a mail without From is refused (550) and writes nothing', async () => {
    const to = t.tenant.inboundEmail;
    const err = await send(fixture('no-from.eml', { TO: to }), 'x@example.com', [to]).catch((e: Error) => e);
    expect((err as { responseCode?: number }).responseCode).toBe(550);
    expect(String((err as Error).message)).toMatch(/no valid From/);
  });

  it('survives garbage commands and a connection dropped mid-DATA, then still receives', async () => {
    const to = t.tenant.inboundEmail;
    const garbage = await session([
      'HELLO?',
      '\u0000\u0001\u00ff',
      'MAIL FROM:<<<>>>',
      'RCPT TO:',
      'DATA',
      'x'.repeat(5000),
      'QUIT',
    ]);
    expect(garbage).toMatch(/^220 /);
    expect(garbage).toMatch(/50\d /);
    await session(
      [
        'EHLO x',
        'MAIL FROM:<cut@example.com>',
        `RCPT TO:<${to}>`,
        'DATA',
        `From: cut@example.com`,
        `To: ${to}`,
        'Subject: cut',
        '',
        'half a mail',
      ],
      { dropAfter: true },
    );
    const n = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tickets');
    expect(n!.n).toBe(0);
    const ok = await send(fixture('charset-utf-8.eml', { TO: to }), 'renee@example.fr', [to]);
    expect(ok.response).toMatch(/^250 /);
  });

  it('answers a sender over its limit with a temporary 451', async () => {
    const to = t.tenant.inboundEmail;
    const tr = transport();
    for (let i = 0; i < 30; i++)
      await tr.sendMail({
        envelope: { from: 'flood@example.com', to: [to] },
        raw: `From: flood@example.com\r\nTo: ${to}\r\nSubject: n${i}\r\n\r\nMessage ${i}`,
      });
    const err = await tr
      .sendMail({
        envelope: { from: 'flood@example.com', to: [to] },
        raw: `From: flood@example.com\r\nTo: ${to}\r\nSubject: more\r\n\r\nMore`,
      })
      .catch((e: Error) => e);
    expect((err as { responseCode?: number }).responseCode).toBe(451);
  });
});
