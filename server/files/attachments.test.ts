// Attachments end to end through the API: upload, attach, signed download, and what bad input gets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { sweepFiles } from './service.ts';

// The smallest valid PNG: 1×1 transparent pixel.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const form = (name: string, bytes: Buffer | string, field = 'file') => {
  const f = new FormData();
  f.append(field, new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return f;
};

let h: Harness;
let owner: SignedUp;
let clock: TestClock;

beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  owner = await h.signup();
});
afterEach(() => h.close());

const upload = (name: string, bytes: Buffer | string, opts: { field?: string } = {}) =>
  h.json('POST', '/api/v1/attachments', { ...owner.as, form: form(name, bytes, opts.field) });

/** A hand-made multipart body, for names a FormData would not send. */
const rawUpload = (disposition: string) =>
  h.json('POST', '/api/v1/attachments', {
    ...owner.as,
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
    rawBody: `--XyZ\r\nContent-Disposition: form-data; name="file"${disposition ? `; ${disposition}` : ''}\r\n\r\nhello\r\n--XyZ--\r\n`,
  });

async function ticketWithReply(attachmentIds: string[], internal = false) {
  const t = await h.json('POST', '/api/v1/tickets', {
    ...owner.as,
    body: { subject: 'Printer', message: 'It is on fire', requester: { email: 'vic@example.com' } },
  });
  const m = await h.json('POST', `/api/v1/tickets/${t.body.id}/messages`, {
    ...owner.as,
    body: { body: 'See the screenshot', internal, attachmentIds },
  });
  return { ticketId: t.body.id as string, message: m };
}

const listing = (sub: string) =>
  existsSync(join(h.dir, sub)) ? readdirSync(join(h.dir, sub), { recursive: true }) : [];
/** Files kept in storage, and uploads still waiting in the upload folder. */
const stored = () => listing('files').filter((f) => String(f).includes('att_'));
const waiting = () => listing('uploads');

const download = (url: string) => h.req('GET', url.replace('http://localhost:8787', ''));

describe('agent uploads', () => {
  it('stores a screenshot, attaches it to a reply and serves it inline through a signed link', async () => {
    const up = await upload('screen.png', PNG);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      filename: 'screen.png',
      contentType: 'image/png',
      size: PNG.length,
      status: 'ready',
    });
    const { ticketId, message } = await ticketWithReply([up.body.id]);
    expect(message.status).toBe(201);
    const [att] = message.body.attachments;
    expect(att).toMatchObject({ id: up.body.id, filename: 'screen.png' });
    expect(att.url).toMatch(/\/api\/v1\/files\/att_/);

    const thread = await h.json('GET', `/api/v1/tickets/${ticketId}`, owner.as);
    const reply = thread.body.messages.find((m: any) => m.id === message.body.id);
    expect(reply.attachments[0].id).toBe(up.body.id);

    const res = await download(att.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="screen.png"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/);
  });

  it('keeps the files of a message in the order they were sent, whatever their ids', async () => {
    // The test clock stands still: all three are uploaded in the same millisecond.
    const ids: string[] = [];
    for (const name of ['c.txt', 'a.txt', 'b.txt', 'd.txt']) ids.push((await upload(name, name)).body.id);
    const order = [ids[2], ids[0], ids[3], ids[1]];
    const { ticketId, message } = await ticketWithReply(order);
    expect(message.body.attachments.map((a: any) => a.id)).toEqual(order);
    const thread = await h.json('GET', `/api/v1/tickets/${ticketId}`, owner.as);
    const reply = thread.body.messages.find((m: any) => m.id === message.body.id);
    expect(reply.attachments.map((a: any) => a.filename)).toEqual(['b.txt', 'c.txt', 'd.txt', 'a.txt']);
  });

  it('serves an uploaded HTML page as a download that cannot run script', async () => {
    const up = await upload('page.html', '<script>alert(document.cookie)</script>');
    expect(up.body.contentType).toBe('text/html');
    const { message } = await ticketWithReply([up.body.id]);
    const res = await download(message.body.attachments[0].url);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
    expect(res.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses bad uploads with a clear 4xx and keeps nothing', async () => {
    const cases: [string, Promise<{ status: number; body: any }>, number, RegExp][] = [
      ['empty', upload('empty.txt', ''), 422, /empty/],
      ['lying name', upload('photo.png', 'just text'), 422, /named \.png/],
      ['program', upload('setup.exe', 'MZ\x90\x00'), 422, /program/],
      ['path segments', upload('../../etc/passwd', 'root:x:0:0'), 422, /path segments/],
      ['control characters', rawUpload(`filename*=UTF-8''a%07b.txt`), 422, /control characters/],
      ['raw control characters', rawUpload('filename="a\u0007b.txt"'), 400, /Malformed part header/],
      ['no file name', rawUpload(''), 422, /required/],
      ['wrong field', upload('a.txt', 'x', { field: 'document' }), 422, /required/],
    ];
    for (const [what, p, status, detail] of cases) {
      const r = await p;
      expect(r.status, what).toBe(status);
      expect(JSON.stringify(r.body), what).toMatch(detail);
    }
    const notMultipart = await h.json('POST', '/api/v1/attachments', { ...owner.as, body: { file: 'x' } });
    expect(notMultipart.status).toBe(415);
    expect(stored()).toEqual([]);
    expect(waiting()).toEqual([]);
  });

  it("cuts a file over the plan's per-file limit off with 413 naming the limit", async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 1);
    const r = await upload('big.bin', big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ limit: 'maxFileSize', max: 25 * 1024 * 1024, plan: 'professional' });
    expect(stored()).toEqual([]);
    expect(waiting()).toEqual([]);
  });

  it('refuses an id that is not an upload of this tenant, or is already attached', async () => {
    const up = await upload('a.txt', 'hello');
    await ticketWithReply([up.body.id]);
    const again = await ticketWithReply([up.body.id]);
    expect(again.message.status).toBe(422);
    expect(again.message.body.errors[0]).toMatchObject({ path: 'attachmentIds.0', message: /already attached/ });
    const other = await h.signup();
    const theirs = await h.json('POST', '/api/v1/attachments', { ...other.as, form: form('b.txt', 'x') });
    const stolen = await ticketWithReply([theirs.body.id]);
    expect(stolen.message.status).toBe(422);
    expect(stolen.message.body.errors[0].path).toBe('attachmentIds.0');
  });
});

