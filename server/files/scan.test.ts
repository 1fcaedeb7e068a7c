// Virus scanning end to end with a real clamd: files wait in `scanning`, clean ones become downloadable,
// EICAR is quarantined (kept, never served, audited), the verdict is an event, and a clamd outage only delays.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';
import { EICAR, EICAR_SIGNATURE, startClamd, type RunningClamd } from '../test-support/clamd.ts';
import { freePort } from '../mail/outbound-test-support.ts';
import { sseReader } from '../sse/sse-client.ts';
import { eventsAfter } from '../events/log.ts';
import { createLogger } from '../lib/logger.ts';
import { sha256 } from '../lib/crypto.ts';
import { signLink, type Reader } from './signed-url.ts';
import { createScanWorker } from './scan-worker.ts';

let clamd: RunningClamd;
beforeAll(async () => {
  clamd = await startClamd({ streamMaxLength: '1M' });
}, 90_000);
afterAll(() => clamd?.stop());

let h: Harness;
let owner: SignedUp;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await h.close();
});

async function setup(clamavUrl: string) {
  h = await createHarness({ env: { CLAMAV_URL: clamavUrl } });
  owner = await h.signup();
}

const form = (name: string, bytes: Buffer | string) => {
  const f = new FormData();
  f.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return f;
};
const widget = () => ({ 'x-widget-key': owner.tenant.widgetKey as string });
const upload = (name: string, bytes: Buffer | string) =>
  h.json('POST', '/api/v1/attachments', { ...owner.as, form: form(name, bytes) });

/** A visitor's ticket, and the visitor's request options. */
async function visitorTicket(attachmentIds: string[] = []) {
  const r = await h.json('POST', '/api/v1/widget/tickets', {
    headers: widget(),
    body: { subject: 'Invoice', message: 'See attached', email: 'vic@example.com', attachmentIds },
  });
  expect(r.status).toBe(201);
  const token = r.body.visitorToken as string;
  return { ticket: r.body.ticket, token, visitor: { headers: widget(), token } };
}

const reply = (ticketId: string, attachmentIds: string[], internal = false) =>
  h.json('POST', `/api/v1/tickets/${ticketId}/messages`, {
    ...owner.as,
    body: { body: internal ? 'note' : 'Here you go', internal, attachmentIds },
  });

/** A link the server would sign for `reader` (the API gives none while a file is not ready). */
async function linkFor(attachmentId: string, reader: Reader) {
  const key = await h.deps.fileUrlKey.get();
  const q = signLink(key, owner.tenant.id, attachmentId, reader, Math.floor(Date.now() / 1000) + 3600);
  return `/api/v1/files/${attachmentId}?${new URLSearchParams({ ...q })}`;
}
const agentReader = (): Reader => ({ kind: 'agent', id: owner.agent.id });
const visitorReader = (token: string): Reader => ({ kind: 'visitor', tokenHash: sha256(token) });

const fileOnTicket = async (ticketId: string, id: string) => {
  const t = await h.json('GET', `/api/v1/tickets/${ticketId}`, owner.as);
  return t.body.messages.flatMap((m: any) => m.attachments).find((a: any) => a.id === id);
};
const scannedEvents = async () =>
  (await eventsAfter(h.db, owner.tenant.id, 0)).filter((e) => e.type === 'attachment.scanned');

const worker = (opts: Parameters<typeof createScanWorker>[2] = {}, logs: string[] = []) => {
  const w = createScanWorker(
    { ...h.deps, logger: createLogger('debug', (l) => logs.push(l)) },
    h.deps.env.CLAMAV_URL!,
    opts,
  );
  cleanups.push(() => w.stop());
  return w;
};

