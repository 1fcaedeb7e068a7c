import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/client.ts';
import { appendEvent } from './log.ts';
import { EVENT_TYPES, EVENTS, eventDefinition, widgetProjection } from './types.ts';
import { sampleCustomer, sampleMessage, sampleTicket } from './test-fixtures.ts';

// Checked by `tsc --noEmit` (npm test), never run: a wrong data shape or an unknown type does not compile.
export function wrongShapesDoNotCompile(q: Queryable, now: Date) {
  // @ts-expect-error a customer is not a ticket
  void appendEvent(q, 'ten_1', { type: 'ticket.created', data: sampleCustomer() }, now);
  // @ts-expect-error message.created carries { ticketId, message }, not the bare message
  void appendEvent(q, 'ten_1', { type: 'message.created', data: sampleMessage() }, now);
  // @ts-expect-error an event type the registry does not know
  void appendEvent(q, 'ten_1', { type: 'ticket.viewed', data: sampleTicket() }, now);
}

describe('the event registry', () => {
  it("keeps the contract's event names and says which permission each needs on the agents' stream", () => {
    expect(Object.fromEntries(EVENT_TYPES.map((t) => [t, EVENTS[t].permission]))).toEqual({
      'ticket.created': 'tickets:read',
      'ticket.updated': 'tickets:read',
      'ticket.resolved': 'tickets:read',
      'ticket.merged': 'tickets:read',
      'ticket.unmerged': 'tickets:read',
      'ticket.woken': 'tickets:read',
      'message.created': 'tickets:read',
      'attachment.scanned': 'tickets:read',
      'message.read': 'tickets:read',
      'chat.updated': 'tickets:read',
      'csat.submitted': 'tickets:read',
      'customer.created': 'customers:read',
      'kb.article.published': 'kb:read',
    });
    expect(eventDefinition('ticket.viewed')).toBeUndefined();
  });

  it('gives visitors a projection without internal notes, tags, assignees or custom fields, and nothing of other types', () => {
    const ticket = sampleTicket({ id: 'tkt_1', tags: ['vip'], assigneeId: 'agt_1', customFields: { order: '42' } });
    expect(widgetProjection('ticket.updated', ticket)).toEqual({
      id: 'tkt_1',
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
      satisfaction: null,
    });
    const note = sampleMessage({ ticketId: 'tkt_1', internal: true });
    expect(widgetProjection('message.created', { ticketId: 'tkt_1', message: note })).toBeNull();
    const reply = sampleMessage({ ticketId: 'tkt_1', author: { type: 'agent', id: 'agt_1', name: null } });
    expect(widgetProjection('message.created', { ticketId: 'tkt_1', message: reply })).toEqual({
      ticketId: 'tkt_1',
      message: {
        id: reply.id,
        ticketId: 'tkt_1',
        body: reply.body,
        author: { type: 'agent', name: 'Support' },
        attachments: [],
        createdAt: reply.createdAt,
      },
    });
    expect(widgetProjection('customer.created', sampleCustomer())).toBeNull();
    expect(widgetProjection('kb.article.published', {})).toBeNull();
  });
});
