// Merging tickets: messages, files, tags and search move to the target in time order; the sources close with a
// link and a note; requesters are mailed; events and audit; undo within 10 minutes restores everything, later 409;
// scope and bad input change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';
import { startCaptureSmtp, type CaptureSmtp } from '../mail/outbound-test-support.ts';
import { createMailWorker } from '../mail/sender.ts';
import { ALL_PERMISSIONS } from '../roles/permissions.ts';
import { MERGES_OF_SQL } from './merge-queries.ts';
import { mergesOfTicket } from './merge-service.ts';
import { getTicketRow, getTicketThread, listMessages } from './queries.ts';
import { EVERY_TICKET } from './scope.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
let smtp: CaptureSmtp;

beforeEach(async () => {
  smtp = await startCaptureSmtp();
  clock = testClock();
  h = await createHarness({
    clock,
    env: { SMTP_URL: smtp.url, INBOUND_DOMAIN: 'mail.helpdesk.test', MAIL_FROM: 'help@mail.helpdesk.test' },
  });
  t = await h.signup({ tenantName: 'Trailhead' });
});
afterEach(async () => {
  await h.close();
  await smtp.close();
});

async function ticket(subject: string, email: string, extra: Record<string, unknown> = {}, as: ReqOpts = t.as) {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...as,
    body: { subject, message: `${subject}: first words`, requester: { email }, ...extra },
  });
  expect(r.status).toBe(201);
  clock.advance(60_000);
  return r.body as { id: string; number: number };
}
const reply = async (id: string, body: string, internal = false) => {
  const r = await h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body, internal } });
  expect(r.status).toBe(201);
  clock.advance(60_000);
  return r.body as { id: string };
};
const read = async (id: string, as: ReqOpts = t.as) => (await h.json('GET', `/api/v1/tickets/${id}`, as)).body;
const merge = (id: string, ticketIds: unknown, as: ReqOpts = t.as) =>
  h.json('POST', `/api/v1/tickets/${id}/merge`, { ...as, body: { ticketIds } });
