// "Delete my data" from the widget: the visitor asks, the mail (received by a real SMTP server) links to a page whose
// button erases them; the link works once and for a day; the widget's answer never says whether an email is on file.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { startCaptureSmtp, type CaptureSmtp } from '../mail/outbound-test-support.ts';
import { createMailWorker, type MailWorker } from '../mail/sender.ts';
import { runPrivacyRequests } from '../privacy/worker.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const smtp = await startCaptureSmtp();
  cleanup.push(() => smtp.close());
  const clock: TestClock = testClock();
  const h = await createHarness({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'help@mail.helpdesk.test' } });
  cleanup.push(() => h.close());
  const worker = createMailWorker(h.deps, { leaseMs: 60_000 });
  const t = await h.signup({ tenantName: 'Trailhead' });
  return { h, smtp, clock, worker, t };
}

async function drain(worker: MailWorker) {
  for (let i = 0; i < 5; i++) {
    const r = await worker.runOnce();
    if (r.made === 0 && r.started === 0) return;
  }
}

async function file(h: Harness, t: SignedUp, email = 'maya@example.com') {
  const r = await h.json('POST', '/api/v1/widget/tickets', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { subject: 'Tent pole snapped', message: 'Marker kettle-7 story.', email, name: 'Maya Camper' },
  });
  expect(r.status).toBe(201);
  return { id: r.body.ticket.id as string, token: r.body.visitorToken as string };
}

