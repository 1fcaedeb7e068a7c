import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

it('documents every ticket, customer, widget, SSE, SLA, usage and dashboard route in the OpenAPI document', async () => {
  const r = await h.json('GET', '/api/openapi.json');
  expect(r.status).toBe(200);
  const paths = Object.keys(r.body.paths);
  for (const p of [
    '/api/v1/tickets',
    '/api/v1/tickets/{id}',
    '/api/v1/tickets/bulk',
    '/api/v1/tickets/{id}/messages',
    '/api/v1/tickets/{id}/activity',
    '/api/v1/customers',
    '/api/v1/customers/{id}',
    '/api/v1/customers/{id}/tickets',
    '/api/v1/custom-fields',
    '/api/v1/custom-fields/{id}',
    '/api/v1/sla-policies',
    '/api/v1/usage',
    '/api/v1/analytics/dashboard',
    '/api/v1/events',
    '/api/v1/widget/tickets',
    '/api/v1/widget/tickets/{id}/messages',
    '/api/v1/widget/identify',
    '/api/v1/widget/events',
  ]) {
    expect(paths, p).toContain(p);
  }
  expect(r.body.components.securitySchemes.visitorToken).toBeTruthy();
  expect(r.body.paths['/api/v1/tickets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(['status', 'assignee', 'q', 'sort', 'cursor']),
  );
});
