// The live queue fed by GET /events, with events in the shapes the server's registry gives them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleCustomer, sampleMessage, sampleTicket } from '../../server/events/test-fixtures.ts';
import type { EventMap } from '../types.ts';
import { connectEvents, disconnectEvents, onLiveEvent, type LiveEvent } from './events.ts';
import { announcement, changed, startLiveQueue, tickets } from './queue.ts';

/** Stands in for the browser's EventSource: tests push named events as the server writes them. */
class FakeSource {
  static last: FakeSource;
  static readonly CLOSED = 2;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private handlers = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeSource.last = this;
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.handlers.set(type, fn);
  }
  close() {}
  send<T extends keyof EventMap>(type: T, data: EventMap[T]) {
    this.handlers.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

beforeEach(() => {
  vi.useFakeTimers(); // the queue's coalesced reload stays pending: nothing here reaches the network
  vi.stubGlobal('EventSource', FakeSource);
  connectEvents();
});
afterEach(() => {
  disconnectEvents();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('live events', () => {
  it('reach listeners typed as the server sends them, for every event type', () => {
    const got: LiveEvent[] = [];
    const stop = onLiveEvent((e) => got.push(e));
    const customer = sampleCustomer({ id: 'cus_9' });
    FakeSource.last.send('customer.created', customer);
    FakeSource.last.send('message.created', { ticketId: 'tkt_1', message: sampleMessage({ ticketId: 'tkt_1' }) });
    stop();
    expect(FakeSource.last.url).toBe('/api/v1/events');
    expect(got).toEqual([
      { type: 'customer.created', data: customer },
      { type: 'message.created', data: { ticketId: 'tkt_1', message: sampleMessage({ ticketId: 'tkt_1' }) } },
    ]);
  });

  it('update the queue row in place, mark it changed and announce new tickets; customer events leave the queue alone', () => {
    startLiveQueue();
    tickets.value = [sampleTicket({ id: 'tkt_1', subject: 'Old subject' }), sampleTicket({ id: 'tkt_2' })];
    changed.value = new Set();
    FakeSource.last.send('ticket.updated', sampleTicket({ id: 'tkt_1', subject: 'New subject', status: 'pending' }));
    expect(tickets.value.map((t) => [t.id, t.subject, t.status])).toEqual([
      ['tkt_1', 'New subject', 'pending'],
      ['tkt_2', 'Printer on fire', 'open'],
    ]);
    FakeSource.last.send('message.created', { ticketId: 'tkt_2', message: sampleMessage({ ticketId: 'tkt_2' }) });
    FakeSource.last.send('customer.created', sampleCustomer());
    expect([...changed.value]).toEqual(['tkt_1', 'tkt_2']);
    FakeSource.last.send('ticket.created', sampleTicket({ id: 'tkt_3', subject: 'Tent pole snapped' }));
    expect(announcement.value).toBe('New ticket: Tent pole snapped');
  });
});