describe('signed links', () => {
  it('stop working when expired or altered, and never open another tenant’s file', async () => {
    const up = await upload('a.txt', 'secret');
    const { message } = await ticketWithReply([up.body.id]);
    const url = new URL(message.body.attachments[0].url);
    const tampered = new URL(url);
    tampered.searchParams.set('s', 'A'.repeat(32));
    expect((await download(tampered.toString())).status).toBe(403);
    const otherReader = new URL(url);
    otherReader.searchParams.set('r', 'a.agt_someoneelse');
    expect((await download(otherReader.toString())).status).toBe(403);
    clock.advance(61 * 60 * 1000);
    const expired = await download(url.toString());
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
  });
});

describe('visitors', () => {
  it('upload from the widget, see their files and the agent’s, never internal notes’ files', async () => {
    const key = owner.tenant.widgetKey as string;
    const wup = await h.json('POST', '/api/v1/widget/attachments', {
      headers: { 'x-widget-key': key },
      form: form('error.png', PNG),
    });
    expect(wup.status).toBe(201);
    const created = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': key },
      body: { subject: 'Broken', message: 'Look', email: 'vic@example.com', attachmentIds: [wup.body.id] },
    });
    expect(created.status).toBe(201);
    const visitor = { headers: { 'x-widget-key': key }, token: created.body.visitorToken as string };
    expect(created.body.ticket.messages[0].attachments[0]).toMatchObject({ id: wup.body.id, status: 'ready' });
    const ticketId = created.body.ticket.id;

    // Messages at the same instant are ordered by id: move the clock so the thread's order is the writing order.
    clock.advance(1000);
    const pub = await h.json('POST', '/api/v1/attachments', { ...owner.as, form: form('fix.txt', 'do this') });
    const note = await h.json('POST', '/api/v1/attachments', { ...owner.as, form: form('internal.txt', 'secret') });
    await h.json('POST', `/api/v1/tickets/${ticketId}/messages`, {
      ...owner.as,
      body: { body: 'Here', attachmentIds: [pub.body.id] },
    });
    await h.json('POST', `/api/v1/tickets/${ticketId}/messages`, {
      ...owner.as,
      body: { body: 'between us', internal: true, attachmentIds: [note.body.id] },
    });
    const mine = await h.json('GET', '/api/v1/widget/tickets', visitor);
    const files = mine.body.data[0].messages.flatMap((m: any) => m.attachments);
    expect(files.map((a: any) => a.filename)).toEqual(['error.png', 'fix.txt']);
    const res = await download(files[1].url);
    expect(await res.text()).toBe('do this');

    // Another visitor's link to the same file is not this visitor's.
    const stranger = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': key },
      body: { subject: 'Other', message: 'Hi', email: 'eve@example.com' },
    });
    expect(stranger.status).toBe(201);
    const theirUrl = new URL(files[1].url);
    theirUrl.searchParams.set('r', `v.${'0'.repeat(64)}`);
    expect((await download(theirUrl.toString())).status).toBe(403);
  });

  it('cannot attach an agent’s upload', async () => {
    const key = owner.tenant.widgetKey as string;
    const up = await upload('a.txt', 'agent file');
    const r = await h.json('POST', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': key },
      body: { subject: 'Broken', message: 'Look', email: 'vic@example.com', attachmentIds: [up.body.id] },
    });
    expect(r.status).toBe(422);
  });
});

