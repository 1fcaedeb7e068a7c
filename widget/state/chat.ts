// The visitor's live chat: whether to offer it, starting it, the messages (the chat is a ticket, so the visitor's
// tickets hold them), the agent typing, "Seen", read receipts, files, the name and email asked for in the log (and
// required once the team has gone), the page heartbeat.
import { batch, computed, effect, signal } from '../signals.ts';
import type { Api, ChatStatus, Message, WidgetChat } from '../api.ts';
import { isAgent, type Visitor } from './visitor.ts';
import type { Shell } from './shell.ts';
import type { Files } from './attachments.ts';

export type Chat = ReturnType<typeof createChat>;

/** How often a live chat says the visitor is still there (the server's TTL is minutes), and how often typing is sent. */
export const HEARTBEAT_MS = 30_000;
export const TYPING_EVERY_MS = 2_000;

/** Index of the visitor's own last message, -1 if none. */
export function lastMine(list: Message[]) {
  let n = -1;
  list.forEach((m, i) => !isAgent(m) && (n = i));
  return n;
}

export function createChat(api: Api, shell: Shell, visitor: Visitor, on: boolean, files: Files) {
  const status = signal<ChatStatus | null>(null);
  /** The chat's state as the server last told it; null until known (a chat from an earlier page counts as live). */
  const chat = signal<WidgetChat | null>(null);
  /** The agent typing now (their name), until typing:false, expiresAt or their message. */
  const typing = signal<string | null>(null);
  const text = signal('');
  /** The email question in the log: 'ask' after the first message, 'done' once given. */
  const contact = signal<'' | 'ask' | 'done'>('');
  const id = visitor.chatId;
  const ticket = computed(() => visitor.tickets.value?.find((tk) => tk.id === id.value));
  // A resolved chat ticket has ended too (the stream may have said so while this page was not there).
  const ended = computed(() => chat.value?.state === 'ended' || /res|clo/.test(ticket.value?.status ?? ''));
  const visible = signal(!document.hidden);
  const messages = computed<Message[]>(() => ticket.value?.messages ?? []);
  /** The conversation is on screen instead of the form: a chat of ours that goes on, or an agent to start one with. */
  const live = computed(() => on && (id.value ? !ended.value : !!status.value?.available));
  /** The team went away during the chat: it goes on as a ticket answered by email, so the email is needed now. */
  const gone = computed(
    () => live.value && !!id.value && status.value?.available === false && contact.value !== 'done',
  );
  let typedAt = 0;
  let readUpTo = '';
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  function stopTyping() {
    clearTimeout(typingTimer);
    typing.value = null;
  }

  visitor.listeners.push((e) => {
    // The team came or went (the first agent online, the last one gone): the conversation or the email question at once.
    if (e.type === 'chat.availability') return void (status.value = e.data);
    // ticket.* events name the ticket `id`: those are the visitor slice's.
    if ((e.data as { ticketId?: string } | null)?.ticketId !== id.value || !id.value) return;
    if (e.type === 'typing') {
      if (e.data.side !== 'agent') return;
      stopTyping();
      if (e.data.typing) {
        typing.value = e.data.name || shell.t.value.support;
        // Until expiresAt (a past time clears at once), or 5 s without one (Date.parse(null) is NaN).
        typingTimer = setTimeout(stopTyping, Date.parse(e.data.expiresAt!) - Date.now() || 5000);
      }
    } else if (e.type === 'message.created') {
      if (isAgent(e.data.message)) stopTyping();
      visitor.merge(e.data.message);
    } else if (e.type === 'message.read') chat.value = { ...chat.value!, agentRead: e.data };
    else if (e.type === 'chat.updated') chat.value = e.data.chat;
  });

  function send() {
    const body = text.value.trim();
    // Files go on messages of a chat under way (the first message starts it); then a message may be files alone.
    const going = id.value && !ended.value;
    if (!(body || (going && files.items.value.length))) return;
    return shell.run(async () => {
      if (going) {
        const ids = await files.ids();
        if (!body && !ids.length) return;
        visitor.merge(await api.reply(id.value!, body, ids.length ? ids : undefined));
        files.clear();
      } else {
        const res = await api.startChat(body);
        batch(() => {
          visitor.adopt(res);
          id.value = res.ticket.id;
          chat.value = res.chat;
          visitor.tickets.value = [res.ticket, ...(visitor.tickets.value ?? [])];
          if (!contact.value) contact.value = 'ask';
        });
      }
      text.value = '';
    });
  }

  /** The visitor typed: the agent hears of it at most every TYPING_EVERY_MS. */
  function input(v: string) {
    text.value = v;
    const now = Date.now();
    if (live.value && id.value && v && now - typedAt >= TYPING_EVERY_MS) {
      typedAt = now;
      api.tell(id.value, 'typing').catch(() => {});
    }
  }

  const giveContact = (email: string, name?: string) =>
    shell.run(async () => {
      await api.chatContact(id.value!, email, name || undefined);
      contact.value = 'done';
    });

  /** A new chat after an ended one: the old one stays under My tickets. */
  function restart() {
    id.value = chat.value = null;
    contact.value = '';
    files.clear();
    void check();
  }

  // Unknown (a failed call): the form, as without chat.
  const check = () =>
    on &&
    api.chatStatus().then(
      (v) => (status.value = v),
      () => {},
    );

  const here = () => live.value && id.value && api.chatHere(id.value).catch(() => {});
  // The heartbeat also asks whether the team is still there (then the email is asked for before they go).
  const beat = setInterval(() => (here(), check()), HEARTBEAT_MS);

  const stop = [
    // The page at once when a chat starts or goes on after a reload; the interval below is the heartbeat.
    effect(() => void (live.value && here())),
    // Agent messages on screen (open panel, visible page) are read: the team sees the receipt.
    effect(() => {
      const last = messages.value.filter(isAgent).at(-1);
      if (!last || last.id === readUpTo || !live.value || !visible.value) return;
      if (!shell.isOpen.value || shell.view.value !== 'contact') return;
      readUpTo = last.id;
      api.tell(id.value!, 'read', { upTo: last.id }).catch(() => (readUpTo = ''));
    }),
  ];
  document.addEventListener('visibilitychange', () => (visible.value = !document.hidden) && id.value && check());

  return {
    chatStatus: status,
    chat,
    chatLive: live,
    chatEnded: ended,
    chatMessages: messages,
    chatTyping: typing,
    chatText: text,
    chatContact: contact,
    chatGone: gone,
    chatFiles: files,
    sendChat: send,
    chatInput: input,
    giveContact,
    restartChat: restart,
    checkChat: check,
    disposeChat() {
      for (const s of stop) s();
      clearInterval(beat);
      stopTyping();
    },
  };
}
