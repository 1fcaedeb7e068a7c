// Queue state beyond the list: bulk changes over many tickets, "select all matching", and what counts as unread.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Q from './queue.ts';
import { me } from './session.ts';
import { route, parseHash } from './router.ts';
import type { Me, Ticket } from '../types.ts';
import type { LiveEvent } from './events.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `tkt_${i + from}`);
let calls: { method: string; url: string; body: any }[];

function serve(handler: (method: string, url: URL, body: any) => Response) {
  calls = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url: input, body });
    return handler(method, new URL(input, 'http://inbox.test'), body);
  });
}

beforeEach(() => {
  Q.checked.value = new Set();
  Q.matching.value = null;
  Q.changed.value = new Set();
});
afterEach(() => vi.unstubAllGlobals());

describe('bulk changes', () => {
  it('sends 100 tickets per call, and leaves the unchanged ones ticked when a call fails part way', async () => {
    serve((method, url, body) => {
      if (method === 'POST' && url.pathname === '/api/v1/tickets/bulk') {
        if (body.ids.includes('tkt_150'))
          return json(422, { title: 'Unprocessable', detail: 'A ticket has at most 20 tags.', errors: [] });
        return json(200, { data: body.ids.map((id: string) => ({ id, updatedAt: '2026-01-01T00:00:00.000Z' })) });
      }
      return json(200, { data: [], nextCursor: null, open: 0 });
    });
    Q.checked.value = new Set(ids(250));
    const error = await Q.bulkUpdate({ addTags: ['x'] }).catch((e) => e);
    expect(error).toBeInstanceOf(Q.PartialBulkError);
    expect(error.message).toMatch(
      /^Changed 100 of 250 tickets, then: A ticket has at most 20 tags\. The other 150 are unchanged/,
    );
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.body.ids.length)).toEqual([100, 100]);
    expect([...Q.checked.value]).toEqual(ids(150, 100));
  });

  it('clears the selection after every ticket changed', async () => {
    serve((method, _url, body) =>
      method === 'POST'
        ? json(200, { data: body.ids.map((id: string) => ({ id, updatedAt: 'x' })) })
        : json(200, { data: [], nextCursor: null }),
    );
    Q.checked.value = new Set(ids(3));
    expect(await Q.bulkUpdate({ priority: 'high' })).toBe(3);
    expect(Q.checked.value.size).toBe(0);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ ids: ids(3), changes: { priority: 'high' } });
  });
});

describe('select all matching', () => {
  it('pages through every ticket of the current view and filters', async () => {
    serve((_m, url) => {
      expect(url.searchParams.get('view')).toBe('open');
      expect(url.searchParams.get('tag')).toBe('vip');
      const page = url.searchParams.get('cursor') ? 1 : 0;
      return json(200, {
        data: ids(page ? 37 : 100, page * 100).map((id) => ({ id })),
        nextCursor: page ? null : 'c1',
      });
    });
    Q.view.value = 'open';
    Q.filters.value = { priority: '', tag: 'vip', assignee: '', q: '', sort: 'updated' };
    await Q.checkAllMatching();
    expect(Q.checked.value.size).toBe(137);
    expect(Q.matching.value).toEqual({ total: 137, capped: false });
  });

  it(`stops at ${Q.MATCHING_LIMIT} tickets and says there are more`, async () => {
    let n = 0;
    serve(() => json(200, { data: ids(100, 100 * n++).map((id) => ({ id })), nextCursor: 'more' }));
    await Q.checkAllMatching();
    expect(Q.checked.value.size).toBe(Q.MATCHING_LIMIT);
    expect(Q.matching.value).toEqual({ total: Q.MATCHING_LIMIT, capped: true });
    expect(calls).toHaveLength(Q.MATCHING_LIMIT / 100);
  });

  it('a new view or filter drops the selection, so nothing unseen is changed', () => {
    serve(() => json(200, { data: [], nextCursor: null }));
    Q.checked.value = new Set(ids(5));
    Q.matching.value = { total: 5, capped: false };
    Q.setView('pending');
    expect(Q.checked.value.size).toBe(0);
    expect(Q.matching.value).toBeNull();
  });
});

describe('unread', () => {
  it("counts a colleague's change, not the echo of my own or the ticket I am looking at", () => {
    me.value = { agent: { id: 'agt_me' } } as Me;
    route.value = parseHash('#/tickets');
    Q.rememberOwnChanges([{ id: 'tkt_1', updatedAt: '2026-01-01T10:00:00.000Z' }] as Ticket[]);
    const updated = (updatedAt: string) => ({ type: 'ticket.updated', data: { id: 'tkt_1', updatedAt } }) as LiveEvent;
    const message = (author: { type: string; id: string }) =>
      ({ type: 'message.created', data: { ticketId: 'tkt_2', message: { author } } }) as LiveEvent;
    expect(Q.isNews(updated('2026-01-01T10:00:00.000Z'), 'tkt_1')).toBe(false);
    expect(Q.isNews(updated('2026-01-01T10:05:00.000Z'), 'tkt_1')).toBe(true);
    expect(Q.isNews(message({ type: 'agent', id: 'agt_me' }), 'tkt_2')).toBe(false);
    expect(Q.isNews(message({ type: 'customer', id: 'cus_1' }), 'tkt_2')).toBe(true);
    route.value = parseHash('#/tickets/tkt_2');
    expect(Q.isNews(message({ type: 'customer', id: 'cus_1' }), 'tkt_2')).toBe(false);
  });
});

