import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { fanOutMail } from '../mail/outbound-fanout.ts';

let h: Harness;
afterEach(async () => h?.close());

async function setup(opts: { enabled?: boolean } = {}) {
  const clock: TestClock = testClock();
  h = await createHarness({ clock });
  const t = await h.signup({ tenantName: 'Trailhead' });
  if (opts.enabled !== false) {
    const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { settings: { csat: { enabled: true } } },
    });
    expect(r.status).toBe(200);
  }
  return { t, clock };
}

async function submit(t: SignedUp, email = 'maya@example.com') {
  const r = await h.json('POST', '/api/v1/widget/tickets', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    body: { subject: 'Tent pole snapped', message: 'One pole broke.', email, name: 'Maya' },
  });
  expect(r.status).toBe(201);
  return { id: r.body.ticket.id as string, visitor: r.body.visitorToken as string };
}

const setStatus = (t: SignedUp, id: string, status: string) =>
  h.json('PATCH', `/api/v1/tickets/${id}`, { ...t.as, body: { status } });

/** The resolved mails written so far (rendered at fan-out, as they are sent). */
async function resolvedMails() {
  await fanOutMail(h.deps);
  const rows = await h.db.all<{ payload: string }>(
    "SELECT payload FROM mail_outbox WHERE kind = 'resolved' ORDER BY created_at, rowid",
  );
  return rows.map((r) => JSON.parse(r.payload) as { text: string; html: string });
}

const linkIn = (text: string, rating: 'good' | 'bad') => {
  const m = new RegExp(`(https?://[^\\s]+/rate/([0-9a-f]+))\\?rating=${rating}`).exec(text);
  return m ? { url: m[0], path: new URL(m[1]!).pathname, token: m[2]! } : null;
};

