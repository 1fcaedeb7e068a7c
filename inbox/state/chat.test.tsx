// @vitest-environment happy-dom
// Live chat in the inbox: availability (automatic away, shared by tabs), alerts from GET /chats answers, "Seen",
// read receipts, typing throttle, the browser line, and the chat components.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { sampleMessage, sampleTicket } from '../../server/events/test-fixtures.ts';
import type { Chat, LiveChat, Me, Message } from '../types.ts';
import { me } from './session.ts';
import {
  availability,
  browserOf,
  chatAlerts,
  checkIdle,
  chooseAvailability,
  chosen,
  effectiveStatus,
  IDLE_AWAY_MS,
  idle,
  noteInput,
  seenMessageId,
  throttle,
  unreadUpTo,
} from './chat.ts';
import { AvailabilityControl } from '../components/availability.tsx';
import { ChatPanel, TypingLine } from '../components/chat-panel.tsx';
import { Thread } from '../components/thread.tsx';
import { pageLabel } from '../pages/chats.tsx';
import { chatFormOf, chatSettingsOf } from '../pages/settings/live-chat.tsx';
import { connectEvents, disconnectEvents, onTyping } from './events.ts';

const chat = (over: Partial<Chat> = {}): Chat => ({
  ticketId: 'tkt_1',
  state: 'active',
  visitor: {
    page: { url: 'https://shop.example.com/kettles/blue', title: 'Blue kettle' },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    lastSeenAt: new Date().toISOString(),
  },
  reads: { agent: null, visitor: null },
  queuedAt: new Date().toISOString(),
  assignedAt: new Date().toISOString(),
  endedAt: null,
  endedReason: null,
  ...over,
});
const live = (id: string, unreadCount: number, assigneeId: string | null = 'agt_me'): LiveChat => ({
  ticket: sampleTicket({
    id,
    assigneeId,
    channel: 'chat',
    subject: `Chat ${id}`,
    requester: { id: 'cus_1', name: 'Ria', email: 'x@visitors.invalid' },
  }),
  chat: chat({ ticketId: id }),
  unreadCount,
});
const customer = (id: string): Message => sampleMessage({ id, author: { type: 'customer', id: 'cus_1', name: 'Ria' } });
const agent = (id: string, over: Partial<Message> = {}): Message =>
  sampleMessage({ id, author: { type: 'agent', id: 'agt_me', name: 'Ada' }, ...over });

function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  document.body.append(root);
  render(vnode, root);
  return root;
}

beforeEach(() => {
  localStorage.clear();
  me.value = { agent: { id: 'agt_me' } } as Me;
  chosen.value = 'offline';
  idle.value = false;
});
afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

describe('availability', () => {
  it('turns a chosen Online into away while idle, and leaves Away and Offline as chosen', () => {
    expect(effectiveStatus('online', false)).toBe('online');
    expect(effectiveStatus('online', true)).toBe('away');
    expect(effectiveStatus('away', false)).toBe('away');
    expect(effectiveStatus('offline', true)).toBe('offline');
  });

  it('is idle after IDLE_AWAY_MS without input in any tab, and back online on input', () => {
    chooseAvailability('online');
    const t0 = Date.now();
    noteInput(t0);
    checkIdle(t0 + IDLE_AWAY_MS - 1);
    expect(availability.value).toBe('online');
    checkIdle(t0 + IDLE_AWAY_MS);
    expect(availability.value).toBe('away');
    noteInput(t0 + IDLE_AWAY_MS + 1);
    expect(availability.value).toBe('online');
  });

  it('counts input in another tab (localStorage) as activity', () => {
    chooseAvailability('online');
    const t0 = Date.now();
    noteInput(t0);
    localStorage.setItem('hd.chat.input.agt_me', String(t0 + IDLE_AWAY_MS));
    checkIdle(t0 + IDLE_AWAY_MS + 1000);
    expect(idle.value).toBe(false);
    checkIdle(t0 + 2 * IDLE_AWAY_MS);
    expect(idle.value).toBe(true);
  });

  it('is a labelled select in the header; a choice is kept for the other tabs', () => {
    const root = mount(<AvailabilityControl />);
    const select = root.querySelector('select')!;
    expect(root.querySelector(`label[for="${select.id}"]`)!.textContent).toBe('Availability');
    expect(select.value).toBe('offline');
    select.value = 'online';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(chosen.value).toBe('online');
    expect(localStorage.getItem('hd.chat.status.agt_me')).toBe('online');
  });
});

describe('chat alerts', () => {
  it('name a new chat and more unread messages on my or unassigned chats, not a colleague’s or a read one', () => {
    const before = [live('tkt_1', 0), live('tkt_2', 1, 'agt_other')];
    const after = [
      live('tkt_1', 1),
      live('tkt_2', 2, 'agt_other'),
      live('tkt_3', 1, null),
      live('tkt_4', 1, 'agt_other'),
    ];
    expect(chatAlerts(before, after, 'agt_me')).toEqual([
      { ticketId: 'tkt_1', title: 'Ria wrote', body: 'Chat tkt_1' },
      { ticketId: 'tkt_3', title: 'New chat from Ria', body: 'Chat tkt_3' },
    ]);
    expect(chatAlerts(after, after, 'agt_me')).toEqual([]);
  });
});

