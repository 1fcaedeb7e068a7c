// The audit log reads as words (who acted, on what) and narrows by action, actor and time range.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-02T10:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup({ name: 'Audra Owner', tenantName: 'Audit Co' });
});
afterEach(() => h.close());

interface Entry {
  action: string;
  actorId: string | null;
  actorName: string;
  targetLabel: string | null;
  createdAt: string;
}
const log = async (qs = '') => {
  const r = await h.json('GET', `/api/v1/audit-log?${qs}`, t.as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data as Entry[];
};

describe('audit log entries', () => {
  it('name the actor and the target in words, also once the target is gone', async () => {
    const role = await h.json('POST', '/api/v1/roles', {
      ...t.as,
      body: { name: 'Night shift', permissions: ['tickets:read'] },
    });
    expect(role.status).toBe(201);
    await h.json('PATCH', `/api/v1/roles/${role.body.id}`, { ...t.as, body: { description: 'after 10 pm' } });
    const key = await t.apiKey();
    const cat = await h.json('POST', '/api/v1/kb/categories', { token: key, body: { name: 'Shipping' } });
    expect(cat.status).toBe(201);
    expect((await h.json('DELETE', `/api/v1/roles/${role.body.id}`, t.as)).status).toBe(204);

    const [updated] = await log('action=role.updated');
    expect(updated).toMatchObject({ actorName: 'Audra Owner', targetLabel: 'Role (no longer exists)' });
    const [signup] = await log('action=tenant.signup');
    expect(signup).toMatchObject({ actorName: 'Audra Owner', targetLabel: 'Account: Audit Co' });
    const keyName = (await h.json('GET', '/api/v1/api-keys', t.as)).body.data[0].name;
    const [category] = await log('action=kb.category.created');
    expect(category).toMatchObject({ actorName: `API key “${keyName}”`, targetLabel: 'Category: Shipping' });
    const [created] = await log('action=api_key.created');
    expect(created.targetLabel).toBe(`API key: ${keyName}`);

    const email = (await h.json('GET', '/api/v1/me', t.as)).body.agent.email;
    await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'not the password' } });
    expect((await log('action=auth.login_failed'))[0]).toMatchObject({
      actorName: 'Not signed in',
      targetLabel: 'Agent: Audra Owner',
    });
  });

  it('filter by action, by actor and by time range, and list the recorded actions', async () => {
    const other = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Otto', email: 'otto@example.com', roleId: 'admin', password: 'otto password 1' },
    });
    clock.advance(60 * 60_000); // 11:00
    const otto = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'otto@example.com', password: 'otto password 1' },
    });
    expect(otto.status).toBe(200);
    clock.advance(60 * 60_000); // 12:00
    await h.json('POST', '/api/v1/roles', { ...t.as, body: { name: 'Late', permissions: ['tickets:read'] } });

    expect((await log(`actorId=${other.body.id}`)).map((e) => e.action)).toEqual(['auth.login']);
    expect((await log(`actorId=${t.agent.id}&action=role.created`)).map((e) => e.actorName)).toEqual(['Audra Owner']);
    const range = await log(
      `from=${encodeURIComponent('2026-03-02T10:30:00Z')}&to=${encodeURIComponent('2026-03-02T11:30:00Z')}`,
    );
    expect(range.map((e) => `${e.action} ${e.actorName}`)).toEqual(['auth.login Otto']);
    expect((await log(`from=${encodeURIComponent('2026-03-02T11:30:00+01:00')}`)).map((e) => e.action)).toEqual([
      'role.created',
      'auth.login',
    ]);

    const actions = await h.json('GET', '/api/v1/audit-log/actions', t.as);
    expect(actions.status).toBe(200);
    expect(actions.body.data).toEqual(
      expect.arrayContaining([
        { action: 'auth.login', count: 1 },
        { action: 'role.created', count: 1 },
        { action: 'tenant.signup', count: 1 },
      ]),
    );
    const names = actions.body.data.map((a: { action: string }) => a.action);
    expect(names).toEqual([...names].sort());

    // Another tenant's history is not theirs to see or count.
    const stranger = await h.signup({ email: 'stranger@example.com', tenantName: 'Elsewhere' });
    const theirs = await h.json('GET', '/api/v1/audit-log/actions', stranger.as);
    expect(theirs.body.data).toEqual([{ action: 'tenant.signup', count: 1 }]);
    expect((await h.json('GET', `/api/v1/audit-log?actorId=${t.agent.id}`, stranger.as)).body.data).toEqual([]);
  });

  it('refuse a range that ends before it starts, or a date that is not one', async () => {
    const backwards = await h.json('GET', '/api/v1/audit-log?from=2026-03-02T12:00:00Z&to=2026-03-02T11:00:00Z', t.as);
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors).toEqual([{ path: 'to', message: 'must be later than from' }]);
    const bad = await h.json('GET', '/api/v1/audit-log?from=yesterday', t.as);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('from');
  });
});
