// A public reply's files reach the requester by mail (captured by a real SMTP server): attached up to 10 MB
// in total, otherwise as links signed for the requester; unscanned bytes are never attached, infected files
// and internal notes' files never leave.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp } from '../test-support/harness.ts';
import { startCaptureSmtp, type CaptureSmtp, type CapturedMail } from './outbound-test-support.ts';
import { createMailWorker, type MailWorker } from './sender.ts';
import { fanOutMail } from './outbound-fanout.ts';
import { PDF, PNG } from './fixtures/attachment-bytes.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const REQUESTER = 'vic@example.com';

async function setup(env: Record<string, string> = {}) {
  const smtp = await startCaptureSmtp();
  cleanup.push(() => smtp.close());
  const clock = testClock();
  const h = await createHarness({
    clock,
    env: { INBOUND_DOMAIN: 'mail.helpdesk.test', MAIL_FROM: 'help@mail.helpdesk.test', SMTP_URL: smtp.url, ...env },
  });
  cleanup.push(() => h.close());
  const worker = createMailWorker(h.deps, { leaseMs: 60_000 });
  cleanup.push(() => worker.stop());
  const t = await h.signup({ tenantName: 'Trailhead' });
  const tk = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: 'Printer', message: 'It prints blank pages', requester: { email: REQUESTER, name: 'Vic' } },
  });
  return { h, smtp, clock, worker, t, ticketId: tk.body.id as string };
}

async function drain(worker: MailWorker) {
  for (let i = 0; i < 5; i++) {
    const r = await worker.runOnce();
    if (r.made === 0 && r.started === 0) return;
  }
}

function form(name: string, bytes: Buffer) {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)]), name);
  return f;
}

