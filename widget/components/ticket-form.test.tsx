// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TicketForm } from './ticket-form.tsx';
import { Panel } from './panel.tsx';
import {
  byLabel,
  button,
  click,
  makeStore,
  mount,
  publicArticle,
  scriptedFetch,
  searchHit,
  settle,
  type,
  widgetTicket,
  bare,
} from '../test-support.ts';

const created = {
  ticket: widgetTicket({ id: 'tkt_1', number: 7, subject: 'Zip broke' }),
  visitorToken: 'hd_vt_secret',
};

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
    expect(root.querySelector(`#${byLabel(root, 'Email')!.getAttribute('aria-describedby')}`)!.textContent).toMatch(
      /valid|like name@/,
    );
    expect(byLabel(root, 'Subject')!.getAttribute('aria-invalid')).toBe('true');
    expect(byLabel(root, 'Name')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('counts spaces and an unchecked required box as missing, and sends no name or custom fields it does not have', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
    const s = makeStore({
      tenant: {
        customFields: [
          { key: 'terms', label: 'I accept the terms', type: 'checkbox', required: true, options: [] },
          { key: 'order', label: 'Order number', type: 'text', required: true, options: [] },
        ],
      },
    });
    const root = await mount(<TicketForm s={s} />);
    const terms = root.querySelector('#hd-cf-terms') as HTMLInputElement;
    await type(byLabel(root, 'Email'), 'maren@example.com');
    await type(byLabel(root, 'Subject'), '   ');
    await type(byLabel(root, 'Message'), 'The main zip split on day two.');
    await type(byLabel(root, 'Order number'), '  ');
    await click(button(root, 'Send'));
    await settle();
    expect(calls).toHaveLength(0);
    const invalid = [...root.querySelectorAll('[aria-invalid=true]')].map((el) => el.id);
    expect(invalid).toEqual(['hd-subject', 'hd-cf-terms', 'hd-cf-order']);

    await type(byLabel(root, 'Subject'), 'Zip broke');
    await type(byLabel(root, 'Order number'), 'A-17');
    await click(terms);
    await click(button(root, 'Send'));
    await settle();
    const post = calls.find((c) => c.path === '/tickets')!.body as Record<string, unknown>;
    expect(post.customFields).toEqual({ terms: true, order: 'A-17' });
    expect('name' in post).toBe(false);
    s.dispose();
  });

  it('leaves customFields out when the help desk has none', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    expect(Object.keys(calls.find((c) => c.path === '/tickets')!.body as object).sort()).toEqual([
      'elapsedMs',
      'email',
      'message',
      'name',
      'session',
      'subject',
      'website',
    ]);
    s.dispose();
  });

  it('submits the contract body with the honeypot and fill time, then stores only the visitor token (and what it has seen)', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
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
    expect(post.body).toMatchObject({
      subject: 'Zip broke',
      message: 'The main zip split on day two.',
      email: 'maren@example.com',
      name: 'Maren Berg',
      website: '',
    });
    // The fill time the server's spam check reads: from the first keystroke to Send.
    expect((post.body as { elapsedMs: number }).elapsedMs).toBe(7000);
    // the suggestion session travels with the ticket, so "suggested, then filed anyway" is counted
    expect((post.body as { session: string }).session).toMatch(/^[a-z0-9]{16}$/);
    expect(s.view.value).toBe('sent');
    expect(events).toEqual([{ id: 'tkt_1', number: 7, subject: 'Zip broke' }]);
    expect(Object.keys(localStorage)).toEqual(['helpdesk:ten_1:visitor']);
    expect(JSON.parse(localStorage.getItem('helpdesk:ten_1:visitor')!)).toEqual({ token: 'hd_vt_secret', seen: {} });
    s.dispose();
  });

  it('keeps everything typed when the network fails, and the retry sends it', async () => {
    let online = false;
    scriptedFetch((m, p) =>
      !online ? 'offline' : m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
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
    scriptedFetch((m) =>
      m === 'POST'
        ? { status: 429, headers: { 'retry-after': '30' }, body: { title: 'Too Many Requests', status: 429 } }
        : undefined,
    );
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
      if (p.startsWith('/kb/suggest'))
        return {
          body: {
            data: [
              searchHit({ id: 'art_1', title: 'Repair a broken zip', slug: 'zip', snippet: 'Broken <mark>zip</mark>' }),
            ],
          },
        };
      if (bare(p) === '/kb/articles/art_1')
        return {
          body: publicArticle({
            id: 'art_1',
            title: 'Repair a broken zip',
            slug: 'zip',
            bodyHtml: '<p>Send it in, repairs are free.</p>',
          }),
        };
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
    expect(deflect.body).toEqual({
      session: calls.find((c) => c.path.startsWith('/kb/suggest?q=broken'))!.path.split('session=')[1],
    });
    expect(s.draft.value.subject).toBe('');
    expect(root.textContent).toContain('glad that helped');
  });

  it("shows each 422 problem next to its field in words, never the server's paths or wording", async () => {
    const problem = {
      type: 'https://helpdesk.dev/problems/validation',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The request has invalid fields.',
      errors: [
        { path: 'subject', message: 'Too big: expected string to have <=250 characters' },
        { path: 'customFields.order', message: 'must be a number' },
        { path: 'customFields.plan', message: 'Plan is required' },
      ],
    };
    scriptedFetch((m) => (m === 'POST' ? { status: 422, body: problem } : undefined));
    const s = makeStore({
      tenant: {
        customFields: [
          { key: 'order', label: 'Order number', type: 'text', required: false, options: [] },
          { key: 'plan', label: 'Plan', type: 'select', required: false, options: ['Basic'] },
        ],
      },
    });
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    const errorOf = (label: string) =>
      root.querySelector(`#${byLabel(root, label)!.getAttribute('aria-describedby')}`)!.textContent;
    expect(errorOf('Subject')).toBe('This is too long. Please shorten it.');
    expect(errorOf('Order number')).toBe('Please check this field.');
    expect(errorOf('Plan')).toBe('Please fill in this field.');
    expect(byLabel(root, 'Email')!.getAttribute('aria-invalid')).toBeNull();
    expect(root.querySelector('[role=alert]')!.textContent).toBe('Please correct the highlighted fields.');
    expect(root.textContent).not.toMatch(/Too big|customFields|must be a number|invalid fields/);
    expect(byLabel(root, 'Message')!.value).toBe('The main zip split on day two.');
  });

  it('says a refusal no field explains in one sentence, and a server failure like a network one, with a retry', async () => {
    let answer: { status: number; body: unknown } = {
      status: 422,
      body: {
        status: 422,
        title: 'Unprocessable Content',
        detail: 'The request has invalid fields.',
        errors: [{ path: 'customFields.gone', message: 'is not a custom field of this help desk' }],
      },
    };
    scriptedFetch((m) => (m === 'POST' ? answer : undefined));
    const s = makeStore();
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await click(button(root, 'Send'));
    await settle();
    expect(root.querySelector('[role=alert]')!.textContent).toContain(
      'We could not send this as it is. Please reload the page and try again.',
    );
    expect(root.textContent).not.toMatch(/custom field|invalid fields/);

    answer = { status: 502, body: { title: 'Bad Gateway', status: 502, detail: 'upstream connect error' } };
    await click(button(root, 'Try again'));
    await settle();
    const alert = root.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('We could not reach the help desk. Nothing you typed was lost.');
    expect(alert.textContent).not.toMatch(/502|upstream|Something went wrong/);
    expect(button(alert, 'Try again')).not.toBeNull();
  });

  it('sends a number field as a number, as the server requires', async () => {
    const calls = scriptedFetch((m, p) =>
      m === 'POST' && p === '/tickets' ? { status: 201, body: created } : undefined,
    );
    const s = makeStore({
      tenant: { customFields: [{ key: 'order', label: 'Order number', type: 'number', required: false, options: [] }] },
    });
    const root = await mount(<TicketForm s={s} />);
    await fillForm(root);
    await type(byLabel(root, 'Order number'), '4711');
    await click(button(root, 'Send'));
    await settle();
    expect(calls.find((c) => c.path === '/tickets')!.body).toMatchObject({ customFields: { order: 4711 } });
    s.dispose();
  });
});
