import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi } from './api.ts';
import { scriptedFetch } from './test-support.ts';

afterEach(() => vi.unstubAllGlobals());

describe('widget API client', () => {
  it('sends the publishable key on every call and the visitor token once there is one', async () => {
    const calls = scriptedFetch(() => ({ body: { data: [] } }));
    let token: string | null = null;
    const api = createApi('https://help.example', 'hd_pk_abc', () => token);
    await api.search('reset password', 'en', 'sess_12345678');
    token = 'hd_vt_1';
    await api.tickets();
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: '/kb/search?q=reset%20password&locale=en&session=sess_12345678',
    });
    expect(calls[0].headers).toEqual({ 'X-Widget-Key': 'hd_pk_abc' });
    expect(calls[1].headers).toMatchObject({ 'X-Widget-Key': 'hd_pk_abc', Authorization: 'Bearer hd_vt_1' });
  });

  it('posts JSON bodies in the contract shapes', async () => {
    const calls = scriptedFetch(() => ({ status: 201, body: { ticket: { id: 'tkt_1' }, visitorToken: 'hd_vt_2' } }));
    const api = createApi('https://help.example', 'hd_pk_abc', () => null);
    const res = await api.createTicket({
      subject: 'Broken zip',
      message: 'It broke',
      email: 'a@b.co',
      website: '',
      elapsedMs: 4000,
    });
    expect(res.visitorToken).toBe('hd_vt_2');
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/tickets',
      body: { subject: 'Broken zip', message: 'It broke', email: 'a@b.co', website: '', elapsedMs: 4000 },
    });
    expect(calls[0].headers['Content-Type']).toBe('application/json');
  });

  it('turns a 429 into an error carrying Retry-After in seconds', async () => {
    scriptedFetch(() => ({
      status: 429,
      headers: { 'retry-after': '42' },
      body: { title: 'Too Many Requests', status: 429, detail: 'Slow down' },
    }));
    const err = await createApi('https://help.example', 'hd_pk_abc', () => null)
      .tickets()
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, retryAfter: 42, message: 'Slow down' });
  });

  it('keeps the per-field errors of a 422 problem', async () => {
    scriptedFetch(() => ({
      status: 422,
      body: { title: 'Invalid', status: 422, errors: [{ path: 'email', message: 'Invalid email' }] },
    }));
    const err = await createApi('https://help.example', 'hd_pk_abc', () => null)
      .reply('tkt_1', 'x')
      .catch((e) => e);
    expect(err).toMatchObject({ status: 422, errors: [{ path: 'email', message: 'Invalid email' }] });
  });

  it('reports a failed network as status 0, not as a thrown TypeError', async () => {
    scriptedFetch(() => 'offline');
    const err = await createApi('https://help.example', 'hd_pk_abc', () => null)
      .article('a b', 'sess_12345678')
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(0);
  });

  it('puts key, token and the last event id in the stream URL, since EventSource cannot send headers', () => {
    const api = createApi('https://help.example', 'hd_pk_abc', () => 'hd_vt_1');
    expect(api.eventsUrl()).toBe('https://help.example/api/v1/widget/events?key=hd_pk_abc&token=hd_vt_1');
    expect(api.eventsUrl('17')).toBe(
      'https://help.example/api/v1/widget/events?key=hd_pk_abc&token=hd_vt_1&lastEventId=17',
    );
  });
});
