// Inbound mail's files, through the SMTP receiver: each becomes a file on the message the mail becomes,
// downloadable as sent; a program, a lying name or a file over the plan's limit is named, not kept, and the
// mail itself is never lost over it.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { PDF, PNG } from './fixtures/attachment-bytes.ts';
import { fixture, INBOUND_ENV, ticketWithOutboundMail } from './inbound-fixtures.ts';
import { mailFilename } from './inbound-parse.ts';
import { startReceiver, type Receiver } from './receiver.ts';

let h: Harness;
let t: SignedUp;
let rx: Receiver;

beforeEach(async () => {
  h = await createHarness({ env: INBOUND_ENV });
  t = await h.signup({ tenantName: 'Acme' });
  rx = await startReceiver(h.deps, { host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await rx.close();
  await h.close();
});

const transport = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: rx.port, secure: false, ignoreTLS: true });

const sendRaw = (raw: Buffer | string, to = t.tenant.inboundEmail) =>
  transport().sendMail({ envelope: { from: 'ivy@example.com', to: [to] }, raw });

const ticket = async (id: string) => (await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body;
const download = (url: string) => h.req('GET', url.replace('http://localhost:8787', ''));

const listing = (sub: string) =>
  existsSync(join(h.dir, sub)) ? readdirSync(join(h.dir, sub), { recursive: true }).map(String) : [];
const stored = () => listing('files').filter((f) => f.includes('att_'));

async function newestTicketId(): Promise<string> {
  const list = await h.json('GET', '/api/v1/tickets', t.as);
  return list.body.data[0].id;
}

describe('inbound mail attachments', () => {
  it('puts every file of the mail on its message, inline images too, and the bytes download as sent', async () => {
    const info = await sendRaw(fixture('attachments-png-pdf.eml', { TO: t.tenant.inboundEmail }));
    expect(info.response).toMatch(/^250 .*created/);
    const tk = await ticket(await newestTicketId());
    const [m] = tk.messages;
    expect(m.body).toBe('The checkout fails, see the screenshot. The invoice is attached too.');
    expect(m.attachments.map((a: any) => [a.filename, a.contentType, a.size, a.status])).toEqual([
      ['logo.png', 'image/png', PNG.length, 'ready'],
      ['screenshot.png', 'image/png', PNG.length, 'ready'],
      ['invoice.pdf', 'application/pdf', PDF.length, 'ready'],
    ]);
    const bytes = async (name: string) => {
      const res = await download(m.attachments.find((a: any) => a.filename === name).url);
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    expect(await bytes('screenshot.png')).toEqual(PNG);
    expect(await bytes('logo.png')).toEqual(PNG);
    expect(await bytes('invoice.pdf')).toEqual(PDF);
    const rows = await h.db.all<{ uploader_type: string; ticket_id: string }>(
      'SELECT uploader_type, ticket_id FROM attachments',
    );
    expect(rows).toEqual(Array(3).fill({ uploader_type: 'email', ticket_id: tk.id }));
  });

  it('keeps the mail but not a program or a file whose name lies, and names them on the message', async () => {
    const info = await sendRaw(fixture('attachment-exe.eml', { TO: t.tenant.inboundEmail }));
    expect(info.response).toMatch(/^250 .*created/);
    const id = await newestTicketId();
    const [m] = (await ticket(id)).messages;
    expect(m.body).toBe(
      'Run the installer to fix it.\n\n' +
        '[attachment removed: setup.exe is a program]\n' +
        '[attachment removed: photo.png is named .png but its content is a PDF file]',
    );
    // A name with path segments and a control character is rewritten to its last segment, not refused.
    expect(m.attachments.map((a: any) => [a.filename, a.contentType])).toEqual([['march.txt', 'text/plain']]);
    expect(stored()).toHaveLength(1);
    const rows = await h.db.all<{ filename: string }>('SELECT filename FROM attachments');
    expect(rows).toEqual([{ filename: 'march.txt' }]);
    // The original still holds all three.
    const orig = await h.json('GET', `/api/v1/tickets/${id}/messages/${m.id}/original`, t.as);
    expect(orig.body.attachments.map((a: any) => a.filename)).toEqual(['setup.exe', 'photo.png', 'march.txt']);
    expect(orig.body.source).toContain('filename=setup.exe');
  });

  it("names a file over the plan's per-file limit as not kept, and keeps the rest of the mail", async () => {
    await h.db.run("UPDATE tenants SET plan = 'starter' WHERE id = ?", [t.tenant.id]);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    const info = await transport().sendMail({
      envelope: { from: 'ivy@example.com', to: [t.tenant.inboundEmail] },
      from: 'Ivy <ivy@example.com>',
      to: t.tenant.inboundEmail,
      subject: 'Logs',
      text: 'Full logs attached.',
      attachments: [
        { filename: 'server.log', content: big },
        { filename: 'screenshot.png', content: PNG },
      ],
    });
    expect(info.response).toMatch(/^250 .*created/);
    const [m] = (await ticket(await newestTicketId())).messages;
    expect(m.body).toBe(
      "Full logs attached.\n\n[attachment not kept: server.log is larger than 10.0 MB, this plan's limit per file]",
    );
    expect(m.attachments.map((a: any) => a.filename)).toEqual(['screenshot.png']);
  });

  it('names the files as not kept when the storage quota is full, and still makes the ticket', async () => {
    await h.db.run("UPDATE tenants SET plan = 'starter' WHERE id = ?", [t.tenant.id]);
    // Another file already fills the starter plan's 1 GB.
    await h.db.run(
      `INSERT INTO attachments (id, tenant_id, filename, content_type, size, sha256, storage_key, status, uploader_type,
         created_at) VALUES ('att_full', ?, 'big.bin', 'application/octet-stream', ?, '', 'x', 'ready', 'agent', ?)`,
      [t.tenant.id, 1024 ** 3, new Date().toISOString()],
    );
    const info = await sendRaw(fixture('attachments-png-pdf.eml', { TO: t.tenant.inboundEmail }));
    expect(info.response).toMatch(/^250 .*created/);
    const [m] = (await ticket(await newestTicketId())).messages;
    expect(m.attachments).toEqual([]);
    expect(m.body).toContain("[attachment not kept: screenshot.png did not fit in the help desk's file storage]");
    expect(m.body).toContain("[attachment not kept: invoice.pdf did not fit in the help desk's file storage]");
    expect(stored()).toEqual([]);
  });

  it('keeps a reply’s files on the reply, and a spam mail’s files on the spam ticket', async () => {
    const mt = await ticketWithOutboundMail(h, t, { email: 'ivy@example.com' });
    const raw = fixture('attachments-png-pdf.eml', { TO: mt.replyTo }).toString('latin1');
    await sendRaw(
      raw.replace('Subject: Screenshot', `In-Reply-To: <${mt.outId}>\r\nSubject: Re: Screenshot`),
      mt.replyTo,
    );
    const msgs = (await ticket(mt.id)).messages;
    expect(msgs).toHaveLength(2);
    expect(msgs[1].attachments.map((a: any) => a.filename)).toEqual(['logo.png', 'screenshot.png', 'invoice.pdf']);

    // A stranger's mail with nothing but a file and a link-only text: spam, files kept with it.
    await transport().sendMail({
      envelope: { from: 'bot@spam.example', to: [t.tenant.inboundEmail] },
      from: 'bot@spam.example',
      to: t.tenant.inboundEmail,
      subject: 'Invoice',
      text: 'https://spam.example/x',
      messageId: '<spam-1@spam.example>',
      attachments: [{ filename: 'invoice.pdf', content: PDF }],
    });
    const spam = await h.json('GET', '/api/v1/tickets?view=spam', t.as);
    expect(spam.body.data).toHaveLength(1);
    const [sm] = (await ticket(spam.body.data[0].id)).messages;
    expect(sm.attachments.map((a: any) => a.filename)).toEqual(['invoice.pdf']);
  });

  it('stores nothing for the same mail delivered twice', async () => {
    const raw = fixture('attachments-png-pdf.eml', { TO: t.tenant.inboundEmail });
    await sendRaw(raw);
    expect(stored()).toHaveLength(3);
    const again = await sendRaw(raw);
    expect(again.response).toMatch(/^250 /);
    expect(stored()).toHaveLength(3);
    expect(await h.db.all('SELECT id FROM attachments')).toHaveLength(3);
  });

  it('leaves no bytes behind when the mail’s transaction fails', async () => {
    // The ticket cannot be written (a trigger refuses it): the mail is answered 4xx/5xx and its files go.
    await h.db.run(`CREATE TRIGGER refuse_ticket BEFORE INSERT ON tickets BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(sendRaw(fixture('attachments-png-pdf.eml', { TO: t.tenant.inboundEmail }))).rejects.toThrow();
    expect(stored()).toEqual([]);
    expect(await h.db.all('SELECT id FROM attachments')).toEqual([]);
  });
});

describe('mailFilename', () => {
  it('rewrites names with directories, control characters or no name into plain ones', () => {
    expect(mailFilename('../../etc/passwd', 'text/plain', 1)).toBe('passwd');
    expect(mailFilename('C:\\Users\\ivy\\report.pdf', 'application/pdf', 1)).toBe('report.pdf');
    expect(mailFilename('a\u0000b\r\nc.txt', 'text/plain', 1)).toBe('a b c.txt');
    expect(mailFilename('..', 'image/png', 2)).toBe('image-2.png');
    expect(mailFilename(undefined, 'application/pdf', 3)).toBe('attachment-3.pdf');
    expect(mailFilename(undefined, 'application/x-unknown', 4)).toBe('attachment-4');
    const long = mailFilename(`${'x'.repeat(300)}.pdf`, 'application/pdf', 1);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(mailFilename('\ud800bad.txt', 'text/plain', 1)).toBe('bad.txt');
  });
});