const postForm = (path: string, fields: Record<string, string>) =>
  h.req('POST', path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

const rateInWidget = (t: SignedUp, id: string, visitor: string, body: unknown) =>
  h.json('POST', `/api/v1/widget/tickets/${id}/rating`, {
    headers: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${visitor}` },
    body,
  });

describe('CSAT', () => {
  it('puts Good / Bad links in the resolved mail; the page works without JS, one rating per resolution, changeable for 7 days', async () => {
    const { t, clock } = await setup();
    const { id } = await submit(t);
    await setStatus(t, id, 'resolved');
    const [mail] = await resolvedMails();
    expect(mail!.text).toContain('How did we do?');
    const good = linkIn(mail!.text, 'good')!;
    const bad = linkIn(mail!.text, 'bad')!;
    expect(good.token).toBe(bad.token);
    expect(good.token).toMatch(/^[0-9a-f]{40}$/);
    expect(mail!.html).toContain(`href="${bad.url}"`);

    // Opening the link shows a form with the rating preselected and records nothing (mail scanners follow links).
    const page = await h.req('GET', `${bad.path}?rating=bad`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toMatch(/value="bad" checked/);
    expect(html).not.toContain('<script');
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.satisfaction).toBeNull();

    const sent = await postForm(bad.path, { rating: 'bad', comment: 'Took three days.' });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('Thank you');
    const ticket = (await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body;
    expect(ticket.satisfaction).toEqual({
      rating: 'bad',
      comment: 'Took three days.',
      ratedAt: clock.now().toISOString(),
    });

    // A second submission for the same resolution changes it (still one rating).
    clock.advance(3600_000);
    expect((await postForm(bad.path, { rating: 'good', comment: 'Actually fine.' })).status).toBe(200);
    const rows = await h.db.all<{ rating: string }>('SELECT rating FROM csat_surveys WHERE ticket_id = ?', [id]);
    expect(rows).toEqual([{ rating: 'good' }]);
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.satisfaction.comment).toBe('Actually fine.');

    // No rating is taken (nor changed) 7 days after the resolution.
    clock.advance(7 * 86_400_000);
    const late = await postForm(bad.path, { rating: 'bad' });
    expect(late.status).toBe(409);
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.satisfaction.rating).toBe('good');

    // A bad form is shown again with a message; an unknown token is a plain 404.
    clock.advance(-7 * 86_400_000);
    const wrong = await postForm(bad.path, { rating: 'meh' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Choose Good or Bad.');
    expect((await h.req('GET', `/rate/${'0'.repeat(40)}`)).status).toBe(404);
    expect((await h.req('GET', '/rate/not-a-token')).status).toBe(404);
    expect((await postForm(`/rate/${'1'.repeat(40)}`, { rating: 'good' })).status).toBe(404);
  });

  it('asks again after a re-open and a new resolution; the old link no longer rates', async () => {
    const { t, clock } = await setup();
    const { id } = await submit(t);
    await setStatus(t, id, 'resolved');
    const first = linkIn((await resolvedMails())[0]!.text, 'good')!;
    expect((await postForm(first.path, { rating: 'good' })).status).toBe(200);
    clock.advance(60_000);
    await setStatus(t, id, 'open');
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.satisfaction).toBeNull();
    expect((await postForm(first.path, { rating: 'bad' })).status).toBe(409);
    clock.advance(60_000);
    await setStatus(t, id, 'resolved');
    const mails = await resolvedMails();
    expect(mails).toHaveLength(2);
    const second = linkIn(mails[1]!.text, 'bad')!;
    expect(second.token).not.toBe(first.token);
    expect((await h.json('GET', `/api/v1/tickets/${id}`, t.as)).body.satisfaction).toBeNull();
    expect((await postForm(second.path, { rating: 'bad', comment: 'Broke again' })).status).toBe(200);
    const rows = await h.db.all<{ rating: string }>(
      'SELECT rating FROM csat_surveys WHERE ticket_id = ? ORDER BY resolved_at',
      [id],
    );
    expect(rows).toEqual([{ rating: 'good' }, { rating: 'bad' }]);
  });

  it('rates from the widget: 201 and the ticket shows it, 409 unresolved, 422 bad input, 404 for another visitor; csat.submitted emitted', async () => {
    const { t } = await setup();
    const mine = await submit(t);
    const theirs = await submit(t, 'sam@example.com');
    const config = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(config.body.csat).toBe(true);

    expect((await rateInWidget(t, mine.id, mine.visitor, { rating: 'good' })).status).toBe(409);
    await setStatus(t, mine.id, 'resolved');
    await setStatus(t, theirs.id, 'resolved');

    for (const body of [
      {},
      { rating: 'great' },
      { rating: 'good', comment: 'x'.repeat(2001) },
      { rating: 'good', extra: 1 },
    ]) {
      const r = await rateInWidget(t, mine.id, mine.visitor, body);
      expect(r.status).toBe(422);
      expect(r.res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await rateInWidget(t, theirs.id, mine.visitor, { rating: 'bad' })).status).toBe(404);
    expect(await h.db.all('SELECT 1 FROM csat_surveys WHERE rating IS NOT NULL')).toHaveLength(0);

    const r = await rateInWidget(t, mine.id, mine.visitor, { rating: 'good', comment: 'Quick and kind' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ rating: 'good', comment: 'Quick and kind' });
    const list = await h.json('GET', '/api/v1/widget/tickets', {
      headers: { 'x-widget-key': t.tenant.widgetKey, authorization: `Bearer ${mine.visitor}` },
    });
    expect(list.body.data[0].satisfaction).toMatchObject({ rating: 'good' });

    const events = await h.db.all<{ type: string; data: string }>(
      "SELECT type, data FROM events WHERE type = 'csat.submitted'",
    );
    expect(events).toHaveLength(1);
    const data = JSON.parse(events[0]!.data);
    expect(data).toMatchObject({
      rating: 'good',
      comment: 'Quick and kind',
      ticket: { id: mine.id, status: 'resolved' },
    });
    expect(data.ticket.satisfaction).toMatchObject({ rating: 'good' });
    const types = await h.json('GET', '/api/v1/webhooks/event-types', t.as);
    expect(JSON.stringify(types.body)).toContain('csat.submitted');
  });

  it('counts CSAT on the dashboard and exports the rating columns', async () => {
    const { t } = await setup();
    const a = await submit(t, 'a@example.com');
    const b = await submit(t, 'b@example.com');
    const c = await submit(t, 'c@example.com');
    for (const x of [a, b, c]) await setStatus(t, x.id, 'resolved');
    await rateInWidget(t, a.id, a.visitor, { rating: 'good' });
    await rateInWidget(t, b.id, b.visitor, { rating: 'good' });
    await rateInWidget(t, c.id, c.visitor, { rating: 'bad', comment: 'Too slow' });
    const dash = await h.json('GET', '/api/v1/analytics/dashboard', t.as);
    expect(dash.body.csat).toEqual({ score: 66.7, good: 2, bad: 1, responses: 3 });

    const csv = await (await h.req('GET', '/api/v1/analytics/export?resource=tickets&format=csv', t.as)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    const cols = header!.split(',');
    expect(cols).toEqual(expect.arrayContaining(['csat_rating', 'csat_comment', 'csat_rated_at']));
    const rowOf = (id: string) => lines.find((l) => l.startsWith(id))!.split(',');
    expect(rowOf(c.id)[cols.indexOf('csat_rating')]).toBe('bad');
    expect(rowOf(c.id)[cols.indexOf('csat_comment')]).toBe('Too slow');
  });

  it("shows the rating page in the requester's language from Accept-Language (German, Arabic right to left, English otherwise)", async () => {
    const { t, clock } = await setup();
    const { id, visitor } = await submit(t);
    await setStatus(t, id, 'resolved');
    const link = linkIn((await resolvedMails())[0]!.text, 'good')!;
    const get = async (lang?: string) => {
      const r = await h.req('GET', `${link.path}?rating=good`, lang ? { headers: { 'accept-language': lang } } : {});
      return { status: r.status, headers: r.headers, html: await r.text() };
    };

    const de = await get('fr-FR, de-AT;q=0.8, en;q=0.5');
    expect(de.status).toBe(200);
    expect(de.html).toContain('<html lang="de" dir="ltr">');
    expect(de.html).toContain('<h1>Wie waren wir?</h1>');
    expect(de.html).toContain('Ihre Anfrage #1: Tent pole snapped');
    expect(de.html).toMatch(/value="good" checked required> Gut<\/label>/);
    expect(de.html).toContain('Kommentar (optional)');
    expect(de.html).toContain('Bewertung senden');
    expect(de.headers.get('vary')).toContain('Accept-Language');
    expect(de.headers.get('content-security-policy')).toContain("script-src 'none'");

    const ar = await get('ar-EG,ar;q=0.9');
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.html).toContain('كيف كانت خدمتنا؟');
    // Quality values count: a zero is "not this one", the higher one wins whatever the order.
    expect((await get('de;q=0, ar;q=0.4, en;q=0.9')).html).toContain('<html lang="en" dir="ltr">');
    expect((await get('xx')).html).toContain('<h1>How did we do?</h1>');
    expect((await get()).html).toContain('<html lang="en" dir="ltr">');

    // The thanks, a bad form and a refusal speak the same language as the form.
    const sent = await h.req('POST', link.path, {
      rawBody: 'rating=bad&comment=',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
    });
    expect(sent.status).toBe(200);
    const thanks = await sent.text();
    expect(thanks).toContain('<h1>Vielen Dank!</h1>');
    expect(thanks).toContain('Wir haben Ihre Bewertung erhalten: Schlecht.');
    const wrong = await h.req('POST', link.path, {
      rawBody: 'rating=meh',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ar' },
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('اختر جيد أو سيئ.');
    expect((await get('de')).html).toContain('Sie haben bereits bewertet');
    clock.advance(8 * 86_400_000);
    const late = await get('de');
    expect(late.status).toBe(409);
    expect(late.html).toContain('Diese Bewertung ist geschlossen');
    expect(late.html).toContain('Bewertungen sind bis 7 Tage nach der Lösung eines Tickets möglich.');
    const unknown = await h.req('GET', `/rate/${'0'.repeat(40)}`, { headers: { 'accept-language': 'de' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Nicht gefunden');
    // The API's own 409 stays in English (it is for programs; the widget words it itself).
    const api = await rateInWidget(t, id, visitor, { rating: 'good' });
    expect(api.status).toBe(409);
    expect(api.body.detail).toBe('Ratings are taken for 7 days after a ticket is resolved.');
  });

  it('with the setting off: no question in the mail or the widget', async () => {
    const { t } = await setup({ enabled: false });
    const { id, visitor } = await submit(t);
    await setStatus(t, id, 'resolved');
    const [mail] = await resolvedMails();
    expect(mail!.text).toContain('was marked as resolved');
    expect(mail!.text).not.toContain('How did we do?');
    expect(mail!.text).not.toContain('/rate/');
    const config = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(config.body.csat).toBeUndefined();
    expect((await rateInWidget(t, id, visitor, { rating: 'good' })).status).toBe(409);
  });
});
