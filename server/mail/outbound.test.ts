import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { freePort, startCaptureSmtp, type CaptureSmtp, type CapturedMail } from './outbound-test-support.ts';
import { createMailWorker, type MailWorker } from './sender.ts';
import { fanOutMail } from './outbound-fanout.ts';
import { seedDemoIfEmpty } from '../seed/demo.ts';
import { claimDueMail } from './outbound-queries.ts';
import { parseLocalAddress, verifyReplyToken } from './addresses.ts';

const DOMAIN = 'mail.helpdesk.test';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(opts: { smtp?: CaptureSmtp | null; smtpUrl?: string; clock?: TestClock; dbUrl?: string } = {}) {
  const smtp = opts.smtp === undefined ? await startCaptureSmtp() : opts.smtp;
  if (smtp && opts.smtp === undefined) cleanup.push(() => smtp.close());
  const clock = opts.clock ?? testClock();
  const url = opts.smtpUrl ?? smtp?.url;
  const h = await createHarness({
    clock,
    dbUrl: opts.dbUrl,
    env: { INBOUND_DOMAIN: DOMAIN, MAIL_FROM: 'help@mail.helpdesk.test', ...(url ? { SMTP_URL: url } : {}) },
  });
  cleanup.push(() => h.close());
  const worker = createMailWorker(h.deps, { leaseMs: 60_000 });
  return { h, smtp, clock, worker };
}

const widgetSubmit = (h: Harness, t: SignedUp, over: Record<string, unknown> = {}) =>
  h.json('POST', '/api/v1/widget/tickets', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: {
      subject: 'Tent pole snapped',
      message: 'One pole broke on the first night.',
      email: 'maya@example.com',
      name: 'Maya',
      ...over,
    },
  });

const reply = (h: Harness, t: SignedUp, id: string, body: string, internal = false) =>
  h.json('POST', `/api/v1/tickets/${id}/messages`, { ...t.as, body: { body, internal } });

const to = (m: CapturedMail) => m.envelope.to.join(',');
const header = (m: CapturedMail, name: string) => m.parsed.headers.get(name.toLowerCase());
const log = async (h: Harness, t: SignedUp, q = '') => (await h.json('GET', `/api/v1/mail-log${q}`, t.as)).body;

async function inviteAgent(h: Harness, t: SignedUp, email: string, name = 'Ivy') {
  const r = await h.json('POST', '/api/v1/agents', { ...t.as, body: { name, email } });
  const token = new URL(r.body.inviteUrl.replace('#/', '')).searchParams.get('token')!;
  const ok = await h.json('POST', '/api/v1/auth/accept-invite', { body: { token, password: 'ivy password 1' } });
  const cookie = ok.res.headers.get('set-cookie')!.split(';')[0]!;
  return { id: r.body.id as string, as: { cookie } };
}

async function drain(worker: MailWorker) {
  for (let i = 0; i < 5; i++) {
    const r = await worker.runOnce();
    if (r.made === 0 && r.started === 0) return;
  }
}

