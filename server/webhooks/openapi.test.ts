import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { EVENT_TYPES } from '../events/types.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

type Schema = {
  $ref?: string;
  type?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, Schema>;
};

it("documents every event type as a webhook: the signature headers, and a body whose data is the API answer's schema", async () => {
  const doc = (await h.json('GET', '/api/openapi.json')).body;
  const resolve = (s: Schema): Schema =>
    s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s;
  const answered = (path: string, method: string, status: number): string =>
    doc.paths[path][method].responses[status].content['application/json'].schema.$ref;

  expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES, 'webhook.ping'].sort());
  const dataOf: Record<string, Schema> = {};
  const operationIds = new Set<string>();
  for (const [type, item] of Object.entries<{ post: any }>(doc.webhooks)) {
    const op = item.post;
    operationIds.add(op.operationId);
    expect(
      op.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]),
    ).toEqual([
      ['webhook-id', 'header', true],
      ['webhook-timestamp', 'header', true],
      ['webhook-signature', 'header', true],
    ]);
    const body = resolve(op.requestBody.content['application/json'].schema);
    expect(body.required).toEqual(['type', 'timestamp', 'data']);
    expect(body.properties!.type.enum).toEqual([type]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['2XX', '410', 'default']));
    dataOf[type] = body.properties!.data;
  }
  expect(operationIds.size).toBe(EVENT_TYPES.length + 1);

  // The same schemas the API answers with, so an integrator's types for one fit the other.
  for (const type of ['ticket.created', 'ticket.updated', 'ticket.resolved'])
    expect(dataOf[type].$ref).toBe(answered('/api/v1/tickets', 'post', 201));
  expect(resolve(dataOf['message.created']).properties!.message.$ref).toBe(
    answered('/api/v1/tickets/{id}/messages', 'post', 201),
  );
  expect(dataOf['customer.created'].$ref).toBe(answered('/api/v1/customers/{id}', 'get', 200));
  expect(dataOf['kb.article.published'].$ref).toBe(answered('/api/v1/kb/articles/{id}', 'get', 200));
});