describe('unread, when one change arrives as several events', () => {
  const T = '2026-01-01T11:00:00.000Z';
  const reply = (ticketId: string, createdAt: string) =>
    ({
      type: 'message.created',
      data: { ticketId, message: { author: { type: 'agent', id: 'agt_colleague' }, createdAt } },
    }) as LiveEvent;
  const updated = (id: string, updatedAt: string) => ({ type: 'ticket.updated', data: { id, updatedAt } }) as LiveEvent;

  it("a colleague's first reply (message, then the ticket's update, one stamp) stays read once looked at", () => {
    me.value = { agent: { id: 'agt_me' } } as Me;
    route.value = parseHash('#/tickets');
    Q.takeLiveEvent(reply('tkt_r1', T));
    expect([...Q.changed.value]).toEqual(['tkt_r1']);
    Q.select('tkt_r1');
    expect(Q.changed.value.size).toBe(0);
    // The same change's second event lands after the agent looked: not news.
    Q.takeLiveEvent(updated('tkt_r1', T));
    expect(Q.changed.value.size).toBe(0);
    // A later change is.
    Q.takeLiveEvent(updated('tkt_r1', '2026-01-01T11:00:01.000Z'));
    expect([...Q.changed.value]).toEqual(['tkt_r1']);
  });

  it('the echo of my own change that beats the answer to my request is taken back when the answer comes', () => {
    me.value = { agent: { id: 'agt_me' } } as Me;
    route.value = parseHash('#/tickets');
    Q.takeLiveEvent(updated('tkt_r3', T));
    Q.takeLiveEvent(updated('tkt_r4', T));
    Q.takeLiveEvent(reply('tkt_r4', '2026-01-01T11:00:05.000Z'));
    expect(Q.changed.value.size).toBe(2);
    Q.rememberOwnChanges([
      { id: 'tkt_r3', updatedAt: T },
      { id: 'tkt_r4', updatedAt: T },
    ]);
    // tkt_r3's only news was my echo; tkt_r4 also has a colleague's later reply.
    expect([...Q.changed.value]).toEqual(['tkt_r4']);
  });

  it('the late half of a change seen with the ticket open does not count after leaving it', () => {
    me.value = { agent: { id: 'agt_me' } } as Me;
    route.value = parseHash('#/tickets/tkt_r2');
    Q.takeLiveEvent(reply('tkt_r2', T));
    route.value = parseHash('#/tickets');
    Q.takeLiveEvent(updated('tkt_r2', T));
    expect(Q.changed.value.size).toBe(0);
  });
});

describe('search', () => {
  const none = { priority: '', tag: '', assignee: '', sort: 'updated' };

  it("covers every ticket whatever the view, until the agent keeps the view's chip", () => {
    expect(Q.queryFor('mine', { ...none, q: '' })).toEqual({ view: 'mine', sort: 'updated' });
    expect(Q.queryFor('mine', { ...none, q: ' buckle ' })).toEqual({ q: 'buckle', sort: 'updated' });
    expect(Q.queryFor('mine', { ...none, q: 'buckle' }, true)).toEqual({
      view: 'mine',
      q: 'buckle',
      sort: 'updated',
    });
    // outside a view with an assignee, the assignee filter applies to the search
    expect(Q.queryFor('mine', { ...none, assignee: 'unassigned', q: '#4' })).toEqual({
      q: '#4',
      assignee: 'unassigned',
      sort: 'updated',
    });
  });

  it('starts each search over everything; picking a view while searching narrows it; clearing goes back to the view', () => {
    serve(() => json(200, { data: [], nextCursor: null }));
    Q.filters.value = { ...none, q: '' };
    Q.setView('pending');
    Q.setFilters({ q: 'buckle' });
    expect(Q.keepView.value).toBe(false);
    expect(new URL(calls.at(-1)!.url, 'http://inbox.test').searchParams.get('view')).toBeNull();
    Q.setView('open');
    expect(Q.keepView.value).toBe(true);
    expect(new URL(calls.at(-1)!.url, 'http://inbox.test').searchParams.get('view')).toBe('open');
    Q.setFilters({ q: 'zipper' });
    expect(Q.keepView.value).toBe(false);
    Q.setFilters({ q: '' });
    expect(new URL(calls.at(-1)!.url, 'http://inbox.test').searchParams.get('view')).toBe('open');
  });

  it('counts the matches, paging ids when there is more than one page', async () => {
    serve((_m, url) => {
      expect(url.searchParams.get('q')).toBe('order');
      const cursor = url.searchParams.get('cursor');
      if (!cursor) {
        const limit = Number(url.searchParams.get('limit'));
        return json(200, { data: ids(limit).map((id) => ({ id })), nextCursor: 'p1' });
      }
      return json(200, {
        data: ids(cursor === 'p1' ? 100 : 20, 100).map((id) => ({ id })),
        nextCursor: cursor === 'p1' ? 'p2' : null,
      });
    });
    Q.filters.value = { ...none, q: 'order' };
    Q.keepView.value = false;
    await Q.loadQueue();
    await vi.waitFor(() => expect(Q.searchCount.value).toEqual({ total: 145, capped: false }));

    serve(() => json(200, { data: ids(3).map((id) => ({ id })), nextCursor: null }));
    Q.filters.value = { ...none, q: 'tent' };
    await Q.loadQueue();
    expect(Q.searchCount.value).toEqual({ total: 3, capped: false });
    expect(calls).toHaveLength(1);
  });
});
