// The returning visitor: their token, their tickets and threads, replies, live updates and "forget me".
import { batch, effect, signal } from '@preact/signals';
import { ApiError, type Api, type Message, type Ticket } from '../api.ts';
import type { PageConfig } from '../config.ts';
import { fill } from '../../i18n/index.ts';
import { connectLive } from '../live.ts';
import { storeToken } from './device.ts';
import type { HostEvents } from './host-events.ts';
import type { Shell, View } from './shell.ts';

export const isAgent = (m: Message) => m.author.type === 'agent';

export type Visitor = ReturnType<typeof createVisitor>;

export function createVisitor(api: Api, page: PageConfig, shell: Shell, events: HostEvents, home: View, tokenRef: { current: string | null }) {
  const token = signal<string | null>(tokenRef.current);
  const tickets = signal<Ticket[] | null>(null);
  const threadId = signal<string | null>(null);
  const replyText = signal('');
  const unread = signal(0);
  /** Message ids already on screen once, so a reload tells new replies from old ones. */
  const known = new Set<string>();
  let stopLive: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function setToken(v: string | null) {
    tokenRef.current = v;
    token.value = v;
    storeToken(page.tenantId, v);
  }

  function goLive() {
    stopLive?.();
    stopLive = connectLive(api.eventsUrl, () => {
      // Any event (or a reconnect) means "something may have changed": re-read the visitor's tickets, coalesced.
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void loadTickets(true), 100);
    }, ['message.created', 'ticket.updated', 'ticket.resolved']);
  }

  async function loadTickets(live = false) {
    if (!token.value) return;
    try {
      const { data } = await api.tickets();
      const fresh: { ticket: Ticket; message: Message }[] = [];
      for (const ticket of data) {
        for (const m of ticket.messages) {
          if (!known.has(m.id) && live && isAgent(m)) fresh.push({ ticket, message: m });
          known.add(m.id);
        }
      }
      tickets.value = data;
      for (const { ticket, message } of fresh) {
        const watching = shell.isOpen.value && shell.view.value === 'thread' && threadId.value === ticket.id;
        if (!watching) unread.value++;
        shell.say(fill(shell.t.value.newReply, { s: message.body.slice(0, 140) }));
        events.emit('message:received', { ticketId: ticket.id, message });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) forget(false);
    }
  }

  /** A ticket just filed here: its token is the visitor's now, and its first message is not news. */
  function adopt(res: { ticket: Ticket; visitorToken: string }) {
    for (const m of res.ticket.messages) known.add(m.id);
    setToken(res.visitorToken);
    goLive();
  }

  async function sendReply() {
    const id = threadId.value;
    const body = replyText.value.trim();
    if (!id || !body || shell.busy.value) return;
    shell.busy.value = true;
    shell.problem.value = '';
    try {
      const m = await api.reply(id, body);
      known.add(m.id);
      replyText.value = '';
      await loadTickets();
    } catch (e) {
      shell.problem.value = shell.explain(e);
    } finally {
      shell.busy.value = false;
    }
  }

  async function identify(who: { userId: string; email: string; name?: string; userHash: string }) {
    const { visitorToken } = await api.identify(who);
    setToken(visitorToken);
    await loadTickets();
    goLive();
  }

  /** Forget me: drop the token from this device and from memory; `announce` says so when the visitor asked. */
  function forget(tell = true) {
    stopLive?.();
    stopLive = null;
    batch(() => {
      setToken(null);
      tickets.value = null;
      threadId.value = null;
      unread.value = 0;
      known.clear();
      if (shell.view.value === 'tickets' || shell.view.value === 'thread') shell.view.value = home;
      if (tell) shell.notice.value = shell.t.value.forgotten;
    });
    if (tell) shell.say(shell.t.value.forgotten);
  }

  // Showing the tickets (or reopening onto them) shows the new replies, so they are read; the list is re-read.
  effect(() => {
    const v = shell.view.value;
    if (shell.isOpen.value && (v === 'tickets' || v === 'thread')) unread.value = 0;
  });
  shell.view.subscribe((v) => v === 'tickets' && void loadTickets());

  return {
    token, tickets, threadId, replyText, unread,
    loadTickets, adopt, sendReply, identify, forget,
    start() {
      if (token.value) {
        void loadTickets();
        goLive();
      }
    },
    dispose() {
      stopLive?.();
      clearTimeout(refreshTimer);
    },
  };
}
