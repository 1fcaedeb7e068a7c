import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

it('reads, renames and deletes a custom role; a taken name is a documented 409', async () => {
  const t = await h.signup();
  const make = (name: string) =>
    h.json('POST', '/api/v1/roles', { ...t.as, body: { name, permissions: ['tickets:read'] } });
  const triage = (await make('Triage')).body;
  await make('Billing');

  const read = await h.json('GET', `/api/v1/roles/${triage.id}`, t.as);
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id: triage.id, name: 'Triage', permissions: ['tickets:read'], builtIn: false });
  expect((await h.json('GET', '/api/v1/roles/owner', t.as)).body).toMatchObject({ id: 'owner', builtIn: true });

  const taken = await h.json('PATCH', `/api/v1/roles/${triage.id}`, { ...t.as, body: { name: 'Billing' } });
  expect(taken.status).toBe(409);
  expect(taken.body.detail).toMatch(/Billing/);
  const renamed = await h.json('PATCH', `/api/v1/roles/${triage.id}`, {
    ...t.as,
    body: { name: 'First line', permissions: ['tickets:read', 'tickets:update'] },
  });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toMatchObject({ name: 'First line', permissions: ['tickets:read', 'tickets:update'] });

  expect((await h.req('DELETE', `/api/v1/roles/${triage.id}`, t.as)).status).toBe(204);
  expect((await h.json('GET', `/api/v1/roles/${triage.id}`, t.as)).status).toBe(404);
});

it('changes only the fields a PATCH sends: a rename keeps the description and the own-tickets-only limit', async () => {
  const t = await h.signup();
  const made = await h.json('POST', '/api/v1/roles', {
    ...t.as,
    body: {
      name: 'Own queue',
      description: 'Sees only assigned tickets',
      permissions: ['tickets:read'],
      ownTicketsOnly: true,
    },
  });
  const renamed = await h.json('PATCH', `/api/v1/roles/${made.body.id}`, { ...t.as, body: { name: 'Own queue (EU)' } });
  expect(renamed.status).toBe(200);
  expect(renamed.body).toMatchObject({
    name: 'Own queue (EU)',
    description: 'Sees only assigned tickets',
    ownTicketsOnly: true,
  });
  expect((await h.json('GET', `/api/v1/roles/${made.body.id}`, t.as)).body.ownTicketsOnly).toBe(true);
});