describe('lifecycle', () => {
  it('removes uploads nobody attached within a day, and the files of deleted tickets', async () => {
    const up = await upload('a.txt', 'orphan');
    const stored = join(h.dir, 'files', owner.tenant.id, up.body.id);
    expect(existsSync(stored)).toBe(true);
    clock.advance(23 * 60 * 60 * 1000);
    await sweepFiles(h.deps);
    expect(existsSync(stored)).toBe(true);
    clock.advance(2 * 60 * 60 * 1000);
    expect(await sweepFiles(h.deps)).toBe(1);
    expect(existsSync(stored)).toBe(false);
  });

  it('shows the storage used in GET /usage', async () => {
    await upload('a.txt', 'twelve bytes');
    const u = await h.json('GET', '/api/v1/usage', owner.as);
    expect(u.body.storageBytes).toEqual({ used: 12, limit: 20 * 1024 * 1024 * 1024 });
  });
});

describe('an upload that stops half-way', () => {
  it('leaves nothing behind and changes nothing', async () => {
    const boundary = 'AbC';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n\r\n`;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode(head));
        if (sent++ < 20) controller.enqueue(new Uint8Array(64 * 1024).fill(7));
        // The client goes away: the body ends in an error, not with the closing boundary.
        else controller.error(new Error('connection reset'));
      },
    });
    const res = await h.app.request('/api/v1/attachments', {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(stored()).toEqual([]);
    expect(waiting()).toEqual([]);
    const rows = await h.db.all('SELECT id FROM attachments');
    expect(rows).toEqual([]);
  });
});

describe('plans bound files', () => {
  it('answer 402 naming the limit and the usage once the starter plan’s storage is full, and 413 over 10 MB', async () => {
    const made = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'S', plan: 'starter', owner: { name: 'O', email: 'st@example.com', password: 'starter owner 1' } },
    });
    expect(made.status).toBe(201);
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'st@example.com', password: 'starter owner 1' },
    });
    const cookie = /hd_session=[^;]*/.exec(login.res.headers.get('set-cookie') ?? '')![0];
    const starter = (name: string, bytes: Buffer | string) =>
      h.json('POST', '/api/v1/attachments', { cookie, form: form(name, bytes) });

    const tooBig = await starter('big.bin', Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ limit: 'maxFileSize', max: 10 * 1024 * 1024, plan: 'starter' });

    const first = await starter('a.txt', 'x'.repeat(1000));
    expect(first.status).toBe(201);
    // Fill the rest of the gigabyte with one file's row (the bytes do not matter for the count).
    const GB = 1024 * 1024 * 1024;
    await h.db.run('UPDATE attachments SET size = ? WHERE id = ?', [GB - 10, first.body.id]);
    const over = await starter('b.txt', 'x'.repeat(100));
    expect(over.status).toBe(402);
    expect(over.body).toMatchObject({ limit: 'maxStorage', max: GB, usage: GB - 10, plan: 'starter' });
    expect(over.body.detail).toMatch(/storage is full/);
    expect(stored().length).toBe(1);
  });
});