describe('outbound mail', () => {
  it('mails the requester a confirmation, each public reply (never a note) and a resolved notice; agents their notifications', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup({ tenantName: 'Trailhead' });
    const ivy = await inviteAgent(h, t, 'ivy@example.com');
    const created = await widgetSubmit(h, t);
    const id = created.body.ticket.id as string;
    await drain(worker);
    const first = smtp!.mails.map((m) => `${to(m)} ${m.parsed.subject}`).sort();
    expect(first).toEqual(
      [
        `${t.agent.email} [#1] Tent pole snapped`,
        'ivy@example.com [#1] Tent pole snapped',
        'maya@example.com [#1] Tent pole snapped',
      ].sort(),
    );
    const confirmation = smtp!.mails.find((m) => to(m) === 'maya@example.com')!;
    expect(confirmation.parsed.text).toContain('We received your request #1');
    expect(header(confirmation, 'auto-submitted')).toBe('auto-generated');

    await reply(h, t, id, 'Internal: check the warehouse stock first.', true);
    await drain(worker);
    expect(smtp!.mails).toHaveLength(3);

    await reply(h, t, id, 'A replacement pole is on its way.');
    await drain(worker);
    expect(smtp!.mails).toHaveLength(4);
    const agentReply = smtp!.mails[3]!;
    expect(to(agentReply)).toBe('maya@example.com');
    expect(agentReply.parsed.text).toContain('A replacement pole is on its way.');
    expect(header(agentReply, 'auto-submitted')).toBeUndefined();
    expect(smtp!.mails.some((m) => m.raw.includes('check the warehouse'))).toBe(false);

    // Assigned to Ivy (by the owner): Ivy hears of it; then the customer replies and Ivy hears that too.
    await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { assigneeId: ivy.id } });
    await drain(worker);
    expect(smtp!.mails.slice(4).map((m) => `${to(m)} ${m.parsed.text?.split('\n')[2]}`)).toEqual([
      'ivy@example.com Ticket #1 was assigned to you.',
    ]);
    await h.json('POST', `/api/v1/widget/tickets/${id}/messages`, {
      headers: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${created.body.visitorToken}` },
      body: { body: 'Thanks! Which size is it?' },
    });
    await drain(worker);
    expect(smtp!.mails).toHaveLength(6);
    expect(to(smtp!.mails[5]!)).toBe('ivy@example.com');
    expect(smtp!.mails[5]!.parsed.text).toContain('Thanks! Which size is it?');
    // The customer's own words never come back to the customer.
    expect(smtp!.mails.filter((m) => to(m) === 'maya@example.com' && m.raw.includes('Which size'))).toHaveLength(0);

    await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: 'resolved' } });
    await drain(worker);
    const resolved = smtp!.mails.slice(6);
    expect(resolved.map(to)).toEqual(['maya@example.com']);
    expect(resolved[0]!.parsed.text).toContain('was marked as resolved');
    expect(header(resolved[0]!, 'auto-submitted')).toBe('auto-generated');

    const entries = (await log(h, t)).data;
    expect(entries).toHaveLength(7);
    expect(entries.every((e: { status: string }) => e.status === 'sent')).toBe(true);
    expect(entries[0].smtpResponse).toMatch(/^250 /);
    expect(entries.map((e: { kind: string }) => e.kind).sort()).toEqual(
      [
        'agent_assigned',
        'agent_customer_replied',
        'agent_new_ticket',
        'agent_new_ticket',
        'confirmation',
        'reply',
        'resolved',
      ].sort(),
    );
  });

  it('threads the requester’s mail: one subject, own Message-IDs, In-Reply-To/References, a growing Thread-Index; Reply-To verifies', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup();
    const id = (await widgetSubmit(h, t)).body.ticket.id;
    await drain(worker);
    await reply(h, t, id, 'On its way.');
    await drain(worker);
    await h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status: 'resolved' } });
    await drain(worker);
    const mine = smtp!.mails.filter((m) => to(m) === 'maya@example.com');
    expect(mine).toHaveLength(3);
    const [a, b, c] = mine.map((m) => m.parsed);
    expect(new Set(mine.map((m) => m.parsed.subject))).toEqual(new Set(['[#1] Tent pole snapped']));
    const ids = [a!.messageId, b!.messageId, c!.messageId];
    expect(new Set(ids).size).toBe(3);
    for (const mid of ids) expect(mid).toMatch(new RegExp(`^<[^<>@]+@${DOMAIN.replace(/\./g, '\\.')}>$`));
    expect(a!.inReplyTo).toBeUndefined();
    expect(b!.inReplyTo).toBe(ids[0]);
    expect(c!.inReplyTo).toBe(ids[1]);
    expect([c!.references].flat()).toEqual([ids[0], ids[1]]);
    // The owner's new-ticket notice is not in the requester's thread.
    const stored = await h.db.all<{ message_id: string }>(
      "SELECT message_id FROM mail_message_ids WHERE direction = 'out'",
    );
    expect(stored).toHaveLength(4);
    const idx = mine.map((m) => Buffer.from(String(header(m, 'thread-index')), 'base64'));
    expect(idx.map((b) => b.length)).toEqual([22, 27, 32]);
    expect(idx[1]!.subarray(0, 22)).toEqual(idx[0]);
    expect(idx[2]!.subarray(0, 27)).toEqual(idx[1]);
    // Reply-To: the tenant's plus-address whose token verifies for this ticket.
    const replyTo = a!.replyTo!.value[0]!.address!;
    const local = parseLocalAddress(replyTo, DOMAIN)!;
    expect(local.slug).toBe(t.tenant.slug);
    expect(verifyReplyToken(await h.deps.mailReplyKey.get(), t.tenant.id, local.token!)).toBe(1);
  });

  it('bounds References on a long thread to its first Message-ID and the latest ones (20 in all)', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup();
    const id = (await widgetSubmit(h, t)).body.ticket.id;
    await drain(worker);
    const [first] = await h.db.all<{ message_id: string }>(
      "SELECT message_id FROM mail_message_ids WHERE ticket_id = ? AND direction = 'out' ORDER BY created_at, rowid LIMIT 1",
      [id],
    );
    // 30 more mails in the thread, in and out, later than the first.
    const later = Array.from({ length: 30 }, (_, i) => `hd.earlier${String(i).padStart(2, '0')}@${DOMAIN}`);
    for (const [i, mid] of later.entries())
      await h.db.run(
        "INSERT INTO mail_message_ids (tenant_id, message_id, ticket_id, direction, created_at) VALUES (?, ?, ?, 'in', ?)",
        [t.tenant.id, mid, id, `2099-01-01T00:00:${String(i).padStart(2, '0')}.000Z`],
      );
    smtp!.mails.length = 0;
    await reply(h, t, id, 'Still on it.');
    await drain(worker);
    const mail = smtp!.mails.find((m) => to(m) === 'maya@example.com')!.parsed;
    const refs = [mail.references].flat();
    expect(refs).toEqual([first!.message_id, ...later.slice(-19)].map((m) => `<${m}>`));
    expect(mail.inReplyTo).toBe(`<${later.at(-1)}>`);
  });

  it('brands every mail (name, logo, colour) with a plain-text part beside the HTML, from MAIL_FROM in the tenant’s name', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup({ tenantName: 'Trailhead Outfitters' });
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { primaryColor: '#0f766e', logoUrl: 'https://cdn.example.com/logo.png' } },
    });
    await widgetSubmit(h, t);
    await drain(worker);
    const m = smtp!.mails.find((x) => to(x) === 'maya@example.com')!;
    expect(m.parsed.from!.value).toEqual([{ name: 'Trailhead Outfitters', address: 'help@mail.helpdesk.test' }]);
    expect(m.parsed.html).toContain('#0f766e');
    expect(m.parsed.html).toContain('src="https://cdn.example.com/logo.png"');
    expect(m.parsed.html).toContain('Trailhead Outfitters');
    expect(m.parsed.text).toContain('Trailhead Outfitters');
    expect(m.parsed.text).toContain('One pole broke on the first night.');
    expect(m.parsed.text).not.toContain('<');
  });

  it('never lets a name or subject with CR/LF or address syntax add a header or a recipient', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup();
    await h.db.run('UPDATE tenants SET name = ? WHERE id = ?', [
      'Evil\r\nBcc: boss@evil.test\r\nX-Injected: 1',
      t.tenant.id,
    ]);
    const created = await widgetSubmit(h, t, { name: 'Maya" <maya2@evil.test>, cc@evil.test' });
    await h.db.run('UPDATE tickets SET subject = ? WHERE id = ?', [
      'Help\r\nBcc: subject@evil.test\r\n\r\n<html>body</html>',
      created.body.ticket.id,
    ]);
    await h.db.run('UPDATE customers SET name = ? WHERE email = ?', [
      'Maya\r\nCc: c@evil.test", x@evil.test',
      'maya@example.com',
    ]);
    await drain(worker);
    const m = smtp!.mails.find((x) => to(x) === 'maya@example.com')!;
    expect(m).toBeDefined();
    for (const mail of smtp!.mails) {
      expect(mail.envelope.to).toHaveLength(1);
      const head = mail.raw.split('\r\n\r\n')[0]!;
      expect(head).not.toMatch(/^(bcc|x-injected|cc):/im);
      expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : []).toHaveLength(1);
      expect(mail.parsed.cc).toBeUndefined();
      expect(mail.parsed.bcc).toBeUndefined();
    }
    expect(m.parsed.subject).toBe('[#1] Help Bcc: subject@evil.test <html>body</html>');
    expect(m.parsed.from!.value).toEqual([
      { name: 'Evil Bcc: boss@evil.test X-Injected: 1', address: 'help@mail.helpdesk.test' },
    ]);
    expect(smtp!.mails.flatMap((x) => x.envelope.to).some((a) => a.includes('evil'))).toBe(false);
  });

  it('retries while the SMTP server is down, then sends once', async () => {
    const port = await freePort();
    const clock = testClock();
    const { h, worker } = await setup({ smtp: null, smtpUrl: `smtp://127.0.0.1:${port}`, clock });
    const t = await h.signup();
    await h.json('PATCH', `/api/v1/me/notifications`, { ...t.as, body: { newTicket: false } });
    await widgetSubmit(h, t);
    await drain(worker);
    let [entry] = (await log(h, t)).data;
    expect(entry).toMatchObject({ status: 'queued', attempts: 1, recipient: 'maya@example.com' });
    expect(entry.smtpResponse).toMatch(/ECONNREFUSED|connect/i);
    const retryAt = Date.parse(entry.nextAttemptAt);
    expect(retryAt - clock.now().getTime()).toBeGreaterThan(20_000);
    // Not before the back-off is over.
    await drain(worker);
    expect((await log(h, t)).data[0].attempts).toBe(1);

    const smtp = await startCaptureSmtp({ port });
    // Closed after the app, whose pooled connection would otherwise hold the server open.
    cleanup.unshift(() => smtp.close());
    clock.set(new Date(retryAt + 1));
    await drain(worker);
    [entry] = (await log(h, t)).data;
    expect(entry).toMatchObject({ status: 'sent', attempts: 2, nextAttemptAt: null });
    expect(entry.sentAt).toBe(clock.now().toISOString());
    clock.advance(3_600_000);
    await drain(worker);
    expect(smtp.mails).toHaveLength(1);
  });

  it('marks a mail failed at once when the server refuses it for good (5xx)', async () => {
    const { h, smtp, worker, clock } = await setup();
    smtp!.refuse.add('maya@example.com');
    const t = await h.signup();
    await widgetSubmit(h, t);
    await drain(worker);
    const failed = (await log(h, t, '?status=failed')).data;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ recipient: 'maya@example.com', attempts: 1, nextAttemptAt: null });
    expect(failed[0].smtpResponse).toMatch(/^550 /);
    clock.advance(24 * 3_600_000);
    await drain(worker);
    expect(smtp!.mails.map(to)).toEqual([t.agent.email]);
  });

  it('survives a process dying mid-send: a new app on the same database sends the mail once the lease runs out', async () => {
    const { h, smtp, clock } = await setup();
    const t = await h.signup();
    await h.json('PATCH', `/api/v1/me/notifications`, { ...t.as, body: { newTicket: false } });
    await widgetSubmit(h, t);
    // The first process makes the mail and leases it, then dies before it sends or writes an answer.
    await fanOutMail(h.deps);
    const dead = await claimDueMail(h.deps.db, clock.now(), 'dead-process', 60_000, 10);
    expect(dead).toHaveLength(1);

    const second = await setup({ smtp: smtp!, clock, dbUrl: h.dbUrl });
    await drain(second.worker);
    expect(smtp!.mails).toHaveLength(0);
    clock.advance(61_000);
    await drain(second.worker);
    clock.advance(3_600_000);
    await drain(second.worker);
    expect(smtp!.mails.map(to)).toEqual(['maya@example.com']);
    const rows = await second.h.db.all<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM mail_outbox',
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('without SMTP_URL logs each mail as not sent, and says why', async () => {
    const { h, worker } = await setup({ smtp: null });
    const t = await h.signup();
    await widgetSubmit(h, t);
    await drain(worker);
    const entries = (await log(h, t)).data;
    expect(entries.length).toBe(2);
    for (const e of entries)
      expect(e).toMatchObject({ status: 'not_sent', smtpResponse: 'not sent: SMTP_URL is not set', attempts: 0 });
  });
});

