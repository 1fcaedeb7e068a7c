// Every answer carries its request id, whatever made it: a handler's JSON, a problem, a 204, a stream, a page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup();
});
afterEach(() => h.close());

const idOf = (r: Response) => r.headers.get('x-request-id');

describe('request id on every answer', () => {
  it('is set on JSON answers, problems, empty answers, unknown paths and pages', async () => {
    const answers = [
      await h.req('GET', '/api/v1/me', t.as),
      await h.req('GET', '/api/v1/me'), // 401 problem
      await h.req('GET', '/api/v1/no-such-route', t.as), // 404
      await h.req('GET', '/api/openapi.json'),
      await h.req('GET', '/embed.js'),
      await h.req('POST', '/api/v1/auth/logout', { cookie: t.cookie }), // 204
    ];
    for (const r of answers) expect(idOf(r), `${r.status} ${r.url}`).toMatch(/^req_[0-9a-f]{32}$/);
    expect(new Set(answers.map(idOf)).size).toBe(answers.length);
  });

  it('echoes a well-formed incoming id and keeps the answer intact', async () => {
    const r = await h.json('GET', '/api/v1/me', { ...t.as, headers: { 'x-request-id': 'trace-1234.abc' } });
    expect(idOf(r.res)).toBe('trace-1234.abc');
    expect(r.body.tenant.id).toBe(t.tenant.id);
    expect(r.res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('still refuses an API body over 1 MB with 413, while a GET needs no body check', async () => {
    const big = JSON.stringify({ subject: 'x', message: 'y'.repeat(1024 * 1024 + 10), requester: { email: 'a@b.co' } });
    const r = await h.req('POST', '/api/v1/tickets', {
      ...t.as,
      rawBody: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(idOf(r)).toMatch(/^req_/);
    expect((await h.req('GET', '/api/v1/tickets', t.as)).status).toBe(200);
  });
});
