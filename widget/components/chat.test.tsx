// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { createApi, type Message } from '../api.ts';
import { resolveTheme, type PageConfig } from '../config.ts';
import { createStore } from '../store.ts';
import {
  button,
  byLabel,
  click,
  FakeEventSource,
  FakeXhr,
  mount,
  PAGE,
  scriptedFetch,
  settle,
  TENANT,
  type,
  uploaded,
  widgetTicket,
  type Route,
} from '../test-support.ts';

const CHAT_PAGE = { ...PAGE, features: { liveChat: true } };
const theme = resolveTheme(CHAT_PAGE, TENANT);
const msg = (id: string, body: string, agent = false, at = 0): Message => ({
  id,
  ticketId: 'tkt_9',
  body,
  author: agent ? { type: 'agent', name: 'Ada' } : { type: 'customer', name: null },
  attachments: [],
  createdAt: new Date(Date.UTC(2026, 0, 1, 10, 0, at)).toISOString(),
});
const chatTicket = (messages: Message[]) => widgetTicket({ id: 'tkt_9', number: 9, subject: 'Chat', messages });
const stored = () => JSON.parse(localStorage.getItem('helpdesk:ten_1:visitor') ?? 'null');

function chatStore(page: PageConfig = CHAT_PAGE) {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  const visit = stored();
  const tokenRef = { current: (visit?.token as string | undefined) ?? null };
  const api = createApi(PAGE.apiBase!, PAGE.apiKey, () => tokenRef.current);
  const s = createStore(api, page, { ...TENANT, features: { ticketSubmission: true, knowledgeBase: false } }, tokenRef);
  s.start();
  return s;
}

/** The server's side of a chat: status, start, messages, and GET /tickets answering what it holds. */
function server(status = { enabled: true, available: true, nextOpenAt: null as string | null }, extra?: Route) {
  const thread: Message[] = [];
  const calls = scriptedFetch((method, path, body, headers) => {
    const r = extra?.(method, path, body, headers);
    if (r) return r;
    if (method === 'GET' && path === '/chat') return { body: status };
    if (method === 'POST' && path === '/chats') {
      thread.push(msg('msg_1', (body as { message: string }).message));
      return {
        status: 201,
        body: {
          ticket: chatTicket([...thread]),
          chat: { state: 'active', agentName: 'Ada', agentRead: null },
          visitorToken: 'hd_vt_chat',
        },
      };
    }
    if (method === 'POST' && path === '/tickets/tkt_9/messages') {
      const m = msg(`msg_${thread.length + 1}`, (body as { body: string }).body, false, thread.length);
      thread.push(m);
      return { status: 201, body: m };
    }
    if (method === 'GET' && path === '/tickets') return { body: { data: [chatTicket([...thread])] } };
    if (method === 'POST' || method === 'PUT') return { status: 204 };
    return undefined;
  });
  return { calls, thread };
}

async function openChat() {
  const s = chatStore();
  const root = await mount(<App s={s} theme={theme} />);
  await click(root.querySelector('.launcher'));
  await settle();
  return { s, root };
}

const log = (root: HTMLElement) => root.querySelector('[role=log]')!;
const bodies = (root: HTMLElement) =>
  [...log(root).querySelectorAll('.msg')].map((li) => li.childNodes[1]?.textContent);

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