async function until(what: string, ok: () => Promise<boolean> | boolean) {
  for (let i = 0; i < 600; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('virus scanning', () => {
  it('holds a clean file in scanning until clamd passes it, then serves it and tells agents and the visitor', async () => {
    await setup(clamd.url);
    const { ticket, token, visitor } = await visitorTicket();
    const up = await upload('steps.txt', 'restart the router');
    expect(up.body.status).toBe('scanning');
    const sent = await reply(ticket.id, [up.body.id]);
    expect(sent.body.attachments[0]).toMatchObject({ id: up.body.id, status: 'scanning', url: null });
    const early = await h.req('GET', await linkFor(up.body.id, agentReader()));
    expect(early.status).toBe(409);
    expect((await h.req('GET', await linkFor(up.body.id, visitorReader(token)))).status).toBe(409);

    const stream = sseReader(
      (await h.req('GET', `/api/v1/widget/events?key=${owner.tenant.widgetKey}&token=${token}`)) as Response,
    );
    cleanups.push(stream.close);

    expect(await worker().pass()).toBe(1);

    const file = await fileOnTicket(ticket.id, up.body.id);
    expect(file).toMatchObject({ status: 'ready', url: expect.stringContaining('/api/v1/files/') });
    const res = await h.req('GET', file.url.replace('http://localhost:8787', ''));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('restart the router');

    const requesterId = (await h.json('GET', `/api/v1/tickets/${ticket.id}`, owner.as)).body.requester.id;
    const [e] = await scannedEvents();
    expect(e).toMatchObject({
      audience: 'public',
      visitorScope: requesterId,
      data: { ticketId: ticket.id, messageId: sent.body.id, internal: false, attachment: { status: 'ready' } },
    });
    const seen = await stream.next((x) => x.event === 'attachment.scanned');
    const data = JSON.parse(seen.data);
    expect(data.attachment).toMatchObject({ id: up.body.id, status: 'ready', url: expect.stringMatching(/r=v\./) });
    expect(await (await h.req('GET', data.attachment.url.replace('http://localhost:8787', ''))).text()).toBe(
      'restart the router',
    );

    const mine = await h.json('GET', '/api/v1/widget/tickets', visitor);
    const files = mine.body.data[0].messages.flatMap((m: any) => m.attachments);
    expect(files).toEqual([expect.objectContaining({ id: up.body.id, status: 'ready', url: expect.any(String) })]);
  });

  it('quarantines EICAR: kept for an admin, audited, shown to agents as infected, never to the visitor', async () => {
    await setup(clamd.url);
    const agents = sseReader((await h.req('GET', '/api/v1/events', owner.as)) as Response);
    cleanups.push(agents.close);
    const wup = await h.json('POST', '/api/v1/widget/attachments', {
      headers: widget(),
      form: form('invoice.txt', EICAR),
    });
    expect(wup.status).toBe(201);
    const { ticket, token, visitor } = await visitorTicket([wup.body.id]);
    const id = wup.body.id as string;
    const vstream = sseReader(
      (await h.req('GET', `/api/v1/widget/events?key=${owner.tenant.widgetKey}&token=${token}`)) as Response,
    );
    cleanups.push(vstream.close);

    expect(await worker().pass()).toBe(1);

    const file = await fileOnTicket(ticket.id, id);
    expect(file).toMatchObject({ status: 'infected', url: null, filename: 'invoice.txt' });
    const forAgent = await h.json('GET', await linkFor(id, agentReader()));
    expect(forAgent.status).toBe(403);
    expect(forAgent.body).toMatchObject({ detail: expect.stringMatching(/quarantined/), signature: EICAR_SIGNATURE });
    expect((await h.req('GET', await linkFor(id, visitorReader(token)))).status).toBe(404);
    expect((await h.json('GET', `/api/v1/attachments/${id}`, owner.as)).body).toMatchObject({
      status: 'infected',
      url: null,
    });
    // The bytes stay in storage (quarantine), for an admin to look at.
    expect(existsSync(join(h.dir, 'files', owner.tenant.id, id))).toBe(true);

    const audit = await h.json('GET', '/api/v1/audit-log?action=attachment.quarantined', owner.as);
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actorType: 'system',
        targetType: 'attachment',
        targetId: id,
        details: { filename: 'invoice.txt', signature: EICAR_SIGNATURE, ticketNumber: ticket.number },
      }),
    ]);

    const seen = await agents.next((x) => x.event === 'attachment.scanned');
    expect(JSON.parse(seen.data)).toEqual({
      ticketId: ticket.id,
      messageId: ticket.messages[0].id,
      internal: false,
      attachment: { id, filename: 'invoice.txt', contentType: 'text/plain', size: 68, status: 'infected', url: null },
    });

    // The visitor: no event, no file in their list; the next public reply arrives, the verdict never does.
    const mine = await h.json('GET', '/api/v1/widget/tickets', visitor);
    expect(mine.body.data[0].messages.flatMap((m: any) => m.attachments)).toEqual([]);
    await reply(ticket.id, []);
    await vstream.next((x) => x.event === 'message.created');
    expect(vstream.raw).not.toMatch(/attachment\.scanned|invoice\.txt/);
  });

  it("sends a note's verdict to agents only, and none for a file scanned before a message took it", async () => {
    await setup(clamd.url);
    const { ticket } = await visitorTicket();
    const early = await upload('early.txt', 'scanned while unattached');
    const note = await upload('note.txt', 'between us');
    const big = await upload('big.txt', 'a'.repeat(2 * 1024 * 1024));
    await reply(ticket.id, [note.body.id, big.body.id], true);
    expect(await worker().pass()).toBe(3);

    const events = await scannedEvents();
    expect(events.map((e) => [e.data.attachment.id, e.audience, e.visitorScope, e.data.internal])).toEqual([
      [note.body.id, 'agents', null, true],
      [big.body.id, 'agents', null, true],
    ]);
    // Over clamd's StreamMaxLength: nobody knows it is clean, so it is quarantined, saying why.
    expect(events[1].data.attachment.status).toBe('infected');
    const [entry] = (await h.json('GET', '/api/v1/audit-log?action=attachment.quarantined', owner.as)).body.data;
    expect(entry).toMatchObject({
      targetId: big.body.id,
      details: { signature: expect.stringMatching(/^Unscannable: .*size limit/) },
    });

    // Attached after its scan: the message itself carries the verdict, with a link.
    const sent = await reply(ticket.id, [early.body.id]);
    expect(sent.body.attachments[0]).toMatchObject({ status: 'ready', url: expect.any(String) });
    const after = await eventsAfter(h.db, owner.tenant.id, 0);
    expect(after.filter((e) => e.type === 'attachment.scanned')).toHaveLength(2);
    const created = after.filter((e) => e.type === 'message.created').at(-1)!;
    expect(created.type === 'message.created' && created.data.message.attachments[0].status).toBe('ready');
  });

  it('keeps files in scanning while clamd is down (download 409), logs the outage once, and recovers', async () => {
    const port = await freePort();
    await setup(`tcp://127.0.0.1:${port}`);
    const logs: string[] = [];
    // A poll interval longer than any test: after recovery, a new upload is scanned because its commit wakes the worker.
    const w = worker({ pollMs: 3_600_000, backoff: { minMs: 20, maxMs: 80 } }, logs);
    w.start();
    const { ticket, token } = await visitorTicket();
    const a = await upload('a.txt', 'first');
    const b = await upload('b.txt', 'second');
    await reply(ticket.id, [a.body.id, b.body.id]);
    await until('the worker noticed clamd is down', () => w.down);
    await new Promise((r) => setTimeout(r, 400)); // several back-off rounds
    expect((await fileOnTicket(ticket.id, a.body.id)).status).toBe('scanning');
    expect((await h.req('GET', await linkFor(a.body.id, agentReader()))).status).toBe(409);
    expect((await h.req('GET', await linkFor(b.body.id, visitorReader(token)))).status).toBe(409);

    const back = await startClamd({ port });
    cleanups.push(back.stop);
    await until('both files scanned', async () => (await fileOnTicket(ticket.id, b.body.id)).status === 'ready');
    expect((await fileOnTicket(ticket.id, a.body.id)).status).toBe('ready');
    const lines = logs.map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(lines.filter((l) => /unreachable/.test(l.msg))).toHaveLength(1);
    expect(lines.filter((l) => /reachable again/.test(l.msg))).toHaveLength(1);

    const c = await upload('c.txt', 'third');
    await until(
      'a new upload is scanned',
      async () => (await h.json('GET', `/api/v1/attachments/${c.body.id}`, owner.as)).body.status === 'ready',
    );
  });
});
