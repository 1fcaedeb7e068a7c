// A tenant with at least two of everything a list shows, built through the public API, for tests that walk every route.
import type { Harness, ReqOpts, SignedUp } from './harness.ts';
import { callersOf, type Callers } from './openapi-inputs.ts';

export interface TenantWithData {
  t: SignedUp;
  callers: Callers;
  visitorToken: string;
  /** Ids for collections the owner cannot list (see resolvePath). */
  known: Record<string, string>;
}

/** A URL that refuses connections at once (the harness allows private webhook URLs). */
const DEAD_HOOK = 'http://127.0.0.1:1/hook';

export async function tenantWithData(h: Harness): Promise<TenantWithData> {
  const t = await h.signup();
  await h.signup(); // the platform's tenant list needs a second page too
  const call = async (method: string, path: string, body?: unknown, as: ReqOpts = t.as) => {
    const r = await h.json(method, path, { ...as, body });
    if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  await call('POST', '/api/v1/agents', {
    name: 'Second Agent',
    email: `second-${t.agent.id}@example.com`.toLowerCase(),
    password: 'correct horse battery',
  });
  await t.apiKey();
  await t.apiKey();
  await call('POST', '/api/v1/roles', { name: 'Triage', permissions: ['tickets:read'] });
  await call('POST', '/api/v1/custom-fields', { key: 'order_ref', label: 'Order reference', type: 'text' });
  for (const n of [1, 2]) {
    await call('POST', '/api/v1/kb/categories', { name: `Category ${n}` });
    await call('POST', '/api/v1/kb/articles', { title: `Article ${n}`, body: `Body ${n}`, status: 'published' });
    const hook = await call('POST', '/api/v1/webhooks', { url: DEAD_HOOK, events: ['ticket.created'] });
    await call('POST', `/api/v1/webhooks/${hook.id}/test`);
    await call('POST', `/api/v1/webhooks/${hook.id}/test`);
  }
  // Bob has two tickets, so his ticket list has a second page.
  await call('POST', '/api/v1/tickets', {
    subject: 'Alice asks',
    message: 'Hello',
    requester: { email: 'alice@example.com' },
  });
  for (const n of [1, 2])
    await call('POST', '/api/v1/tickets', {
      subject: `Bob asks ${n}`,
      message: 'Hello',
      requester: { email: 'bob@example.com', name: 'Bob' },
    });
  const tickets = await call('GET', '/api/v1/tickets');
  for (const ticket of tickets.data) {
    await call('PATCH', `/api/v1/tickets/${ticket.id}`, { priority: 'high' });
    await call('PATCH', `/api/v1/tickets/${ticket.id}`, { priority: 'low' });
    await call('POST', `/api/v1/tickets/${ticket.id}/messages`, { body: 'A reply' });
  }
  // Two teams (one with a ticket) and two routing rules, for the team and routing routes.
  const billing = await call('POST', '/api/v1/teams', { name: 'Billing', agentIds: [t.agent.id] });
  await call('POST', '/api/v1/teams', { name: 'Technical' });
  await call('PATCH', `/api/v1/tickets/${tickets.data[0].id}`, { teamId: billing.id });
  for (const n of [1, 2])
    await call('POST', '/api/v1/routing-rules', {
      name: `Rule ${n}`,
      conditions: { keywords: [`refund ${n}`] },
      actions: { teamId: billing.id, priority: 'high' },
    });
  // Two shared canned responses, a personal one and two macros, for their lists and routes.
  for (const n of [1, 2]) {
    await call('POST', '/api/v1/canned-responses', {
      title: `Reply ${n}`,
      body: `Hi {{customer.name}}, about #{{ticket.number}}: ${n}`,
      shared: true,
    });
    await call('POST', '/api/v1/macros', { name: `Macro ${n}`, actions: { priority: 'normal', tags: [`macro-${n}`] } });
  }
  await call('POST', '/api/v1/canned-responses', { title: 'Mine', body: 'Regards, {{agent.name}}' });
  const widget = { headers: { 'x-widget-key': t.tenant.widgetKey } };
  const filed = await call(
    'POST',
    '/api/v1/widget/tickets',
    { subject: 'From the widget', message: 'Hi', email: 'carol@example.com' },
    widget,
  );

  // A live chat on the same visitor token, for the chat routes.
  await call('PATCH', `/api/v1/tenants/${t.tenant.id}`, { settings: { chat: { enabled: true } } });
  const chat = await call(
    'POST',
    '/api/v1/widget/chats',
    { message: 'Hi, anyone there?' },
    {
      headers: { ...widget.headers, authorization: `Bearer ${filed.visitorToken}` },
    },
  );

  // Ratings on, and a closed ticket of the same visitor for the rating route (closed takes no visitor reply, so
  // the other walks never open it again).
  await call('PATCH', `/api/v1/tenants/${t.tenant.id}`, { settings: { csat: { enabled: true } } });
  const rated = await call(
    'POST',
    '/api/v1/widget/tickets',
    { subject: 'To be rated', message: 'Hi again', email: 'carol@example.com' },
    { headers: { ...widget.headers, authorization: `Bearer ${filed.visitorToken}` } },
  );
  await call('PATCH', `/api/v1/tickets/${rated.ticket.id}`, { status: 'closed' });

  return {
    t,
    callers: callersOf(t, h, filed.visitorToken),
    visitorToken: filed.visitorToken,
    known: { '/api/v1/tenants': t.tenant.id, '/api/v1/widget/chats': chat.ticket.id },
  };
}
