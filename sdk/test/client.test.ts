// The client against the real server on a real port: API-key auth, typed answers, HelpdeskError on every refusal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHelpdesk, HelpdeskError } from '../src/index.ts';
import { newTicket, startLiveServer, type LiveServer } from './support.ts';

let live: LiveServer;
beforeEach(async () => {
  live = await startLiveServer();
});
afterEach(async () => {
  await live.close();
});

async function caught(p: Promise<unknown>): Promise<HelpdeskError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HelpdeskError);
  return err as HelpdeskError;
}

describe('auth', () => {
  it('sends the API key as a bearer token: the server sees the key and its tenant', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const { data: me } = await hd.GET('/api/v1/me');
    expect(me.apiKeyId).toMatch(/\S/);
    expect(me.agent).toBeNull();
    expect(me.tenant.id).toBe(live.tenant.tenant.id);
  });

  it('a wrong key is a 401 HelpdeskError with the problem details', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: 'hd_sk_not-a-real-key' });
    const err = await caught(hd.GET('/api/v1/tickets'));
    expect(err.status).toBe(401);
    expect(err.type).toMatch(/^https:\/\//);
    expect(err.title).toBe('Unauthorized');
    expect(err.detail).toMatch(/\S/);
    expect(err.requestId).toMatch(/\S/);
    expect(err.message).toContain('401');
  });

  it('refuses to build a client without a base URL or a key', () => {
    expect(() => createHelpdesk({ baseUrl: live.baseUrl, apiKey: '' })).toThrow(/apiKey/);
    expect(() => createHelpdesk({ baseUrl: '', apiKey: live.apiKey })).toThrow(/baseUrl/);
  });
});

describe('typed calls', () => {
  it('creates, reads and updates a ticket with path params and bodies', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const { data: created, response } = await hd.POST('/api/v1/tickets', { body: newTicket('Printer on fire') });
    expect(response.status).toBe(201);
    expect(created).toMatchObject({ subject: 'Printer on fire', status: 'open' });
    const { data: patched } = await hd.PATCH('/api/v1/tickets/{id}', {
      params: { path: { id: created.id } },
      body: { priority: 'urgent' },
    });
    expect(patched.priority).toBe('urgent');
    const { data: read } = await hd.GET('/api/v1/tickets/{id}', { params: { path: { id: created.id } } });
    expect(read).toMatchObject({ id: created.id, number: created.number, priority: 'urgent' });
  });
});

describe('errors', () => {
  it('a validation failure is a 422 HelpdeskError listing each bad field', async () => {
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const err = await caught(
      hd.POST('/api/v1/tickets', { body: { ...newTicket('x'), requester: { email: 'not-an-email' } } }),
    );
    expect(err.status).toBe(422);
    expect(err.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'requester.email' })]));
    expect(err.problem.status).toBe(422);
  });

  it("another tenant's ticket is a 404 HelpdeskError, not its data", async () => {
    const other = await live.h.signup();
    const theirs = createHelpdesk({ baseUrl: live.baseUrl, apiKey: await other.apiKey() });
    const { data: ticket } = await theirs.POST('/api/v1/tickets', { body: newTicket('Private') });
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: live.apiKey });
    const err = await caught(hd.GET('/api/v1/tickets/{id}', { params: { path: { id: ticket.id } } }));
    expect(err.status).toBe(404);
    expect(err.detail).not.toContain('Private');
  });

  it('a key without the scope is a 403 HelpdeskError', async () => {
    const readOnly = await live.tenant.apiKey(['tickets:read']);
    const hd = createHelpdesk({ baseUrl: live.baseUrl, apiKey: readOnly });
    const err = await caught(hd.POST('/api/v1/tickets', { body: newTicket('Nope') }));
    expect(err.status).toBe(403);
    expect(err.title).toBe('Forbidden');
  });

  it('an answer that is not problem+json still becomes a HelpdeskError with its status and text', async () => {
    const hd = createHelpdesk({
      baseUrl: live.baseUrl,
      apiKey: live.apiKey,
      maxAttempts: 1,
      fetch: async () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    });
    const err = await caught(hd.GET('/api/v1/tickets'));
    expect(err).toMatchObject({
      status: 502,
      type: 'about:blank',
      title: 'Bad Gateway',
      detail: '<html>Bad gateway</html>',
      errors: [],
    });
  });
});
