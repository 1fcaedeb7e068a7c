import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { WidgetEventMap } from '../server/events/types.ts';
import { connectLive, type LiveEvent } from './live.ts';

/** Stands in for EventSource: the test plays the server. */
class FakeSource {
  static opened: FakeSource[] = [];
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  handlers = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.handlers.set(type, fn);
  }
  close() {
    this.readyState = 2;
  }
  send<T extends keyof WidgetEventMap>(id: string, type: T, data: WidgetEventMap[T]) {
    this.handlers.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data), lastEventId: id }));
  }
}

beforeEach(() => {
  FakeSource.opened = [];
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

it('hands on the events it listens for as the server sends them, and resumes after the last one when the stream fails', () => {
  const got: LiveEvent[] = [];
  const stop = connectLive(
    (last) => `/events${last ? `?lastEventId=${last}` : ''}`,
    (e) => got.push(e),
    ['message.created', 'ticket.updated'],
  );
  const first = FakeSource.opened[0];
  first.onopen!();
  const reply = {
    ticketId: 'tkt_1',
    message: {
      id: 'msg_1',
      ticketId: 'tkt_1',
      body: 'On it!',
      author: { type: 'agent' as const, name: 'Dana' },
      attachments: [],
      createdAt: '2026-01-01T00:00:00Z',
    },
  };
  first.send('7', 'message.created', reply);
  first.send('8', 'ticket.created', {
    id: 'tkt_2',
    number: 2,
    subject: 'x',
    status: 'open',
    createdAt: '',
    updatedAt: '',
    satisfaction: null,
  });
  expect(got).toEqual([
    { type: 'open', data: null },
    { type: 'message.created', data: reply },
  ]);

  // An HTTP error closes the EventSource for good: a new one resumes after event 7.
  first.readyState = 2;
  first.onerror!();
  vi.advanceTimersByTime(1000);
  expect(FakeSource.opened.map((s) => s.url)).toEqual(['/events', '/events?lastEventId=7']);
  stop();
  expect(FakeSource.opened[1].readyState).toBe(2);
});
