// Retries: lost answers and 5xx are retried with one Idempotency-Key per logical POST; 429 waits as the server asks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdesk, HelpdeskError, serverDelayMs } from '../src/index.ts';
import { newTicket, recordingSleep, startLiveServer, type LiveServer } from './support.ts';

let live: LiveServer;
beforeEach(async () => {
  live = await startLiveServer();
});
afterEach(async () => {
  await live.close();
});

const ticketCount = async () =>
  (await live.h.json('GET', '/api/v1/tickets?limit=100', live.tenant.as)).body.data.length as number;

/** Lets the server process the first POST, then drops its answer as a broken connection would. */
function dropFirstAnswer() {
  const keys: (string | null)[] = [];
  let dropped = false;
  const fetchImpl = async (request: Request) => {
    keys.push(request.headers.get('idempotency-key'));
    const response = await fetch(request);
    if (request.method === 'POST' && !dropped) {
      dropped = true;
      await response.arrayBuffer();
      throw new TypeError('fetch failed');
    }
    return response;
  };
  return { keys, fetchImpl };
}

describe('idempotent retries', () => {
  it('a POST whose answer was lost is sent again with the same Idempotency-Key and creates one ticket', async () => {
    const { keys, fetchImpl } = dropFirstAnswer();
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey, fetch: fetchImpl, sleep });

    const { data: ticket, response } = await hd.POST('/api/v1/tickets', { body: newTicket('Lost answer') });

    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    expect(ticket.subject).toBe('Lost answer');
    expect(waits).toHaveLength(1);
    expect(await ticketCount()).toBe(1);
  });

  it("keeps the caller's own Idempotency-Key", async () => {
    const { keys, fetchImpl } = dropFirstAnswer();
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      fetch: fetchImpl,
      sleep: recordingSleep().sleep,
    });
    await hd.POST('/api/v1/tickets', { body: newTicket('Mine'), headers: { 'Idempotency-Key': 'order-4711' } });
    expect(keys).toEqual(['order-4711', 'order-4711']);
    expect(await ticketCount()).toBe(1);
  });

  it('two logical calls get two keys and create two tickets', async () => {
    const keys: (string | null)[] = [];
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      fetch: (request) => {
        keys.push(request.headers.get('idempotency-key'));
        return fetch(request);
      },
    });
    await hd.POST('/api/v1/tickets', { body: newTicket('Same body') });
    await hd.POST('/api/v1/tickets', { body: newTicket('Same body') });
    expect(new Set(keys).size).toBe(2);
    expect(await ticketCount()).toBe(2);
  });

  it('a GET carries no Idempotency-Key', async () => {
    const keys: (string | null)[] = [];
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      fetch: (request) => {
        keys.push(request.headers.get('idempotency-key'));
        return fetch(request);
      },
    });
    await hd.GET('/api/v1/tickets');
    expect(keys).toEqual([null]);
  });

  it('a 503 is retried with the same key and the body sent again', async () => {
    const seen: { key: string | null; body: string }[] = [];
    let first = true;
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      sleep: recordingSleep().sleep,
      fetch: async (request) => {
        seen.push({ key: request.headers.get('idempotency-key'), body: await request.clone().text() });
        if (first) {
          first = false;
          return Response.json(
            { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'restarting' },
            { status: 503 },
          );
        }
        return fetch(request);
      },
    });
    const { data } = await hd.POST('/api/v1/tickets', { body: newTicket('After 503') });
    expect(data.subject).toBe('After 503');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(JSON.parse(seen[1].body).subject).toBe('After 503');
  });

  it('gives up after maxAttempts and throws the network error', async () => {
    let calls = 0;
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      maxAttempts: 4,
      baseDelayMs: 100,
      random: () => 1,
      sleep,
      fetch: async () => {
        calls++;
        throw new TypeError('fetch failed');
      },
    });
    await expect(hd.GET('/api/v1/tickets')).rejects.toThrow('fetch failed');
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('does not retry a 4xx other than 429', async () => {
    let calls = 0;
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      sleep,
      fetch: (request) => {
        calls++;
        return fetch(request);
      },
    });
    await expect(hd.POST('/api/v1/tickets', { body: { subject: '' } as never })).rejects.toMatchObject({ status: 422 });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('does not retry an aborted request', async () => {
    let calls = 0;
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      sleep: recordingSleep().sleep,
      fetch: (request) => {
        calls++;
        return fetch(request);
      },
    });
    await expect(hd.GET('/api/v1/tickets', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(calls).toBe(1);
  });
});