const unmerge = (id: string, as: ReqOpts = t.as) => h.json('POST', `/api/v1/tickets/${id}/unmerge`, as);
const lastSeq = async () =>
  (await h.db.get<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM events WHERE tenant_id = ?', [t.tenant.id]))!
    .n;
const eventsSince = async (seq: number) =>
  (
    await h.db.all<{ type: string; data: string }>(
      'SELECT type, data FROM events WHERE tenant_id = ? AND seq > ? ORDER BY seq',
      [t.tenant.id, seq],
    )
  ).map((e) => ({ type: e.type, data: JSON.parse(e.data) }));
/** Every row a merge could touch, to prove a refused one changed nothing. */
const rows = async () => ({
  tickets: await h.db.all('SELECT * FROM tickets ORDER BY id'),
  messages: await h.db.all('SELECT * FROM ticket_messages ORDER BY id'),
  tags: await h.db.all('SELECT * FROM ticket_tags ORDER BY ticket_id, tag'),
  attachments: await h.db.all('SELECT id, ticket_id, message_id FROM attachments ORDER BY id'),
  merges: await h.db.all('SELECT * FROM ticket_merges ORDER BY id'),
  events: (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM events'))!.n,
});
const bodies = (messages: { body: string }[]) => messages.map((m) => m.body);

async function upload(name: string) {
  const f = new FormData();
  f.append('file', new Blob(['plain text file']), name);
  const r = await h.json('POST', '/api/v1/attachments', { ...t.as, form: f });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

describe('merging tickets', () => {
  it('moves messages, files and tags to the target in time order; closes the sources with a link and a note', async () => {
    const target = await ticket('Tent pole snapped', 'maya@example.com', { tags: ['tent'] });
    const dup = await ticket('Broken pole', 'maya@example.com', { tags: ['pole', 'Tent'] });
    await reply(target.id, 'Sorry to hear that. Which model?');
    const file = await upload('receipt.txt');
    const withFile = await h.json('POST', `/api/v1/tickets/${dup.id}/messages`, {
      ...t.as,
      body: { body: 'Here is the receipt', attachmentIds: [file] },
    });
    expect(withFile.status).toBe(201);
    clock.advance(60_000);
    const other = await ticket('Also the zipper', 'sam@example.com');
    await reply(other.id, 'zipperdetail internal', true);
    const seq = await lastSeq();

    const r = await merge(target.id, [dup.id, other.id, dup.id]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: target.id, mergedInto: null, tags: ['tent', 'pole'] });

    const merged = await read(target.id);
    expect(bodies(merged.messages)).toEqual([
      'Tent pole snapped: first words',
      'Broken pole: first words',
      'Sorry to hear that. Which model?',
      'Here is the receipt',
      'Also the zipper: first words',
      'zipperdetail internal',
      `Merged into this ticket: #${dup.number} (Broken pole), #${other.number} (Also the zipper).`,
    ]);
    const receipt = merged.messages.find((m: { body: string }) => m.body === 'Here is the receipt');
    expect(receipt.ticketId).toBe(target.id);
    expect(receipt.attachments.map((a: { id: string }) => a.id)).toEqual([file]);
    expect(merged.messages.at(-1)).toMatchObject({ internal: true, author: { type: 'system' } });
    expect(merged.merges).toMatchObject([
      {
        target: { id: target.id, number: target.number },
        sources: [{ id: dup.id }, { id: other.id }],
        undoUntil: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
      },
    ]);

    const source = await read(dup.id);
    expect(source).toMatchObject({ status: 'closed', mergedInto: target.id });
    expect(source.messages).toMatchObject([
      {
        body: `This ticket was merged into #${target.number} (Tent pole snapped). The conversation continues there.`,
        internal: false,
        author: { type: 'system' },
      },
    ]);
    expect(source.merges[0].target.id).toBe(target.id);

    // The target is found by what the sources said; the tag filter finds it by their tags.
    const found = await h.json('GET', '/api/v1/tickets?q=zipperdetail', t.as);
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([target.id]);
    const tagged = await h.json('GET', '/api/v1/tickets?tag=pole', t.as);
    expect(tagged.body.data.map((x: { id: string }) => x.id)).toContain(target.id);

    const events = await eventsSince(seq);
    const mergedEvent = events.find((e) => e.type === 'ticket.merged')!;
    expect(mergedEvent.data.ticket.id).toBe(target.id);
    expect(mergedEvent.data.sources.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [dup.id, 'closed'],
      [other.id, 'closed'],
    ]);
    expect(events.filter((e) => e.type === 'ticket.updated').map((e) => e.data.id)).toEqual([
      dup.id,
      other.id,
      target.id,
    ]);
    const audit = await h.json('GET', '/api/v1/audit-log?limit=100', t.as);
    expect(audit.body.data).toContainEqual(expect.objectContaining({ action: 'ticket.merged', targetId: target.id }));
    const activity = await h.json('GET', `/api/v1/tickets/${dup.id}/activity`, t.as);
    expect(activity.body.data.at(-1)).toMatchObject({
      action: 'ticket.merged',
      changes: { mergedInto: { from: null, to: target.id } },
    });
    // A webhook may subscribe to both new events.
    const types = await h.json('GET', '/api/v1/webhooks/event-types', t.as);
    expect(JSON.stringify(types.body)).toContain('ticket.merged');
    expect(JSON.stringify(types.body)).toContain('ticket.unmerged');
  });

  it('moves the very first message of the index too (its search row has rowid 0, below every message row)', async () => {
    // The subject rows sit at negative rowids, so the first message row of an index holding only them gets rowid 0.
    const first = await ticket('Lantern flickers', 'ann@example.com', { message: 'zanzibarquartz lantern' });
    const row = await h.db.get<{ rowid: number }>(
      "SELECT rowid FROM tickets_fts WHERE ticket_id = ? AND text LIKE '%zanzibarquartz%'",
      [first.id],
    );
    expect(Number(row!.rowid)).toBe(0);
    const target = await ticket('Lantern again', 'ann@example.com');

    expect((await merge(target.id, [first.id])).status).toBe(200);

    const found = await h.json('GET', '/api/v1/tickets?q=zanzibarquartz&status=open', t.as);
    expect(found.status).toBe(200);
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([target.id]);
  });

  it('tells each merged ticket’s requester by email, in that ticket’s thread', async () => {
    const target = await ticket('Tent pole snapped', 'maya@example.com');
    const dup = await ticket('Broken pole', 'sam@example.com');
    const worker = createMailWorker(h.deps, { leaseMs: 60_000 });
    for (let i = 0; i < 3; i++) await worker.runOnce();
    const before = smtp.mails.length;
    expect((await merge(target.id, [dup.id])).status).toBe(200);
    for (let i = 0; i < 3; i++) await worker.runOnce();
    const mails = await smtp.waitFor(before + 1);
    const told = mails.slice(before);
    expect(told.map((m) => m.envelope.to.join(','))).toEqual(['sam@example.com']);
    expect(told[0]!.parsed.subject).toBe(`[#${dup.number}] Broken pole`);
    expect(told[0]!.parsed.text).toContain(`was merged into request #${target.number} (Tent pole snapped)`);
  });

  it('shows each ticket its own merges, as target and as source, through the target index (no scan of all merges)', async () => {
    const a = await ticket('First', 'a@example.com');
    const b = await ticket('Second', 'b@example.com');
    const c = await ticket('Third', 'c@example.com');
    const unrelated = await ticket('Unrelated', 'u@example.com');
    const loose = await ticket('Loose', 'l@example.com');
    expect((await merge(b.id, [a.id])).status).toBe(200); // a → b
    expect((await merge(c.id, [b.id])).status).toBe(200); // b → c: b is a target and then a source
    expect((await merge(unrelated.id, [loose.id])).status).toBe(200);
    const numbers = async (id: string) =>
      ((await read(id)).merges as { target: { number: number }; sources: { number: number }[] }[]).map((m) => [
        m.target.number,
        m.sources.map((s) => s.number),
      ]);
    expect(await numbers(a.id)).toEqual([[b.number, [a.number]]]);
    expect(await numbers(b.id)).toEqual([
      [c.number, [b.number]],
      [b.number, [a.number]],
    ]);
    expect(await numbers(c.id)).toEqual([[c.number, [b.number]]]);
    const plan = await h.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${MERGES_OF_SQL}`, [
      t.tenant.id,
      a.id,
      b.id,
      a.id,
      a.id,
    ]);
    // Before, only tenant_id bounded the search: every GET of a ticket read all of the tenant's merges.
    expect(plan.map((p) => p.detail).join(' | ')).toContain('ticket_merges_target (tenant_id=? AND target_id=?)');
  });

  it('undo within 10 minutes restores the sources, their messages and the target exactly', async () => {
    const target = await ticket('Tent pole snapped', 'maya@example.com', { tags: ['tent'] });
    const dup = await ticket('Broken pole', 'maya@example.com', { tags: ['pole'] });
    await reply(dup.id, 'An agent answer on the duplicate');
    await h.json('PATCH', `/api/v1/tickets/${dup.id}`, { ...t.as, body: { status: 'pending' } });
    const targetBefore = await read(target.id);
    const dupBefore = await read(dup.id);

    expect((await merge(target.id, [dup.id])).status).toBe(200);
    clock.advance(9 * 60_000);
    const later = await reply(target.id, 'Written after the merge');
    const seq = await lastSeq();
    const r = await unmerge(target.id);
    expect(r.status).toBe(200);
    expect(r.body.tags).toEqual(['tent']);

    const dupAfter = await read(dup.id);
    expect(dupAfter.messages).toEqual(dupBefore.messages);
    expect(dupAfter).toMatchObject({ status: 'pending', mergedInto: null, tags: ['pole'], merges: [] });
    expect(dupAfter.closedAt).toBe(dupBefore.closedAt);
    expect(dupAfter.resolvedAt).toBe(dupBefore.resolvedAt);
    const targetAfter = await read(target.id);
    expect(targetAfter.messages.map((m: { id: string }) => m.id)).toEqual([
      ...targetBefore.messages.map((m: { id: string }) => m.id),
      later.id,
    ]);
    expect(targetAfter.merges).toEqual([]);
    const found = await h.json('GET', '/api/v1/tickets?q=duplicate', t.as);
    expect(found.body.data.map((x: { id: string }) => x.id)).toEqual([dup.id]);

    const events = await eventsSince(seq);
    const undone = events.find((e) => e.type === 'ticket.unmerged')!;
    expect(undone.data.sources.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [dup.id, 'pending'],
    ]);
    const audit = await h.json('GET', '/api/v1/audit-log?limit=100', t.as);
    expect(audit.body.data).toContainEqual(expect.objectContaining({ action: 'ticket.unmerged', targetId: target.id }));
    // Undone once; there is nothing left to undo, and the source can be merged again.
    expect((await unmerge(target.id)).status).toBe(409);
    expect((await merge(target.id, [dup.id])).status).toBe(200);
  });

  it('undo after 10 minutes is 409 with a clear message and changes nothing', async () => {
    const target = await ticket('Tent pole snapped', 'maya@example.com');
    const dup = await ticket('Broken pole', 'maya@example.com');
    expect((await merge(target.id, [dup.id])).status).toBe(200);
    clock.advance(10 * 60_000 + 1_000);
    const before = await rows();
    const r = await unmerge(target.id);
    expect(r.status).toBe(409);
    expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toMatch(/can no longer be undone.*10 minutes/);
    expect(await rows()).toEqual(before);
  });

  it('a source or target the caller cannot see is 404 and nothing changes', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Own only', permissions: ALL_PERMISSIONS, ownTicketsOnly: true },
    });
    const mina = (
      await h.json('POST', '/api/v1/agents', {
        ...t.as,
        body: { name: 'Mina', email: 'mina@example.com', roleId: role.body.id, password: 'mina password 1' },
      })
    ).body.id as string;
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'mina@example.com', password: 'mina password 1' },
    });
    const as = { cookie: login.res.headers.get('set-cookie')!.split(';')[0]! };
    const mine = await ticket('Mine', 'a@example.com', { assigneeId: mina });
    const alsoMine = await ticket('Also mine', 'b@example.com', { assigneeId: mina });
    const notMine = await ticket('Not mine', 'c@example.com');
    expect((await merge(mine.id, [alsoMine.id], t.as)).status).toBe(200);
    const before = await rows();
    expect((await merge(mine.id, [notMine.id], as)).status).toBe(404);
    expect((await merge(notMine.id, [mine.id], as)).status).toBe(404);
    expect((await unmerge(notMine.id, as)).status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('refuses bad input with a 4xx problem and changes nothing', async () => {
    const a = await ticket('A', 'a@example.com');
    const b = await ticket('B', 'b@example.com');
    const c = await ticket('C', 'c@example.com');
    expect((await merge(b.id, [c.id])).status).toBe(200);
    const spam = (
      await h.json('POST', '/api/v1/widget/tickets', {
        headers: { 'x-widget-key': t.tenant.widgetKey },
        body: { subject: 'Spam', message: 'Filled in 5 ms', email: 'script@example.com', elapsedMs: 5 },
      })
    ).body.ticket.id as string;
    const elsewhere = await h.signup({ tenantName: 'Elsewhere' });
    const foreign = await ticket('Foreign', 'f@example.com', {}, elsewhere.as);
    const before = await rows();
    const cases: [unknown, string, number, RegExp | null][] = [
      [[a.id], a.id, 422, /must not contain the ticket/],
      [[c.id], a.id, 409, /already merged/],
      [[a.id], c.id, 409, /merged into another ticket/],
      [[spam], a.id, 409, /Spam/],
      [[foreign.id], a.id, 404, null],
      [[a.id], foreign.id, 404, null],
      [[], a.id, 422, null],
      [Array.from({ length: 21 }, (_, i) => `tkt_${i}`), a.id, 422, null],
      ['tkt_x', a.id, 422, null],
    ];
    for (const [ids, into, status, detail] of cases) {
      const r = await merge(into, ids);
      expect(r.status, JSON.stringify(ids)).toBe(status);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
      if (detail) expect(r.body.detail).toMatch(detail);
    }
    expect((await unmerge(a.id)).status).toBe(409);
    expect((await unmerge(foreign.id)).status).toBe(404);
    expect(await rows()).toEqual(before);
  });
});

describe('mail to a merged ticket', () => {
  it('joins the ticket it was merged into', async () => {
    const { INBOUND_ENV, INBOUND_TOKEN } = await import('../mail/inbound-fixtures.ts');
    const m = await createHarness({ env: INBOUND_ENV });
    try {
      const o = await m.signup({ tenantName: 'Acme' });
      const make = async (subject: string, email: string) =>
        (
          await m.json('POST', '/api/v1/tickets', {
            ...o.as,
            body: { subject, message: 'Hello', requester: { email } },
          })
        ).body as { id: string; number: number };
      const target = await make('Tent pole snapped', 'maya@example.com');
      const dup = await make('Broken pole', 'sam@example.com');
      expect(
        (await m.json('POST', `/api/v1/tickets/${target.id}/merge`, { ...o.as, body: { ticketIds: [dup.id] } })).status,
      ).toBe(200);
      const raw = `From: sam@example.com\r\nTo: ${o.tenant.inboundEmail}\r\nSubject: Re: [#${dup.number}] Broken pole\r\nMessage-ID: <sam-2@example.com>\r\n\r\nAny news on the pole?`;
      const r = await m.json('POST', '/api/v1/inbound/email', {
        rawBody: new Uint8Array(Buffer.from(raw)),
        token: INBOUND_TOKEN,
        headers: { 'content-type': 'message/rfc822' },
      });
      expect(r.status).toBe(202);
      expect(r.body).toMatchObject({ disposition: 'replied', ticketId: target.id });
      const thread = (await m.json('GET', `/api/v1/tickets/${target.id}`, o.as)).body;
      expect(thread.messages.map((x: { body: string }) => x.body)).toContain('Any news on the pole?');
    } finally {
      await m.close();
    }
  });

  it('the one-statement thread read answers what the separate reads do, and has merges exactly when there are some', async () => {
    const target = await ticket('Stove "Trail" 2', 'maya@example.com');
    const dup = await ticket('Stove again', 'maya@example.com');
    const other = await ticket('Unrelated', 'sam@example.com');
    await reply(target.id, 'Note: check the batch — “quoted” \\ back\tslash 🎪', true);
    const [a, b] = [await upload('first.txt'), await upload('second.txt')];
    const withFiles = await h.json('POST', `/api/v1/tickets/${dup.id}/messages`, {
      ...t.as,
      body: { body: 'Both receipts', attachmentIds: [b, a] },
    });
    expect(withFiles.status).toBe(201);
    const separate = async (id: string) => {
      const row = (await getTicketRow(h.db, t.tenant.id, id, EVERY_TICKET))!;
      return {
        row,
        messages: await listMessages(h.db, t.tenant.id, [id], false),
        merges: await mergesOfTicket(h.db, t.tenant.id, { id, mergedInto: row.merged_into ?? null }),
      };
    };
    const check = async (id: string, mayHaveMerges: boolean) => {
      const thread = (await getTicketThread(h.db, t.tenant.id, id, EVERY_TICKET))!;
      const expected = await separate(id);
      expect(thread.row).toEqual(expected.row);
      expect(thread.messages).toEqual(expected.messages);
      expect(thread.mayHaveMerges).toBe(mayHaveMerges);
      expect(expected.merges.length > 0).toBe(mayHaveMerges);
      return thread;
    };
    const before = await check(dup.id, false);
    expect(before.messages[1]!.attachments.map((f) => f.filename)).toEqual(['second.txt', 'first.txt']);
    expect((await check(target.id, false)).messages[1]!.body).toContain('“quoted” \\ back\tslash 🎪');

    expect((await merge(target.id, [dup.id])).status).toBe(200);
    await check(target.id, true);
    await check(dup.id, true);
    await check(other.id, false);
    expect((await unmerge(target.id)).status).toBe(200);
    await check(target.id, false);
    await check(dup.id, false);
    expect(await getTicketThread(h.db, t.tenant.id, 'tkt_missing', EVERY_TICKET)).toBeUndefined();
  });
});