const ask = (h: Harness, t: SignedUp, token?: string, locale?: string) =>
  h.json('POST', `/api/v1/widget/erasure-requests${locale ? `?locale=${locale}` : ''}`, {
    headers: { 'x-widget-key': t.tenant.widgetKey, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

const erasureMails = (smtp: CaptureSmtp) =>
  smtp.mails.filter((m) => /^Confirm: delete your data/.test(m.parsed.subject!));
const linkIn = (text: string) => new URL(/https?:\/\/\S+\/erase\/[0-9A-Za-z]{40}/.exec(text)![0]).pathname;

describe('Delete my data (widget)', () => {
  it('mails a link; opening it deletes nothing, its button erases the person once, and the token stops working', async () => {
    const { h, smtp, worker, t } = await setup();
    const filed = await file(h, t);
    const asked = await ask(h, t, filed.token);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'sent', expiresInHours: 24 });
    expect(JSON.stringify(asked.body)).not.toContain('maya');
    await drain(worker);

    const [mail] = erasureMails(smtp);
    expect(mail!.envelope.to).toEqual(['maya@example.com']);
    expect(mail!.parsed.subject).toBe('Confirm: delete your data at Trailhead');
    const path = linkIn(mail!.parsed.text!);
    expect(String(mail!.parsed.html)).toContain(`${path}"`);
    // Only the hash is kept.
    const token = path.split('/').pop()!;
    const stored = await h.db.all<{ token_hash: string }>('SELECT token_hash FROM erasure_confirmations');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    // A mail scanner's GET: a page with a button, a strict CSP, no script, and nothing deleted.
    const page = await h.req('GET', path);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).toContain(`<form method="post" action="${path}">`);
    expect(body).not.toContain('<script');
    expect((await h.json('GET', `/api/v1/tickets/${filed.id}`, t.as)).status).toBe(200);

    const done = await h.req('POST', path);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your data is being deleted');
    expect(await runPrivacyRequests(h.deps)).toBe(1);

    // Gone: the ticket, the customer, the mail about them, the token; the request says who asked.
    expect((await h.json('GET', `/api/v1/tickets/${filed.id}`, t.as)).status).toBe(404);
    const customers = (await h.json('GET', '/api/v1/customers?q=maya', t.as)).body.data;
    expect(customers).toEqual([]);
    expect(await h.db.all("SELECT 1 FROM mail_outbox WHERE recipient = 'maya@example.com'")).toEqual([]);
    expect(await h.db.all('SELECT 1 FROM erasure_confirmations')).toEqual([]);
    const mine = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${filed.token}` },
    });
    expect(mine.status).toBe(401);
    const req = await h.db.get<{ requested_by_type: string; mode: string; status: string; email: string | null }>(
      "SELECT requested_by_type, mode, status, email FROM privacy_requests WHERE kind = 'erasure'",
    );
    expect(req).toEqual({ requested_by_type: 'visitor', mode: 'delete', status: 'done', email: null });

    // Audited as the visitor's, without their address, name or IP.
    const audit = await h.db.all<{ action: string; actor_type: string; details: string; ip: string | null }>(
      "SELECT action, actor_type, details, ip FROM audit_log WHERE action LIKE 'privacy.%' ORDER BY created_at, rowid",
    );
    expect(audit.map((a) => [a.action, a.actor_type])).toEqual([
      ['privacy.erasure_link_sent', 'visitor'],
      ['privacy.erasure_requested', 'visitor'],
    ]);
    for (const a of audit) {
      expect(`${a.details} ${a.ip ?? ''}`).not.toMatch(/maya|127\.0\.0\.1/i);
    }

    // The same link again: a clear page, nothing queued.
    const replay = await h.req('POST', path);
    expect(replay.status).toBe(404);
    expect(await replay.text()).toContain('This link cannot be used');
    expect((await h.req('GET', path)).status).toBe(404);
    expect(await runPrivacyRequests(h.deps)).toBe(0);
  });

  it('refuses an expired link, voids the other links once one is used, and mails no one without an address', async () => {
    const { h, smtp, worker, clock, t } = await setup();
    const filed = await file(h, t);
    expect((await ask(h, t, filed.token)).status).toBe(202);
    await drain(worker);
    const old = linkIn(erasureMails(smtp)[0]!.parsed.text!);
    clock.advance(25 * 3600_000);
    const late = await h.req('POST', old);
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('has expired');

    // Two fresh links: using one voids the other.
    expect((await ask(h, t, filed.token)).status).toBe(202);
    expect((await ask(h, t, filed.token)).status).toBe(202);
    await drain(worker);
    const [a, b] = erasureMails(smtp)
      .slice(1)
      .map((m) => linkIn(m.parsed.text!));
    expect((await h.req('POST', a!)).status).toBe(200);
    expect((await h.req('POST', b!)).status).toBe(404);

    // A chat visitor with only a placeholder address: the same answer, and no mail.
    const chat = await file(h, t, 'nia@example.com');
    await h.db.run("UPDATE customers SET email = 'v-123@visitors.invalid' WHERE email = 'nia@example.com'");
    await drain(worker);
    const before = smtp.mails.length;
    const asked = await ask(h, t, chat.token);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'sent', expiresInHours: 24 });
    await drain(worker);
    expect(smtp.mails.length).toBe(before);
  });

  it("speaks the widget's language: the mail, the page its link opens and what follows; an unknown link the browser's", async () => {
    const { h, smtp, worker, t } = await setup();
    const filed = await file(h, t);
    expect((await ask(h, t, filed.token, 'de')).status).toBe(202);
    await drain(worker);
    const [mail] = smtp.mails;
    expect(mail!.parsed.subject).toBe('Bestätigen: Ihre Daten bei Trailhead löschen');
    expect(mail!.parsed.text).toContain(
      'klicken Sie auf „Meine Daten löschen“. Er funktioniert einmal, 24 Stunden lang.',
    );
    expect(String(mail!.parsed.html)).toContain('<html lang="de" dir="ltr">');
    expect(String(mail!.parsed.html)).toContain('Prüfen und bestätigen</a>');
    const path = linkIn(mail!.parsed.text!);

    // The link keeps the language it was asked in, whatever the browser that opens it prefers.
    const page = await (await h.req('GET', path, { headers: { 'accept-language': 'en-GB' } })).text();
    expect(page).toContain('<html lang="de" dir="ltr">');
    expect(page).toContain('<h1>Ihre Daten löschen?</h1>');
    expect(page).toContain('<button type="submit">Meine Daten löschen</button>');
    const done = await (await h.req('POST', path)).text();
    expect(done).toContain('Ihre Daten werden gelöscht');
    expect(done).toContain('Hilfe-Widget auf der Website von Trailhead');
    // Used: the link is gone, so the browser's language decides (Arabic, right to left).
    const gone = await h.req('GET', path, { headers: { 'accept-language': 'fr;q=0.9, ar-EG;q=0.8' } });
    expect(gone.status).toBe(404);
    const text = await gone.text();
    expect(text).toContain('<html lang="ar" dir="rtl">');
    expect(text).toContain('«طلباتي» ← «احذف بياناتي»');

    // A language the widget does not speak is English.
    const other = await file(h, t, 'nia@example.com');
    expect((await ask(h, t, other.token, 'xx-YY')).status).toBe(202);
    await drain(worker);
    expect(erasureMails(smtp).map((m) => m.envelope.to)).toEqual([['nia@example.com']]);
  });

  it('needs a visitor token of this tenant, and is rate-limited per visitor', async () => {
    const { h, t } = await setup();
    const filed = await file(h, t);
    expect((await ask(h, t)).status).toBe(401);
    const other = await h.signup({ tenantName: 'Elsewhere' });
    expect((await ask(h, other, filed.token)).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await ask(h, t, filed.token)).status).toBe(202);
    const limited = await ask(h, t, filed.token);
    expect(limited.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBeTruthy();
    // An unknown or malformed link is the same clear page.
    expect((await h.req('GET', '/erase/not-a-token')).status).toBe(404);
    expect((await h.req('POST', `/erase/${'a'.repeat(40)}`)).status).toBe(404);
  });
});