async function upload(h: Harness, t: SignedUp, name: string, bytes: Buffer): Promise<string> {
  const r = await h.json('POST', '/api/v1/attachments', { ...t.as, form: form(name, bytes) });
  if (r.status !== 201) throw new Error(`upload ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}

async function reply(
  h: Harness,
  t: SignedUp,
  ticketId: string,
  body: string,
  attachmentIds: string[],
  internal = false,
) {
  const r = await h.json('POST', `/api/v1/tickets/${ticketId}/messages`, {
    ...t.as,
    body: { body, internal, attachmentIds },
  });
  if (r.status !== 201) throw new Error(`reply: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

const toRequester = (smtp: CaptureSmtp) => smtp.mails.filter((m) => m.envelope.to.includes(REQUESTER));
const replyMail = (smtp: CaptureSmtp, text: string): CapturedMail => {
  const m = toRequester(smtp).find((x) => x.parsed.text?.includes(text));
  if (!m) throw new Error(`no mail to the requester with "${text}"`);
  return m;
};
/** The file links in a mail's text part, by file name. */
const linksIn = (m: CapturedMail) =>
  Object.fromEntries(
    [...(m.parsed.text ?? '').matchAll(/^- (.+?) \(.*\): (http\S+)$/gm)].map((x) => [x[1]!, x[2]!] as const),
  );
const download = (h: Harness, url: string) => h.req('GET', url.replace('http://localhost:8787', ''));

describe('files in outbound replies', () => {
  it('attaches a reply’s PNG and PDF to the requester’s mail, with their names and types', async () => {
    const { h, smtp, worker, t, ticketId } = await setup();
    const ids = [await upload(h, t, 'screenshot.png', PNG), await upload(h, t, 'manual.pdf', PDF)];
    await reply(h, t, ticketId, 'Here is the fix, see the screenshot.', ids);
    await drain(worker);
    const m = replyMail(smtp, 'Here is the fix');
    expect(m.parsed.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition])).toEqual([
      ['screenshot.png', 'image/png', 'attachment'],
      ['manual.pdf', 'application/pdf', 'attachment'],
    ]);
    expect(m.parsed.attachments[0]!.content).toEqual(PNG);
    expect(m.parsed.attachments[1]!.content).toEqual(PDF);
    expect(linksIn(m)).toEqual({});
  });

  it('sends files over 10 MB in total as links that download for the requester for 7 days', async () => {
    const { h, smtp, clock, worker, t, ticketId } = await setup();
    const big = Buffer.alloc(11 * 1024 * 1024, 0x61);
    const ids = [await upload(h, t, 'printer.log', big), await upload(h, t, 'screenshot.png', PNG)];
    await reply(h, t, ticketId, 'The full log and a screenshot.', ids);
    await drain(worker);
    const m = replyMail(smtp, 'The full log');
    expect(m.parsed.attachments).toEqual([]);
    const links = linksIn(m);
    expect(Object.keys(links)).toEqual(['printer.log', 'screenshot.png']);
    expect(m.parsed.text).toContain('- printer.log (11.0 MB): http');
    // The HTML part links the same files.
    for (const url of Object.values(links)) expect(m.parsed.html).toContain(url.replaceAll('&', '&amp;'));
    // Signed for the requester (a customer reader), not for the agent who sent it.
    const requester = await h.db.get<{ requester_id: string }>('SELECT requester_id FROM tickets WHERE id = ?', [
      ticketId,
    ]);
    expect(new URL(links['printer.log']!).searchParams.get('r')).toBe(`c.${requester!.requester_id}`);

    clock.advance(6 * 24 * 3600 * 1000);
    const res = await download(h, links['printer.log']!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    const png = await download(h, links['screenshot.png']!);
    expect(Buffer.from(await png.arrayBuffer())).toEqual(PNG);

    clock.advance(2 * 24 * 3600 * 1000);
    expect((await download(h, links['screenshot.png']!)).status).toBe(403);
  });

  it('sends a file still being scanned as a link (never its bytes) and an infected file not at all', async () => {
    // A scanner is configured (none runs here): uploads stay "scanning" until their verdict is set.
    const { h, smtp, worker, t, ticketId } = await setup({ CLAMAV_URL: 'tcp://127.0.0.1:9' });
    const clean = await upload(h, t, 'screenshot.png', PNG);
    const bad = await upload(h, t, 'macro.pdf', PDF);
    await h.db.run("UPDATE attachments SET status = 'infected', scan_result = 'Eicar-Test' WHERE id = ?", [bad]);
    await reply(h, t, ticketId, 'Two files for you.', [clean, bad]);
    await drain(worker);
    const m = replyMail(smtp, 'Two files for you.');
    expect(m.parsed.attachments).toEqual([]);
    expect(Object.keys(linksIn(m))).toEqual(['screenshot.png']);
    expect(m.parsed.text).toContain('available once its virus check passes');
    expect(m.raw).not.toContain('macro.pdf');
    const url = linksIn(m)['screenshot.png']!;
    expect((await download(h, url)).status).toBe(409);
    await h.db.run("UPDATE attachments SET status = 'ready' WHERE id = ?", [clean]);
    const res = await download(h, url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it('never mails an internal note’s file to the requester', async () => {
    const { h, smtp, worker, t, ticketId } = await setup();
    const secret = Buffer.concat([PDF, Buffer.from('% internal-price-list\n')]);
    const id = await upload(h, t, 'price-list.pdf', secret);
    await reply(h, t, ticketId, 'Internal: our costs, do not share.', [id], true);
    await reply(h, t, ticketId, 'We are looking into it.', []);
    await drain(worker);
    const mails = toRequester(smtp);
    expect(mails.length).toBeGreaterThanOrEqual(2);
    replyMail(smtp, 'We are looking into it.');
    for (const m of mails) {
      expect(m.parsed.attachments).toEqual([]);
      expect(m.raw).not.toContain('price-list');
      expect(m.raw).not.toContain('do not share');
    }
  });

  it('fails the mail for good, sending nothing, when an attached file is gone from storage', async () => {
    const { h, smtp, worker, t, ticketId } = await setup();
    const id = await upload(h, t, 'screenshot.png', PNG);
    await reply(h, t, ticketId, 'Screenshot attached.', [id]);
    await fanOutMail(h.deps);
    const row = await h.db.get<{ storage_key: string }>('SELECT storage_key FROM attachments WHERE id = ?', [id]);
    await h.deps.storage.delete(row!.storage_key);
    await drain(worker);
    expect(toRequester(smtp).some((m) => m.parsed.text?.includes('Screenshot attached.'))).toBe(false);
    const mail = await h.db.get<{ status: string; smtp_response: string }>(
      "SELECT status, smtp_response FROM mail_outbox WHERE kind = 'reply'",
    );
    expect(mail).toMatchObject({ status: 'failed', smtp_response: expect.stringContaining('screenshot.png') });
  });
});
