// Changing your own password: the current one must be right; other devices are signed out, this one stays.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness, type SignedUp } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
const CURRENT = 'correct horse battery';
const NEW = 'a brand new passphrase';
beforeEach(async () => {
  h = await createHarness();
  t = await h.signup({ email: 'owner@example.com', password: CURRENT });
});
afterEach(() => h.close());

const login = (password: string, email = 'owner@example.com') =>
  h.json('POST', '/api/v1/auth/login', { body: { email, password } });
const change = (cookie: string, currentPassword: string, newPassword = NEW) =>
  h.json('POST', '/api/v1/me/password', { cookie, body: { currentPassword, newPassword } });
const alive = async (cookie: string) => (await h.json('GET', '/api/v1/me', { cookie })).status === 200;

describe('POST /me/password', () => {
  it('changes the password, keeps this session, ends the others and audits it', async () => {
    const laptop = sessionCookie((await login(CURRENT)).res);
    const phone = sessionCookie((await login(CURRENT)).res);
    const r = await change(laptop, CURRENT);
    expect(r.status).toBe(204);
    expect(await alive(laptop)).toBe(true);
    expect(await alive(phone)).toBe(false);
    expect(await alive(t.cookie)).toBe(false);
    expect((await login(CURRENT)).status).toBe(401);
    expect((await login(NEW)).status).toBe(200);
    const log = (await h.json('GET', '/api/v1/audit-log', { cookie: laptop })).body.data;
    expect(log).toContainEqual(expect.objectContaining({ action: 'agent.password_changed', targetId: t.agent.id }));
  });

  it('refuses a wrong current password with 400 on that field and changes nothing', async () => {
    const phone = sessionCookie((await login(CURRENT)).res);
    const r = await change(t.cookie, 'not my password');
    expect(r.status).toBe(400);
    expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(r.body.detail).toMatch(/current password is not correct/);
    expect(r.body.errors).toEqual([{ path: 'currentPassword', message: 'is not correct' }]);
    expect(await alive(t.cookie)).toBe(true);
    expect(await alive(phone)).toBe(true);
    expect((await login(CURRENT)).status).toBe(200);
    expect((await login(NEW)).status).toBe(401);
  });

  it('holds the new password to the policy (422 naming newPassword) and changes nothing', async () => {
    const r = await change(t.cookie, CURRENT, '1234567890');
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['newPassword']);
    expect((await login(CURRENT)).status).toBe(200);
  });

  it('voids a reset link made before the change', async () => {
    const made = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Ada', email: 'ada@example.com', roleId: 'agent', password: CURRENT },
    });
    const ada = sessionCookie((await login(CURRENT, 'ada@example.com')).res);
    const link = await h.json('POST', `/api/v1/agents/${made.body.id}/password-reset`, t.as);
    expect((await change(ada, CURRENT)).status).toBe(204);
    const token = new URL(link.body.url.replace('#/', '')).searchParams.get('token');
    const r = await h.json('POST', '/api/v1/auth/reset-password', { body: { token, password: 'someone else now' } });
    expect(r.status).toBe(400);
    expect((await login(NEW, 'ada@example.com')).status).toBe(200);
  });

  it('is 400 for an API key (it has no password) and 401 without a credential', async () => {
    const key = await t.apiKey();
    const r = await h.json('POST', '/api/v1/me/password', {
      token: key,
      body: { currentPassword: CURRENT, newPassword: NEW },
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/API keys/);
    const anonymous = await h.json('POST', '/api/v1/me/password', {
      body: { currentPassword: CURRENT, newPassword: NEW },
    });
    expect(anonymous.status).toBe(401);
    expect((await login(CURRENT)).status).toBe(200);
  });

  it('slows down guessing the current password: the 11th try in 15 minutes is 429', async () => {
    for (let i = 0; i < 10; i++) expect((await change(t.cookie, `wrong guess ${i}`)).status).toBe(400);
    const r = await change(t.cookie, CURRENT);
    expect(r.status).toBe(429);
    expect(r.res.headers.get('retry-after')).toBeTruthy();
    expect((await login(CURRENT)).status).toBe(200);
  });
});