describe('rate limits', () => {
  /** Fills this API key's window on the real server, as 600 requests in a minute would. */
  async function exhaustRateLimit(hd: ReturnType<typeof createHelpdesk>) {
    const { data: me } = await hd.GET('/api/v1/me');
    const key = `api:key:${me.apiKeyId}`;
    while ((await live.h.deps.limiter.hit(key, 600, 60_000)).allowed);
    return key;
  }

  it("waits the server's Retry-After on a 429, then succeeds", async () => {
    const retryAfter: (string | null)[] = [];
    let key = '';
    const { sleep, waits } = recordingSleep(() => void live.h.deps.limiter.reset(key)); // the window passes while we sleep
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      sleep,
      fetch: async (request) => {
        const response = await fetch(request);
        retryAfter.push(response.headers.get('retry-after'));
        return response;
      },
    });
    key = await exhaustRateLimit(hd);
    retryAfter.length = 0;

    const { data } = await hd.GET('/api/v1/tickets');

    expect(data.data).toEqual([]);
    expect(retryAfter).toHaveLength(2);
    expect(Number(retryAfter[0])).toBeGreaterThan(0);
    expect(waits).toEqual([Number(retryAfter[0]) * 1000]);
  });

  it('throws the 429 as a HelpdeskError once maxAttempts are used up', async () => {
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey, sleep, maxAttempts: 2 });
    await exhaustRateLimit(hd);
    const err = await hd.GET('/api/v1/tickets').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelpdeskError);
    expect(err).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect((err as HelpdeskError).problem.retryAfter).toBeGreaterThan(0);
    expect((err as HelpdeskError).headers.get('ratelimit-remaining')).toBe('0');
    expect(waits).toHaveLength(1);
  });

  it('does not wait longer than maxDelayMs: the 429 is thrown at once', async () => {
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey, sleep, maxDelayMs: 500 });
    await exhaustRateLimit(hd);
    await expect(hd.GET('/api/v1/tickets')).rejects.toMatchObject({ status: 429 });
    expect(waits).toEqual([]);
  });

  it('falls back to RateLimit-Reset when there is no Retry-After', async () => {
    let calls = 0;
    const { sleep, waits } = recordingSleep();
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      sleep,
      fetch: async (request) => {
        if (calls++ === 0) return new Response(null, { status: 429, headers: { 'RateLimit-Reset': '7' } });
        return fetch(request);
      },
    });
    await hd.GET('/api/v1/tickets');
    expect(waits).toEqual([7000]);
  });
});

describe('serverDelayMs', () => {
  it('reads Retry-After as seconds or as an HTTP date, then RateLimit-Reset', () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    expect(serverDelayMs(new Headers({ 'Retry-After': '3' }), now)).toBe(3000);
    expect(serverDelayMs(new Headers({ 'Retry-After': 'Mon, 02 Mar 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(serverDelayMs(new Headers({ 'Retry-After': 'Mon, 02 Mar 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(serverDelayMs(new Headers({ 'RateLimit-Reset': '12' }), now)).toBe(12_000);
    expect(serverDelayMs(new Headers({ 'Retry-After': '2', 'RateLimit-Reset': '12' }), now)).toBe(2000);
    expect(serverDelayMs(new Headers({ 'Retry-After': 'soon' }), now)).toBeNull();
    expect(serverDelayMs(new Headers(), now)).toBeNull();
  });
});
