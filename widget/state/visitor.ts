// The returning visitor: their token, their tickets and threads, what they have not read yet, replies, live updates, "forget me".
import { batch, computed, effect, signal } from '../signals.ts';
import { ApiError, type Api, type Message, type Ticket } from '../api.ts';
import type { PageConfig } from '../config.ts';
import { fill } from '../../i18n/index.ts';
import { connectLive, type LiveEvent } from '../live.ts';
import { readVisit, storeVisit } from './device.ts';
import type { Files } from './attachments.ts';
import type { HostEvents } from './host-events.ts';
import type { Shell, View } from './shell.ts';

export const isAgent = (m: Message) => m.author.type === 'agent';

/**
 * Support's messages after the last one the visitor saw, or after their own last message (writing
 * means they read what came before, on whatever device).
 */
export function unreadIn(tk: Ticket, seenId?: string): number {
  let n = 0;
  for (const m of tk.messages) n = m.id === seenId || !isAgent(m) ? 0 : n + 1;
  return n;
}

export type Visitor = ReturnType<typeof createVisitor>;

export function createVisitor(
  api: Api,
  shell: Shell,
  page: PageConfig,
  events: HostEvents,
  home: View,
  tokenRef: { current: string | null },
  files: Files,
) {
  const token = signal<string | null>(tokenRef.current);
  const tickets = signal<Ticket[] | null>(null);
  const threadId = signal<string | null>(null);
  const replyText = signal('');
  /** "How did we do?": the optional comment, the ticket just rated here (its thanks takes focus), a refusal. */
  const rateNote = signal('');
  const ratedId = signal<string | null>(null);
  const rateError = signal('');
  /** Delete my data: asked (the confirm step on screen), then sent (the mail is on its way). */
  const erase = signal<'' | 'ask' | 'sent'>('');
  const visit = readVisit(page.tenantId);
  const seen = signal<Record<string, string>>(visit?.seen ?? {});
  /** The live chat's ticket, kept on the device beside the token. */
  const chatId = signal<string | null>(visit?.chat ?? null);
  /** Who else wants the stream's events (the chat). */
  const listeners: ((e: LiveEvent) => void)[] = [];
  /** Unread replies per ticket id, and in all. */
  const unreadBy = computed(() =>
    Object.fromEntries((tickets.value ?? []).map((tk) => [tk.id, unreadIn(tk, seen.value[tk.id])])),
  );
  const unread = computed(() => Object.values(unreadBy.value).reduce((a, b) => a + b, 0));
  /** Who the server says the visitor is, for the form's email and name. */
  const person = signal<{ email: string; name?: string | null } | null>(null);
  /** Message ids already delivered, so a live reload tells new replies (announced, emitted) from old ones. */
  const known = new Set<string>();
  let stopLive: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function setToken(v: string | null) {
    tokenRef.current = v;
    token.value = v;
    if (!v) seen.value = {};
  }

  /** The thread on screen is read up to its last message. */
  function markSeen(id: string) {
    const last = tickets.value?.find((tk) => tk.id === id)?.messages.at(-1)?.id;
    if (last && seen.peek()[id] !== last) seen.value = { ...seen.peek(), [id]: last };
  }

  function goLive() {
    stopLive?.();
    stopLive = connectLive(
      api.eventsUrl,
      (e) => {
        for (const l of listeners) l(e);
        if (e.type === 'typing' || e.type === 'message.read' || e.type === 'chat.availability') return;
        // Any event (or a reconnect) means "something may have changed": re-read the visitor's tickets, coalesced.
        clearTimeout(refreshTimer);
        refreshTimer = setTimeout(() => void loadTickets(true), 100);
      },
      // A scanned file is a link now: the re-read brings its signed url.
      [
        'message.created',
        'ticket.updated',
        'ticket.resolved',
        'attachment.scanned',
        'chat.updated',
        'message.read',
        'typing',
        'chat.availability',
      ],
    );
  }

  async function loadTickets(live = false) {
    if (!token.value) return;
    try {
      const { data, customer } = await api.tickets();
      const fresh: { ticket: Ticket; message: Message }[] = [];
      for (const ticket of data) {
        for (const m of ticket.messages) {
          if (!known.has(m.id) && live && isAgent(m)) fresh.push({ ticket, message: m });
          known.add(m.id);
        }
      }
      batch(() => {
        tickets.value = data;
        if (customer) person.value = customer;
      });
      for (const { ticket, message } of fresh) {
        shell.say(fill(shell.t.value.newReply, { s: message.body.slice(0, 140) }));
        events.emit('message:received', { ticketId: ticket.id, message });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) forget(false);
    }
  }

  /** One message into its ticket, once (the stream and a re-read may both bring it); the stream brings them in order. */
  function merge(m: Message) {
    tickets.value =
      tickets.value?.map((tk) =>
        tk.id !== m.ticketId || tk.messages.some((x) => x.id === m.id) ? tk : { ...tk, messages: [...tk.messages, m] },
      ) ?? null;
  }

  /** A ticket just filed here: its token is the visitor's now, and its first message is not news. */
  function adopt(res: { ticket: Ticket; visitorToken: string }) {
    for (const m of res.ticket.messages) known.add(m.id);
    setToken(res.visitorToken);
    goLive();
  }

  /** Opens the conversation that has news: the thread when one ticket has it, else the list with its markers. */
  function showUnread() {
    const ids = Object.keys(unreadBy.value).filter((id) => unreadBy.value[id]);
    if (ids.length === 1) threadId.value = ids[0];
    shell.go(ids.length === 1 ? 'thread' : 'tickets');
  }

  function sendReply() {
    const id = threadId.value;
    const body = replyText.value.trim();
    // A reply may be files alone.
    if (!id || !(body || files.items.value.length)) return;
    return shell.run(async () => {
      const ids = await files.ids();
      if (!body && !ids.length) return;
      const m = await api.reply(id, body, ids.length ? ids : undefined);
      known.add(m.id);
      replyText.value = '';
      files.clear();
      await loadTickets();
    });
  }

  /** One rating for the thread's resolution; a refusal (409) re-reads the ticket, which then shows what it has. */
  async function rate(id: string, rating: 'good' | 'bad') {
    if (shell.busy.value) return;
    shell.busy.value = true;
    rateError.value = '';
    try {
      const satisfaction = await api.rate(id, rating, rateNote.value.trim() || undefined);
      batch(() => {
        tickets.value = tickets.value?.map((tk) => (tk.id === id ? { ...tk, satisfaction } : tk)) ?? null;
        rateNote.value = '';
        ratedId.value = id;
      });
      shell.say(fill(shell.t.value.rated, { r: shell.t.value[rating] }));
    } catch (e) {
      rateError.value = shell.explain(e);
      if (e instanceof ApiError && e.status === 409) await loadTickets();
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

  /** Delete my data: the link to confirm goes by mail; once it is used the token stops working and we forget it (401). */
  const askErase = () =>
    shell.run(async () => {
      await api.erase(shell.locale.value);
      erase.value = 'sent';
    });

  /** Forget me: drop the token from this device and from memory; `announce` says so when the visitor asked. */
  function forget(tell = true) {
    stopLive?.();
    stopLive = null;
    batch(() => {
      setToken(null);
      tickets.value = null;
      threadId.value = null;
      person.value = null;
      chatId.value = null;
      erase.value = '';
      known.clear();
      if (shell.view.value === 'tickets' || shell.view.value === 'thread') shell.view.value = home;
      if (tell) shell.notice.value = shell.t.value.forgotten;
    });
    if (tell) shell.say(shell.t.value.forgotten);
  }

  const stop = [
    // The device keeps the token and what was seen; nothing at all once the token is gone.
    effect(() =>
      storeVisit(
        page.tenantId,
        token.value ? { token: token.value, seen: seen.value, chat: chatId.value || undefined } : null,
      ),
    ),
    // A thread on screen in the open panel is read, including replies arriving while it is watched; so is the chat.
    effect(() => {
      const v = shell.view.value;
      const on = v === 'thread' ? threadId.value : v === 'contact' && chatId.value;
      if (shell.isOpen.value && on && tickets.value) markSeen(on);
    }),
    shell.view.subscribe((v) => v === 'tickets' && void loadTickets()),
    // Files picked for one thread's reply never go out with another's.
    threadId.subscribe(() => {
      files.clear();
      batch(() => {
        rateNote.value = rateError.value = '';
        ratedId.value = null;
      });
    }),
  ];

  return {
    token,
    tickets,
    threadId,
    replyText,
    replyFiles: files,
    rateNote,
    ratedId,
    rateError,
    rate,
    erase,
    askErase,
    unread,
    unreadBy,
    person,
    chatId,
    listeners,
    merge,
    loadTickets,
    adopt,
    showUnread,
    sendReply,
    identify,
    forget,
    start() {
      if (token.value) {
        void loadTickets();
        goLive();
      }
    },
    dispose() {
      for (const s of stop) s();
      stopLive?.();
      clearTimeout(refreshTimer);
    },
  };
}