describe('read receipts and Seen', () => {
  it('puts Seen under the agents’ last public message once the visitor read up to it', () => {
    const thread = [customer('m1'), agent('m2'), agent('m3', { internal: true }), customer('m4')];
    expect(seenMessageId(thread, null)).toBeNull();
    expect(seenMessageId(thread, { upTo: 'm1', readAt: '2020-01-01T00:00:00.000Z' })).toBeNull();
    expect(seenMessageId(thread, { upTo: 'm2', readAt: '2020-01-01T00:00:00.000Z' })).toBe('m2');
    expect(seenMessageId(thread, { upTo: 'm4', readAt: '2020-01-01T00:00:00.000Z' })).toBe('m2');
    expect(seenMessageId([customer('m1')], { upTo: 'm1', readAt: new Date().toISOString() })).toBeNull();
  });

  it('marks read up to the latest visitor message after the team’s receipt, nothing when none is new', () => {
    const thread = [customer('m1'), agent('m2'), customer('m3'), agent('m4')];
    expect(unreadUpTo(thread, null)).toBe('m3');
    expect(unreadUpTo(thread, { upTo: 'm1' })).toBe('m3');
    expect(unreadUpTo(thread, { upTo: 'm3' })).toBeNull();
  });

  it('shows Seen in the thread under that message only', () => {
    const root = mount(<Thread messages={[customer('m1'), agent('m2')]} requesterName="Ria" seenId="m2" />);
    const items = root.querySelectorAll('li');
    expect(items[0]!.textContent).not.toContain('Seen');
    expect(items[1]!.querySelector('.msg-seen')!.textContent).toBe('Seen');
  });
});

describe('typing', () => {
  it('renews at most every 2 s', () => {
    let now = 0;
    const fn = vi.fn();
    const t = throttle(fn, 2000, () => now);
    t();
    now = 1999;
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    now = 2000;
    t();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('arrives from the stream as `event: typing`', () => {
    class Source {
      static last: Source;
      static readonly CLOSED = 2;
      readyState = 1;
      handlers = new Map<string, (e: MessageEvent<string>) => void>();
      constructor() {
        Source.last = this;
      }
      addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
        this.handlers.set(type, fn);
      }
      close() {}
    }
    vi.stubGlobal('EventSource', Source);
    connectEvents();
    const got: unknown[] = [];
    const off = onTyping((s) => got.push(s));
    const data = { ticketId: 'tkt_1', side: 'visitor', name: 'Ria', typing: true, expiresAt: null };
    Source.last.handlers.get('typing')!(new MessageEvent('typing', { data: JSON.stringify(data) }));
    off();
    disconnectEvents();
    vi.unstubAllGlobals();
    expect(got).toEqual([data]);
  });

  it('is announced politely, and the line is empty when nobody types', () => {
    const root = mount(<TypingLine who="Ria" />);
    const line = root.querySelector('[role="status"]')!;
    expect(line.getAttribute('aria-live')).toBe('polite');
    expect(line.textContent).toContain('Ria is typing…');
    render(<TypingLine who={null} />, root);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('');
  });
});

describe('the chat panel', () => {
  it('shows the visitor’s page as a link that opens apart, the browser, and ends as resolved or kept', async () => {
    const onEnd = vi.fn(async () => {});
    const root = mount(<ChatPanel chat={chat()} editable={true} onEnd={onEnd} />);
    const link = root.querySelector('a')!;
    expect(link.textContent).toBe('Blue kettle');
    expect(link.getAttribute('href')).toBe('https://shop.example.com/kettles/blue');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(root.textContent).toContain('Chrome 120 on Linux');
    const [end, keep] = [...root.querySelectorAll('button')];
    expect([end!.textContent, keep!.textContent]).toEqual(['End chat', 'Keep as ticket']);
    end!.click();
    keep!.click();
    expect(onEnd.mock.calls).toEqual([['resolved'], ['open']]);
  });

  it('offers no End chat once ended, or to a read-only agent', () => {
    const ended = mount(
      <ChatPanel
        chat={chat({ state: 'ended', endedAt: new Date().toISOString(), endedReason: 'agent' })}
        editable
        onEnd={vi.fn()}
      />,
    );
    expect(ended.querySelectorAll('button')).toHaveLength(0);
    expect(ended.textContent).toContain('Ended');
    expect(mount(<ChatPanel chat={chat()} editable={false} onEnd={vi.fn()} />).querySelectorAll('button')).toHaveLength(
      0,
    );
  });
});

describe('visitor facts', () => {
  it('names common browsers and systems from the user agent', () => {
    expect(browserOf(null)).toBe('Unknown browser');
    expect(
      browserOf(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.2277.83',
      ),
    ).toBe('Edge 121 on Windows');
    expect(browserOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.2; rv:122.0) Gecko/20100101 Firefox/122.0')).toBe(
      'Firefox 122 on macOS',
    );
    expect(
      browserOf(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari 17 on iOS');
    expect(browserOf('curl/8.0')).toBe('Unknown browser');
  });

  it('labels the page by its title, else host and path', () => {
    expect(pageLabel({ url: 'https://shop.example.com/a/b', title: 'Cart' })).toBe('Cart');
    expect(pageLabel({ url: 'https://shop.example.com/a/b', title: null })).toBe('shop.example.com/a/b');
    expect(pageLabel({ url: 'https://shop.example.com/', title: null })).toBe('shop.example.com');
  });
});

describe('live chat settings', () => {
  it('show the server defaults when nothing is stored and send the whole chat object back', () => {
    const form = chatFormOf({});
    expect(form).toEqual({ enabled: false, maxConcurrentChats: '3', unansweredAfterMinutes: '5' });
    expect(chatSettingsOf({ ...form, enabled: true, maxConcurrentChats: '4' })).toEqual({
      chat: { enabled: true, maxConcurrentChats: 4, unansweredAfterMinutes: 5 },
    });
    expect(chatFormOf({ chat: { enabled: true, maxConcurrentChats: 7 } }).maxConcurrentChats).toBe('7');
  });
});
