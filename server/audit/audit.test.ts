// The audit log names who acted from the credential that made the request, whatever route wrote the entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const entry = async (as: { cookie?: string; token?: string }, action: string) => {
  const r = await h.json('GET', `/api/v1/audit-log?action=${action}`, as);
  expect(r.status).toBe(200);
  expect(r.body.data).toHaveLength(1);
  return r.body.data[0];
};

describe('audit entries', () => {
  it('record the agent, the API key, the platform or nobody as the actor, with the tenant acted on', async () => {
    const t = await h.signup();
    expect(await entry(t.as, 'tenant.signup')).toMatchObject({
      actorType: 'agent',
      actorId: t.agent.id,
      targetId: t.tenant.id,
      ip: expect.any(String),
    });

    const key = await t.apiKey();
    const keyId = (await h.json('GET', '/api/v1/api-keys', t.as)).body.data[0].id;
    expect(await entry(t.as, 'api_key.created')).toMatchObject({
      actorType: 'agent',
      actorId: t.agent.id,
      targetId: keyId,
    });
    const cat = await h.json('POST', '/api/v1/kb/categories', { token: key, body: { name: 'Shipping' } });
    expect(cat.status).toBe(201);
    expect(await entry(t.as, 'kb.category.created')).toMatchObject({
      actorType: 'api-key',
      actorId: keyId,
      targetId: cat.body.id,
    });

    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/suspend`, h.platform)).status).toBe(200);
    expect((await h.json('POST', `/api/v1/tenants/${t.tenant.id}/reactivate`, h.platform)).status).toBe(200);
    expect(await entry(t.as, 'tenant.suspended')).toMatchObject({
      actorType: 'platform',
      actorId: null,
      targetId: t.tenant.id,
    });

    const email = (await h.json('GET', '/api/v1/me', t.as)).body.agent.email;
    expect((await h.json('POST', '/api/v1/auth/login', { body: { email, password: 'not the password' } })).status).toBe(
      401,
    );
    expect(await entry(t.as, 'auth.login_failed')).toMatchObject({
      actorType: 'anonymous',
      actorId: null,
      targetId: t.agent.id,
      details: { email },
    });
  });
});
