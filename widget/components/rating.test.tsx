// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { resolveTheme } from '../config.ts';
import type { Ticket } from '../api.ts';
import {
  button,
  byLabel,
  click,
  FakeEventSource,
  makeStore,
  mount,
  PAGE,
  scriptedFetch,
  settle,
  TENANT,
  type,
  widgetTicket,
  type Reply,
} from '../test-support.ts';

const theme = resolveTheme(PAGE, TENANT);
const NOW = () => new Date().toISOString();
const agentSaid = {
  id: 'm1',
  ticketId: 'tkt_1',
  body: 'A new zip is on its way.',
  author: { type: 'agent' as const, name: 'Dana' },
  attachments: [],
  createdAt: '2026-01-01T00:00:00Z',
};

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

/** The visitor's thread of tkt_1 open in the panel; `ticket()` is what GET /tickets answers now, `rate` the rating call. */
async function openThread(opts: { ticket: () => Ticket; rate?: (body: unknown) => Reply; csat?: boolean }) {
  const calls = scriptedFetch((m, p, body) => {
    if (p === '/tickets') return { body: { data: [opts.ticket()] } };
    if (m === 'POST' && p === '/tickets/tkt_1/rating') return opts.rate?.(body);
  });
  const s = makeStore({ token: 'hd_vt_1', tenant: opts.csat === false ? {} : { csat: true } });
  const root = await mount(<App s={s} theme={theme} />);
  await act(() => s.start());
  await settle();
  await act(() => {
    s.threadId.value = 'tkt_1';
    s.open();
    s.go('thread');
  });
  await settle();
  return { s, root, calls };
}

const question = (root: HTMLElement) => root.querySelector('section[aria-labelledby="hd-rate"]');

describe('"How did we do?" in the thread', () => {
  it('appears live when the ticket is resolved, sends Good with the comment, thanks the visitor and moves focus there', async () => {
    let tk = widgetTicket({ messages: [agentSaid], updatedAt: NOW() });
    let posted: unknown;
    const { root, calls } = await openThread({
      ticket: () => tk,
      rate: (body) => {
        posted = body;
        return { status: 201, body: { rating: 'good', comment: 'Quick and kind', ratedAt: NOW() } };
      },
    });
    expect(question(root)).toBeNull();
    const focused = document.activeElement;

    // The agent resolves it: the visitor's stream says so and the thread re-reads the ticket.
    tk = { ...tk, status: 'resolved', updatedAt: NOW() };
    FakeEventSource.opened.at(-1)!.push('ticket.updated', { ...tk, messages: undefined });
    await settle(120);
    const q = question(root)!;
    expect(q).not.toBeNull();
    expect(root.querySelector('#hd-rate')!.textContent).toBe('How did we do?');
    // Appearing never takes focus from what the visitor was doing.
    expect(document.activeElement).toBe(focused);
    const note = byLabel(q, 'Comment')!;
    expect(note.tagName).toBe('TEXTAREA');
    expect(q.querySelector('label')!.textContent).toBe('Comment (optional)');
    expect(button(q, 'Good')).not.toBeNull();
    expect(button(q, 'Bad')).not.toBeNull();

    await type(note, '  Quick and kind ');
    await click(button(q, 'Good'));
    await settle(60);
    expect(posted).toEqual({ rating: 'good', comment: 'Quick and kind' });
    expect(calls.find((c) => c.path === '/tickets/tkt_1/rating')!.headers.Authorization).toBe('Bearer hd_vt_1');
    expect(question(root)).toBeNull();
    const thanks = root.querySelector('p.ok')!;
    expect(thanks.textContent).toBe('Thanks for your rating: Good Quick and kind');
    expect(document.activeElement).toBe(thanks);
    expect(root.querySelector('[role=status]')!.textContent).toBe('Thanks for your rating: Good');
  });

  it('after a reload shows the rating already given, with no buttons; a rating without comment sends none', async () => {
    const rated = widgetTicket({
      status: 'closed',
      updatedAt: NOW(),
      satisfaction: { rating: 'bad', comment: null, ratedAt: NOW() },
    });
    const { root } = await openThread({ ticket: () => rated });
    expect(question(root)).toBeNull();
    expect(root.querySelector('p.ok')!.textContent).toBe('Thanks for your rating: Bad');
    expect(button(root, 'Good')).toBeNull();

    document.body.innerHTML = '';
    let posted: unknown;
    const { root: r2 } = await openThread({
      ticket: () => widgetTicket({ status: 'resolved', updatedAt: NOW() }),
      rate: (body) => {
        posted = body;
        return { status: 201, body: { rating: 'bad', comment: null, ratedAt: NOW() } };
      },
    });
    await click(button(question(r2)!, 'Bad'));
    await settle();
    expect(posted).toEqual({ rating: 'bad' });
    expect(r2.querySelector('p.ok')!.textContent).toBe('Thanks for your rating: Bad');
  });

  it('a refusal shows the rating the server already has, or says why and keeps the comment', async () => {
    let tk = widgetTicket({ status: 'resolved', updatedAt: NOW() });
    let answer: Reply = {
      status: 409,
      body: { title: 'Conflict', status: 409, detail: 'The ticket is not resolved.' },
      headers: { 'content-type': 'application/problem+json' },
    };
    const { root } = await openThread({ ticket: () => tk, rate: () => answer });
    await type(byLabel(question(root)!, 'Comment'), 'Still broken');
    await click(button(question(root)!, 'Good'));
    await settle();
    expect(root.querySelector('section [role=alert]')!.textContent).toBe(
      'Something went wrong: The ticket is not resolved.',
    );
    expect(byLabel(question(root)!, 'Comment')!.value).toBe('Still broken');

    // Rated meanwhile (from the resolved mail's link): the re-read after the refusal shows that rating.
    tk = { ...tk, satisfaction: { rating: 'good', comment: 'From the mail', ratedAt: NOW() } };
    answer = { status: 409, body: { title: 'Conflict', status: 409, detail: 'Rated already.' } };
    await click(button(question(root)!, 'Bad'));
    await settle();
    expect(question(root)).toBeNull();
    expect(root.querySelector('p.ok')!.textContent).toContain('Thanks for your rating: Good');
    expect(root.querySelector('p.ok')!.textContent).toContain('From the mail');
  });

  it('is not asked when the tenant has CSAT off, while the ticket is open, or a week after it was resolved', async () => {
    const { root } = await openThread({
      csat: false,
      ticket: () => widgetTicket({ status: 'resolved', updatedAt: NOW() }),
    });
    expect(root.querySelector('.thread')).not.toBeNull();
    expect(question(root)).toBeNull();

    for (const tk of [
      widgetTicket({ status: 'pending', updatedAt: NOW() }),
      widgetTicket({ status: 'resolved', updatedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() }),
    ]) {
      document.body.innerHTML = '';
      const { root: r } = await openThread({ ticket: () => tk });
      expect(r.querySelector('.thread')).not.toBeNull();
      expect(question(r)).toBeNull();
    }
  });
});