describe('who gets mail', () => {
  it('follows each agent’s notification choices, mails no deactivated agent, and honours the confirmation setting', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup();
    const ivy = await inviteAgent(h, t, 'ivy@example.com');
    const rex = await inviteAgent(h, t, 'rex@example.com', 'Rex');
    expect((await h.json('GET', '/api/v1/me/notifications', ivy.as)).body).toEqual({
      newTicket: true,
      assignedToMe: true,
      customerReplied: true,
      weeklySummary: false,
    });
    const patched = await h.json('PATCH', '/api/v1/me/notifications', { ...ivy.as, body: { newTicket: false } });
    expect(patched.body).toEqual({ newTicket: false, assignedToMe: true, customerReplied: true, weeklySummary: false });
    expect((await h.json('PATCH', '/api/v1/me/notifications', { ...ivy.as, body: { newTicket: 'yes' } })).status).toBe(
      422,
    );
    expect((await h.json('PATCH', '/api/v1/me/notifications', { ...ivy.as, body: { other: true } })).status).toBe(422);
    await h.json('PATCH', `/api/v1/agents/${rex.id}`, { ...t.as, body: { status: 'disabled' } });
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { emailConfirmation: false } },
    });

    await widgetSubmit(h, t);
    await drain(worker);
    expect(smtp!.mails.map(to)).toEqual([t.agent.email]);
  });

  it('lists the mail log by page, filters by status and ticket, and shows another tenant nothing', async () => {
    const { h, worker } = await setup({ smtp: null });
    const t = await h.signup();
    const a = (await widgetSubmit(h, t)).body.ticket.id;
    await widgetSubmit(h, t, { subject: 'Second' });
    await drain(worker);
    const page1 = await log(h, t, '?limit=3');
    expect(page1.data).toHaveLength(3);
    const page2 = await log(h, t, `?limit=3&cursor=${page1.nextCursor}`);
    expect(page2.data).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const forA = (await log(h, t, `?ticketId=${a}`)).data;
    expect(forA.map((e: { subject: string }) => e.subject)).toEqual([
      '[#1] Tent pole snapped',
      '[#1] Tent pole snapped',
    ]);
    expect((await log(h, t, '?status=sent')).data).toHaveLength(0);
    expect((await h.json('GET', '/api/v1/mail-log?status=lost', t.as)).status).toBe(422);
    const other = await h.signup();
    expect((await log(h, other)).data).toHaveLength(0);
  });

  it('mails nothing of a database’s history when mail is first turned on by the upgrade', async () => {
    const { h, worker } = await setup({ smtp: null });
    const t = await h.signup();
    await widgetSubmit(h, t);
    // As the 0014 migration does on an upgraded database: the cursor starts at the end of the log.
    await h.db.run("UPDATE mail_cursor SET seq = (SELECT max(seq) FROM events) WHERE name = 'outbound'");
    await drain(worker);
    expect((await log(h, t)).data).toHaveLength(0);
    await widgetSubmit(h, t, { subject: 'After the upgrade' });
    await drain(worker);
    expect((await log(h, t)).data.map((e: { subject: string }) => e.subject)).toContain('[#2] After the upgrade');
  });

  it('gives the demo tenant a mail log from its seeded tickets', async () => {
    const { h, worker } = await setup({ smtp: null });
    const demoId = await seedDemoIfEmpty(h.db, h.deps.now());
    await drain(worker);
    const rows = await h.db.all<{ kind: string; status: string }>(
      'SELECT kind, status FROM mail_outbox WHERE tenant_id = ?',
      [demoId],
    );
    expect(rows.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['confirmation', 'reply', 'resolved', 'agent_new_ticket']),
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['not_sent']));
  });

  it('does not tell an agent about the ticket they filed themselves, nor about one they took', async () => {
    const { h, smtp, worker } = await setup();
    const t = await h.signup();
    const ivy = await inviteAgent(h, t, 'ivy@example.com');
    const r = await h.json('POST', '/api/v1/tickets', {
      ...t.as,
      body: {
        subject: 'Phoned in',
        message: 'Customer called about a refund.',
        requester: { email: 'caller@example.com' },
      },
    });
    expect(r.status).toBe(201);
    await drain(worker);
    expect(smtp!.mails.map(to).sort()).toEqual(['caller@example.com', 'ivy@example.com']);
    const took = await h.json('PATCH', `/api/v1/tickets/${r.body.id}`, { ...ivy.as, body: { assigneeId: ivy.id } });
    expect(took.body.assigneeId).toBe(ivy.id);
    expect(
      (await h.json('PATCH', `/api/v1/tickets/${r.body.id}`, { ...ivy.as, body: { priority: 'high' } })).status,
    ).toBe(200);
    await drain(worker);
    expect(smtp!.mails).toHaveLength(2);
  });
});