describe('live chat in the widget', () => {
  it('is a conversation while an agent is available: the first message starts the chat from this page, then the email is asked in the log', async () => {
    const { calls } = server();
    const { s, root } = await openChat();
    expect(log(root).getAttribute('aria-live')).toBe('polite');
    expect(byLabel(root, 'Message')?.tagName).toBe('TEXTAREA');
    expect(root.querySelector('#hd-subject')).toBeNull(); // not the ticket form
    await type(byLabel(root, 'Message'), 'Does the kettle ship to Norway?');
    await click(button(root, 'Send'));
    await settle();
    const start = calls.find((c) => c.method === 'POST' && c.path === '/chats')!;
    expect(start.body).toEqual({
      message: 'Does the kettle ship to Norway?',
      page: { url: location.href },
      userAgent: navigator.userAgent,
    });
    expect(bodies(root)).toEqual(['Does the kettle ship to Norway?']);
    expect(byLabel(root, 'Message')!.value).toBe('');
    // The token is kept like a ticket's, with the chat, so the next page continues it.
    expect(stored()).toMatchObject({ token: 'hd_vt_chat', chat: 'tkt_9' });
    expect(calls.some((c) => c.method === 'PUT' && c.path === '/chats/tkt_9/visitor')).toBe(true);
    const email = byLabel(root, 'Leave your email so we can reply if you go')!;
    await type(email, 'ria@example.com');
    await click(button(root, 'Save'));
    await settle();
    expect(calls.find((c) => c.path === '/chats/tkt_9/contact')?.body).toEqual({ email: 'ria@example.com' });
    expect(root.textContent).toContain('Thanks! We will reply by email.');
    s.dispose();
  });

  it('shows the agent typing until their message, marks their message read while on screen, and says Seen once the team read the visitor', async () => {
    const { calls } = server();
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    const es = FakeEventSource.opened.at(-1)!;
    const soon = new Date(Date.now() + 5000).toISOString();
    es.push('typing', { ticketId: 'tkt_9', side: 'agent', name: 'Ada', typing: true, expiresAt: soon });
    await settle();
    expect(log(root).textContent).toContain('Ada is typing…');
    es.push('typing', { ticketId: 'tkt_9', side: 'agent', name: 'Ada', typing: false, expiresAt: null });
    await settle();
    expect(log(root).textContent).not.toContain('is typing');
    es.push('typing', { ticketId: 'tkt_9', side: 'agent', name: 'Ada', typing: true, expiresAt: soon }, '');
    // A visitor's own typing (if it ever came back) is not shown as someone else's.
    es.push('typing', { ticketId: 'tkt_9', side: 'visitor', name: 'Ria', typing: true, expiresAt: soon }, '');
    await settle();
    expect(log(root).textContent).not.toContain('Ria is typing');
    es.push('message.created', { ticketId: 'tkt_9', message: msg('msg_2', 'Yes, it does.', true, 5) }, '2');
    await settle();
    expect(log(root).textContent).not.toContain('is typing');
    expect(log(root).textContent).toContain('Ada');
    expect(bodies(root)).toEqual(['Hello', 'Yes, it does.']);
    expect(calls.filter((c) => c.path === '/tickets/tkt_9/read').map((c) => c.body)).toEqual([{ upTo: 'msg_2' }]);
    expect(s.unread.value).toBe(0); // watched in the open chat: no badge on the launcher
    expect(root.textContent).not.toContain('Seen');
    es.push('message.read', { ticketId: 'tkt_9', side: 'agent', upTo: 'msg_1', readAt: soon }, '3');
    await settle();
    const mine = log(root).querySelector('.me')!;
    expect(mine.textContent).toContain('Seen');
    s.dispose();
  });

  it('clears the typing line at expiresAt when no typing:false comes', async () => {
    server();
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    const es = FakeEventSource.opened.at(-1)!;
    const at = new Date(Date.now() + 30).toISOString();
    es.push('typing', { ticketId: 'tkt_9', side: 'agent', name: 'Ada', typing: true, expiresAt: at }, '');
    await settle();
    expect(log(root).textContent).toContain('Ada is typing…');
    await settle(20);
    expect(log(root).textContent).not.toContain('is typing');
    s.dispose();
  });

  it('tells the agent the visitor is typing at most every 2 seconds', async () => {
    const { calls } = server();
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const typing = () => calls.filter((c) => c.path === '/tickets/tkt_9/typing').length;
    await type(byLabel(root, 'Message'), 'A');
    await type(byLabel(root, 'Message'), 'An');
    now += 1500;
    await type(byLabel(root, 'Message'), 'And');
    expect(typing()).toBe(1);
    now += 600;
    await type(byLabel(root, 'Message'), 'And ');
    expect(typing()).toBe(2);
    vi.restoreAllMocks();
    s.dispose();
  });

  it('misses nothing across a reconnect: messages the stream brings again show once, in order', async () => {
    server();
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    const first = FakeEventSource.opened.at(-1)!;
    first.push('message.created', { ticketId: 'tkt_9', message: msg('msg_2', 'one', true, 2) }, '12');
    // The connection drops; a new stream resumes after the last id it had…
    first.readyState = 2;
    first.onerror?.();
    await settle(220); // 5 × 220 ms: past the first 1 s retry pause
    const again = FakeEventSource.opened.at(-1)!;
    expect(again).not.toBe(first);
    expect(again.url).toContain('lastEventId=12');
    // …and a server may send an event twice around the gap.
    again.push('message.created', { ticketId: 'tkt_9', message: msg('msg_2', 'one', true, 2) }, '12');
    again.push('message.created', { ticketId: 'tkt_9', message: msg('msg_3', 'two', true, 3) }, '13');
    again.push('message.created', { ticketId: 'tkt_9', message: msg('msg_4', 'three', true, 4) }, '14');
    again.push('message.created', { ticketId: 'tkt_9', message: msg('msg_3', 'two', true, 3) }, '13');
    await settle();
    expect(bodies(root)).toEqual(['Hello', 'one', 'two', 'three']);
    s.dispose();
  });

  it('continues the chat on the next page: its history, the page reported, the conversation instead of the form', async () => {
    localStorage.setItem('helpdesk:ten_1:visitor', JSON.stringify({ token: 'hd_vt_chat', seen: {}, chat: 'tkt_9' }));
    const { calls, thread } = server();
    thread.push(msg('msg_1', 'Hello'), msg('msg_2', 'Hi, Ada here.', true, 1));
    const { s, root } = await openChat();
    expect(bodies(root)).toEqual(['Hello', 'Hi, Ada here.']);
    expect(calls.some((c) => c.method === 'PUT' && c.path === '/chats/tkt_9/visitor')).toBe(true);
    await type(byLabel(root, 'Message'), 'Still me');
    await click(button(root, 'Send'));
    await settle();
    expect(calls.some((c) => c.method === 'POST' && c.path === '/chats')).toBe(false);
    expect(bodies(root)).toEqual(['Hello', 'Hi, Ada here.', 'Still me']);
    s.dispose();
  });

  it('sends on Enter and makes a new line on Shift+Enter', async () => {
    const { calls } = server();
    const { s, root } = await openChat();
    const box = byLabel(root, 'Message')!;
    await type(box, 'Line one');
    const shift = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, cancelable: true });
    await act(() => void box.dispatchEvent(shift));
    expect(shift.defaultPrevented).toBe(false); // the browser's new line
    expect(calls.some((c) => c.path === '/chats')).toBe(false);
    await type(box, 'Line one\nline two');
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    await act(() => void box.dispatchEvent(enter));
    await settle();
    expect(enter.defaultPrevented).toBe(true);
    expect(calls.find((c) => c.method === 'POST' && c.path === '/chats')?.body).toMatchObject({
      message: 'Line one\nline two',
    });
    expect(byLabel(root, 'Message')!.value).toBe('');
    s.dispose();
  });

  it('asks for the name (optional) and the email with the first message, and requires the email once the team has gone', async () => {
    const status = { enabled: true, available: true, nextOpenAt: null as string | null };
    const { calls } = server(status);
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    expect(byLabel(root, 'Name')!.required).toBe(false);
    expect(byLabel(root, 'Leave your email so we can reply if you go')!.required).toBe(true);
    // The visitor goes on without answering; the last agent leaves, and the panel is opened again.
    status.available = false;
    await click(root.querySelector('.x'));
    await click(root.querySelector('.launcher'));
    await settle();
    expect(byLabel(root, 'Message')).toBeNull(); // the email first, so the answer can reach them
    const email = byLabel(root, 'The team has stepped away')!;
    expect(email.required).toBe(true);
    await type(email, 'ria@example.com');
    await type(byLabel(root, 'Name'), 'Ria');
    await click(button(root, 'Save'));
    await settle();
    expect(calls.find((c) => c.path === '/chats/tkt_9/contact')?.body).toEqual({
      email: 'ria@example.com',
      name: 'Ria',
    });
    expect(root.textContent).toContain('Thanks! We will reply by email.');
    // The conversation goes on as a ticket: the visitor may still add to it.
    expect(byLabel(root, 'Message')?.tagName).toBe('TEXTAREA');
    s.dispose();
  });

  it('attaches files to messages of a chat under way, through the same uploads as the form', async () => {
    FakeXhr.install();
    const { calls } = server();
    const { s, root } = await openChat();
    expect(root.querySelector('input[type=file]')).toBeNull(); // the first message starts the chat
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
    const photo = new File(['x'.repeat(300)], 'kettle.jpg', { type: 'image/jpeg' });
    Object.defineProperty(input, 'files', { value: [photo], configurable: true });
    await act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    expect(FakeXhr.sent.map((x) => x.url)).toEqual(['https://help.example/api/v1/widget/attachments']);
    await FakeXhr.sent[0].respond(201, uploaded('att_1', photo));
    // Files alone make a message.
    await click(button(root, 'Send'));
    await settle();
    expect(calls.find((c) => c.method === 'POST' && c.path === '/tickets/tkt_9/messages')?.body).toEqual({
      body: '',
      attachmentIds: ['att_1'],
    });
    // The picker is empty again (the screen-reader line may still be saying "kettle.jpg attached": its text is set
    // 50 ms late, so on a slow machine it lands here).
    expect(root.querySelector('.panel')!.textContent).not.toContain('kettle.jpg');
    s.dispose();
  });

  it('shows an ended chat as ended with the form, and starts a new chat on request', async () => {
    const { calls } = server();
    const { s, root } = await openChat();
    await type(byLabel(root, 'Message'), 'Hello');
    await click(button(root, 'Send'));
    await settle();
    FakeEventSource.opened
      .at(-1)!
      .push('chat.updated', { ticketId: 'tkt_9', chat: { state: 'ended', agentName: 'Ada', agentRead: null } }, '5');
    await settle();
    expect(root.textContent).toContain('This chat has ended.');
    expect(root.querySelector('#hd-subject')).not.toBeNull(); // the ticket form
    await click(button(root, 'Start a new chat'));
    await settle();
    expect(calls.filter((c) => c.path === '/chat').length).toBe(2);
    expect(byLabel(root, 'Message')?.tagName).toBe('TEXTAREA');
    expect(bodies(root)).toEqual([]);
    s.dispose();
  });

  it('offers the form, saying when the team is back, when nobody can chat', async () => {
    const back = '2026-01-05T08:00:00.000Z';
    server({ enabled: true, available: false, nextOpenAt: back });
    const { s, root } = await openChat();
    expect(root.querySelector('[role=log]')).toBeNull();
    expect(root.querySelector('#hd-subject')).not.toBeNull();
    const when = new Date(back).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
    expect(root.textContent).toContain(`Back at ${when}. Leave a message below.`);
    s.dispose();
  });

  it('stays the plain form, without asking for chat, when the snippet does not turn liveChat on', async () => {
    const { calls } = server();
    const s = chatStore(PAGE);
    const root = await mount(<App s={s} theme={theme} />);
    await click(root.querySelector('.launcher'));
    await settle();
    expect(calls.some((c) => c.path === '/chat')).toBe(false);
    expect(root.querySelector('#hd-subject')).not.toBeNull();
    s.dispose();
  });
});
