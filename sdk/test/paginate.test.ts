// hd.paginate(): every item of a list, following nextCursor across pages, filters kept on every page.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHelpdesk, HelpdeskError } from '../src/index.ts';
import { newTicket, startLiveServer, type LiveServer } from './support.ts';

let live: LiveServer;
beforeEach(async () => {
  live = await startLiveServer();
});
afterEach(async () => {
  await live.close();
});

/** A client whose requests are remembered, to see the pages it asked for. */
function spiedClient() {
  const urls: URL[] = [];
  const hd = createHelpdesk({
    baseUrl: live.baseUrl,
    apiKey: live.apiKey,
    fetch: (request) => {
      urls.push(new URL(request.url));
      return fetch(request);
    },
  });
  return { hd, urls };
}

it('iterates every ticket once, in order, over several pages', async () => {
  const { hd, urls } = spiedClient();
  const ids: string[] = [];
  for (let i = 1; i <= 7; i++) ids.push((await hd.POST('/api/v1/tickets', { body: newTicket(`Ticket ${i}`) })).data.id);
  urls.length = 0;

  const seen: string[] = [];
  for await (const t of hd.paginate('/api/v1/tickets', {
    params: { query: { limit: 3, sort: 'created', order: 'asc' } },
  }))
    seen.push(t.id);

  expect(seen).toEqual(ids);
  expect(urls).toHaveLength(3);
  expect(urls.map((u) => u.searchParams.get('limit'))).toEqual(['3', '3', '3']);
  expect(urls[0].searchParams.has('cursor')).toBe(false);
  expect(urls[1].searchParams.get('cursor')).toMatch(/\S/);
  expect(urls[2].searchParams.get('cursor')).not.toBe(urls[1].searchParams.get('cursor'));
});

it('keeps the filters on every page', async () => {
  const { hd, urls } = spiedClient();
  const open: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const { data } = await hd.POST('/api/v1/tickets', { body: newTicket(`Ticket ${i}`) });
    if (i % 4 === 0)
      await hd.PATCH('/api/v1/tickets/{id}', { params: { path: { id: data.id } }, body: { status: 'resolved' } });
    else open.push(data.id);
  }
  urls.length = 0;

  const seen: string[] = [];
  for await (const t of hd.paginate('/api/v1/tickets', { params: { query: { status: 'open', limit: 2 } } })) {
    expect(t.status).toBe('open');
    seen.push(t.id);
  }

  expect(seen.sort()).toEqual(open.sort());
  expect(urls.length).toBeGreaterThanOrEqual(3);
  expect(urls.every((u) => u.searchParams.get('status') === 'open')).toBe(true);
});

it('stops early when the caller breaks out, asking for no further page', async () => {
  const { hd, urls } = spiedClient();
  for (let i = 1; i <= 5; i++) await hd.POST('/api/v1/tickets', { body: newTicket(`Ticket ${i}`) });
  urls.length = 0;
  let n = 0;
  for await (const _ of hd.paginate('/api/v1/tickets', { params: { query: { limit: 2 } } })) if (++n === 3) break;
  expect(urls).toHaveLength(2);
});

it('an empty list yields nothing after one request', async () => {
  const { hd, urls } = spiedClient();
  const items = [];
  for await (const c of hd.paginate('/api/v1/customers')) items.push(c);
  expect(items).toEqual([]);
  expect(urls).toHaveLength(1);
});

it('a refused page throws a HelpdeskError from the loop', async () => {
  const { hd } = spiedClient();
  const run = async () => {
    for await (const _ of hd.paginate('/api/v1/tickets', { params: { query: { cursor: 'garbage' } } })) void _;
  };
  await expect(run()).rejects.toBeInstanceOf(HelpdeskError);
  await expect(run()).rejects.toMatchObject({ status: 400 });
});

it('a server that answers the cursor it was given again ends with an error instead of looping', async () => {
  const page = { data: [{ id: 'tkt_1' }], nextCursor: 'same' };
  const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey, fetch: async () => Response.json(page) });
  const seen: unknown[] = [];
  const run = async () => {
    for await (const t of hd.paginate('/api/v1/tickets')) seen.push(t);
  };
  await expect(run()).rejects.toThrow(/same cursor/);
  expect(seen).toHaveLength(2);
});
