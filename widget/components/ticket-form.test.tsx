// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TicketForm } from './ticket-form.tsx';
import { Panel } from './panel.tsx';
import { byLabel, button, click, makeStore, mount, publicArticle, scriptedFetch, searchHit, settle, type, widgetTicket } from '../test-support.ts';

const created = { ticket: widgetTicket({ id: 'tkt_1', number: 7, subject: 'Zip broke' }), visitorToken: 'hd_vt_secret' };

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function fillForm(root: HTMLElement) {
  await type(byLabel(root, 'Name'), 'Maren Berg');
  await type(byLabel(root, 'Email'), 'maren@example.com');
  await type(byLabel(root, 'Subject'), 'Zip broke');
  await type(byLabel(root, 'Message'), 'The main zip split on day two.');
}

describe('ticket form', () => {
  it('labels every field and marks the missing ones without calling the server', async () => {
    const calls = scriptedFetch(() => undefined);
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    for (const l of ['Name', 'Email', 'Subject', 'Message']) expect(byLabel(root, l), l).not.toBeNull();
    await type(byLabel(root, 'Email'), 'not-an-email');
    await click(button(root, 'Send'));
    await settle();
    expect(calls).toHaveLength(0);
    expect(byLabel(root, 'Email')!.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector(`#${byLabel(root, 'Email')!.getAttribute('aria-describedby')}`)!.textContent).toMatch(/valid|like name@/);
    expect(byLabel(root, 'Subject')!.getAttribute('aria-invalid')).toBe('true');
    expect(byLabel(root, 'Name')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('submits the contract body with the honeypot and fill time, then stores only the visitor token', async () => {
    const calls = scriptedFetch((m, p) => (m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined));
    const s = makeStore();
    const events: unknown[] = [];
    s.on('ticket:created', (d) => events.push(d));
    const root = await mount(<TicketForm s={s} />);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:00:00Z'));
    await fillForm(root);
    expect(localStorage.length).toBe(0); // typing stores nothing
    vi.setSystemTime(new Date('2026-01-01T10:00:07Z'));
    await click(button(root, 'Send'));
    await settle();
    const post = calls.find((c) => c.path === '/tickets')!;
    expect(post.body).toMatchObject({ subject: 'Zip broke', message: 'The main zip split on day two.', email: 'maren@example.com', name: 'Maren Berg', website: '' });
    // The fill time the server's spam check reads: from the first keystroke to Send.
    expect((post.body as { elapsedMs: number }).elapsedMs).toBe(7000);
    // the suggestion session travels with the ticket, so "suggested, then filed anyway" is counted
    expect((post.body as { session: string }).session).toMatch(/^[a-z0-9]{16}$/);
    expect(s.view.value).toBe('sent');
    expect(events).toEqual([{ id: 'tkt_1', number: 7, subject: 'Zip broke' }]);
    expect(Object.keys(localStorage)).toEqual(['helpdesk:ten_1:visitor']);
    expect(localStorage.getItem('helpdesk:ten_1:visitor')).toBe('hd_vt_secret');
    s.dispose();
  });

  it('keeps everything typed when the network fails, and the retry sends it', async () => {
    let online = false;
    scriptedFetch((m, p) => (!online ? 'offline' : m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined));
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toMatch(/could not reach/i);
    expect(byLabel(root, 'Message')!.value).toBe('The main zip split on day two.');
    expect(byLabel(root, 'Subject')!.value).toBe('Zip broke');
    online = true;
    await click(button(root, 'Try again'));
    await settle();
    expect(s.view.value).toBe('sent');
    s.dispose();
  });

  it('tells the visitor how long to wait on a 429', async () => {
    scriptedFetch((m) => (m === 'POST' ? { status: 429, headers: { 'retry-after': '30' }, body: { title: 'Too Many Requests', status: 429 } } : undefined));
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toContain('Try again in 30 seconds');
    expect(byLabel(root, 'Email')!.value).toBe('maren@example.com');
  });

  it('suggests articles while the subject is typed; "this answered my question" counts a deflection and clears the draft', async () => {
    const calls = scriptedFetch((m, p) => {
      if (p.startsWith('/kb/suggest')) return { body: { data: [searchHit({ id: 'art_1', title: 'Repair a broken zip', slug: 'zip', snippet: 'Broken <mark>zip</mark>' })] } };
      if (p === '/kb/articles/art_1') return { body: publicArticle({ id: 'art_1', title: 'Repair a broken zip', slug: 'zip', bodyHtml: '<p>Send it in, repairs are free.</p>' }) };
      if (p === '/kb/articles/art_1/deflect') return { status: 204 };
      return undefined;
    });
    const s = makeStore();
    s.go('contact');
    const root = await mount(<Panel s={s} />);
    await type(byLabel(root, 'Subject'), 'broken zip');
    await settle(300);
    expect(calls.some((c) => /^\/kb\/suggest\?q=broken%20zip&locale=en&session=[a-z0-9]{16}$/.test(c.path))).toBe(true);
    const region = root.querySelector('[role=region]')!;
    expect(region.getAttribute('aria-label')).toMatch(/might answer/);
    await click(region.querySelector('button'));
    await settle();
    expect(root.querySelector('.art')!.textContent).toBe('Send it in, repairs are free.');
    await click(button(root, 'This answered my question'));
    await settle();
    const deflect = calls.find((c) => c.method === 'POST' && c.path === '/kb/articles/art_1/deflect')!;
    expect(deflect.body).toEqual({ session: calls.find((c) => c.path.startsWith('/kb/suggest?q=broken'))!.path.split('session=')[1] });
    expect(s.draft.value.subject).toBe('');
    expect(root.textContent).toContain('glad that helped');
  });
});
