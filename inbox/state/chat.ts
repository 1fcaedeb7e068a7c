// Live chat for agents: availability (chosen, automatic away when idle, the heartbeat), the live chats list fed by
// the stream, and the alerts (a beep and a desktop notification) for a new chat or message while the tab is hidden.
import { computed, effect, signal } from '@preact/signals';
import { api } from '../api.ts';
import type { Availability, LiveChat, Message, PresenceStatus } from '../types.ts';
import { onLiveEvent, onTyping } from './events.ts';
import { me, can } from './session.ts';

/** No mouse, keyboard or tab switch for this long (in any tab) and an agent who chose Online shows as away. */
export const IDLE_AWAY_MS = 10 * 60_000;
/** The server holds a status for 2 minutes; each tab repeats it every 30 s, so a throttled background tab still keeps it. */
export const HEARTBEAT_MS = 30_000;
/** A chat visitor who gave no email has a reserved placeholder address (RFC 2606 `.invalid`) that is never mailed. */
export const isPlaceholderEmail = (email: string) => email.toLowerCase().endsWith('@visitors.invalid');
/** What agents call a requester: their name, else their email, else (a chat visitor without one) "Visitor". */
export const requesterLabel = (r: { name: string | null; email: string }) =>
  r.name || (isPlaceholderEmail(r.email) ? 'Visitor' : r.email);
/** Typing is shown for 5 s on the other side; renewing it more often than this is noise. */
export const TYPING_EVERY_MS = 2_000;

/** Chat is on for this help desk and the caller is an agent who can read tickets. */
export const chatEnabled = computed(
  () => !!me.value?.agent && me.value.tenant.settings.chat?.enabled === true && can('tickets:read'),
);

// ---- availability ----

/** What the agent picked. Shared by every tab through localStorage. */
export const chosen = signal<PresenceStatus>('offline');
/** No input in any tab for IDLE_AWAY_MS. */
export const idle = signal(false);
/** The last PUT failed: the header says so. */
export const availabilityError = signal<string | null>(null);

/** What the server is told: Online turns into away while the agent is idle; Away and Offline stay as chosen. */
export function effectiveStatus(picked: PresenceStatus, isIdle: boolean): PresenceStatus {
  return picked === 'online' && isIdle ? 'away' : picked;
}
export const availability = computed(() => effectiveStatus(chosen.value, idle.value));

const key = (what: string) => `hd.chat.${what}.${me.value?.agent?.id ?? ''}`;
function stored(what: string): string | null {
  try {
    return localStorage.getItem(key(what));
  } catch {
    return null;
  }
}
function store(what: string, value: string) {
  try {
    localStorage.setItem(key(what), value);
  } catch {
    // private mode: this tab alone keeps it
  }
}
const isStatus = (v: string | null): v is PresenceStatus => v === 'online' || v === 'away' || v === 'offline';

let lastInput = Date.now();
let lastStoredInput = 0;
/** The agent did something in this tab: not idle (and the other tabs learn it within a few seconds). */
export function noteInput(now = Date.now()) {
  lastInput = now;
  if (now - lastStoredInput > 5_000) {
    lastStoredInput = now;
    store('input', String(now));
  }
  if (idle.value) idle.value = false;
}

/** Idle when neither this tab nor another saw input for IDLE_AWAY_MS. */
export function checkIdle(now = Date.now()) {
  const other = Number(stored('input') ?? 0);
  idle.value = now - Math.max(lastInput, other) >= IDLE_AWAY_MS;
}

/** Counts the agent's own picks, so that the status loaded at start never overrides one made meanwhile. */
let picks = 0;
/** The agent picks a status (the header control). */
export function chooseAvailability(status: PresenceStatus) {
  picks++;
  store('status', status);
  chosen.value = status;
  noteInput();
}

async function send(status: PresenceStatus) {
  try {
    await api.put<Availability>('/me/availability', { status });
    availabilityError.value = null;
  } catch (e) {
    availabilityError.value = e instanceof Error ? e.message : 'Could not save your availability.';
  }
}

let stopAvailability: (() => void) | null = null;

/**
 * Starts this tab's part: the status the agent had (if some tab kept it alive, else offline: every tab was closed),
 * input listeners for idleness, the heartbeat every HEARTBEAT_MS and a PUT whenever the status changes.
 */
export async function startAvailability(): Promise<void> {
  if (stopAvailability || !chatEnabled.value) return;
  const agentId = me.value!.agent!.id;
  let alive = true;
  const listeners: [EventTarget, string, () => void][] = [];
  const on = (t: EventTarget, type: string, fn: () => void) => (
    t.addEventListener(type, fn),
    listeners.push([t, type, fn])
  );
  let lastMove = 0;
  const input = () => noteInput();
  on(document, 'keydown', input);
  on(document, 'pointerdown', input);
  on(document, 'pointermove', () => {
    const now = Date.now();
    if (now - lastMove < 1_000) return;
    lastMove = now;
    noteInput(now);
  });
  on(document, 'visibilitychange', () => document.visibilityState === 'visible' && noteInput());
  on(window, 'storage', () => {
    const s = stored('status');
    if (isStatus(s) && s !== chosen.value) chosen.value = s;
    checkIdle();
  });
  noteInput();
  let disposeEffect = () => {};
  let ready = false;
  const timer = setInterval(() => {
    checkIdle();
    if (ready && availability.value !== 'offline') void send(availability.value);
  }, HEARTBEAT_MS);
  stopAvailability = () => {
    alive = false;
    for (const [t, type, fn] of listeners) t.removeEventListener(type, fn);
    disposeEffect();
    clearInterval(timer);
    stopAvailability = null;
  };
  const picksBefore = picks;
  try {
    const team = await api.get<{ data: { agentId: string; status: PresenceStatus }[] }>('/availability');
    const now = team.data.find((a) => a.agentId === agentId)?.status ?? 'offline';
    const mine = stored('status');
    // Still on (a reload, or another tab's heartbeat): keep what was picked. Lapsed: start offline.
    if (picks === picksBefore) chosen.value = now === 'offline' ? 'offline' : isStatus(mine) ? mine : now;
  } catch {
    if (picks === picksBefore) chosen.value = 'offline';
  }
  if (!alive) return;
  store('status', chosen.value);
  let sent: PresenceStatus | null = null;
  disposeEffect = effect(() => {
    const status = availability.value;
    // The first offline needs no call: without a heartbeat the server has this agent offline already.
    if (status === sent || (sent === null && status === 'offline')) return void (sent = status);
    sent = status;
    void send(status);
  });
  ready = true;
}

/** Signing out: tell the server now instead of letting the status lapse. */
export async function leaveAvailability(): Promise<void> {
  const wasOn = stopAvailability && availability.value !== 'offline';
  stopAvailability?.();
  if (wasOn) await send('offline');
}

// ---- live chats ----

export const liveChats = signal<LiveChat[]>([]);
export const chatsLoaded = signal(false);
export const chatsError = signal<unknown>(null);
/** Visitor messages nobody has read yet, over every live chat the agent sees (the nav badge). */
export const chatUnread = computed(() => liveChats.value.reduce((n, c) => n + c.unreadCount, 0));

export interface ChatAlert {
  ticketId: string;
  title: string;
  body: string;
}

/**
 * What changed between two answers of GET /chats that deserves an alert: a chat that was not there (waiting, or
 * assigned to this agent) and more unread visitor messages on a chat that is this agent's or nobody's.
 */
export function chatAlerts(before: LiveChat[], after: LiveChat[], myId: string | null): ChatAlert[] {
  const old = new Map(before.map((c) => [c.ticket.id, c]));
  const out: ChatAlert[] = [];
  for (const c of after) {
    const mine = c.ticket.assigneeId === null || c.ticket.assigneeId === myId;
    if (!mine) continue;
    const who = c.ticket.requester.name || 'A visitor';
    const was = old.get(c.ticket.id);
    if (!was) out.push({ ticketId: c.ticket.id, title: `New chat from ${who}`, body: c.ticket.subject });
    else if (c.unreadCount > was.unreadCount)
      out.push({ ticketId: c.ticket.id, title: `${who} wrote`, body: lastWords.get(c.ticket.id) ?? c.ticket.subject });
  }
  return out;
}

/** The latest visitor message per chat, for the notification's text. */
const lastWords = new Map<string, string>();

let loadGen = 0;
export async function loadChats(): Promise<LiveChat[] | null> {
  const gen = ++loadGen;
  try {
    const page = await api.get<{ data: LiveChat[] }>('/chats');
    if (gen !== loadGen) return null;
    liveChats.value = page.data;
    chatsLoaded.value = true;
    chatsError.value = null;
    return page.data;
  } catch (e) {
    if (gen === loadGen) chatsError.value = e;
    return null;
  }
}

let reloading: Promise<void> | null = null;
let again = false;
/** Reload after a stream event; events arriving meanwhile coalesce into one more reload. */
function reload(alert: boolean) {
  if (reloading) return void (again = true);
  reloading = (async () => {
    do {
      again = false;
      const [before, known] = [liveChats.value, chatsLoaded.value];
      const after = await loadChats();
      if (after && alert && known) for (const a of chatAlerts(before, after, me.value?.agent?.id ?? null)) notify(a);
    } while (again);
    reloading = null;
  })();
}

/** Chats whose visitor is typing right now (the Chats view says so on the row). */
export const visitorsTyping = signal<ReadonlySet<string>>(new Set());
const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
function setTyping(ticketId: string, on: boolean, expiresAt: string | null) {
  clearTimeout(typingTimers.get(ticketId));
  typingTimers.delete(ticketId);
  const next = new Set(visitorsTyping.value);
  if (on) next.add(ticketId);
  else next.delete(ticketId);
  visitorsTyping.value = next;
  // The server sends the stop itself; this only covers a stop lost with a dropped connection.
  if (on && expiresAt)
    typingTimers.set(
      ticketId,
      setTimeout(() => setTyping(ticketId, false, null), Math.max(0, Date.parse(expiresAt) - Date.now()) + 1_000),
    );
}

let stopChats: (() => void) | null = null;
/** Keeps `liveChats` current from the stream for the whole session (alerts work on any page). */
export function startLiveChats() {
  if (stopChats || !chatEnabled.value) return;
  void loadChats();
  const off = onLiveEvent((e) => {
    if (e.type === 'chat.updated') return reload(true);
    if (e.type === 'message.read' && e.data.side === 'agent') return reload(false);
    if (e.type === 'message.created' && liveChats.value.some((c) => c.ticket.id === e.data.ticketId)) {
      const m: Message = e.data.message;
      if (m.author.type === 'customer' && !m.internal) lastWords.set(e.data.ticketId, m.body.slice(0, 140));
      if (m.author.type === 'customer') setTyping(e.data.ticketId, false, null);
      reload(m.author.type === 'customer');
    }
  });
  const offTyping = onTyping((t) => t.side === 'visitor' && setTyping(t.ticketId, t.typing, t.expiresAt));
  stopChats = () => {
    off();
    offTyping();
    for (const id of [...typingTimers.keys()]) setTyping(id, false, null);
    stopChats = null;
    liveChats.value = [];
    chatsLoaded.value = false;
  };
}
export const stopLiveChats = () => stopChats?.();

// ---- alerts ----

export const soundOn = signal(typeof localStorage === 'undefined' || localStorage.getItem('hd.chat.sound') !== 'off');
export function setSound(on: boolean) {
  soundOn.value = on;
  try {
    localStorage.setItem('hd.chat.sound', on ? 'on' : 'off');
  } catch {
    // this tab only
  }
}

/** 'unsupported' where the browser has no Notification API. */
export const notificationPermission = signal<NotificationPermission | 'unsupported'>(
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
);
/** Asked only from the agent's click on "Turn on desktop notifications", never on load. */
export async function askNotifications() {
  if (typeof Notification === 'undefined') return;
  notificationPermission.value = await Notification.requestPermission();
}

let audio: AudioContext | null = null;
/** A short two-tone beep from an oscillator: no audio file to fetch. */
export function beep() {
  if (typeof AudioContext === 'undefined') return;
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const t = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.type = 'sine';
      o.frequency.value = freq;
      const s = t + i * 0.18;
      g.gain.setValueAtTime(0.0001, s);
      g.gain.exponentialRampToValueAtTime(0.2, s + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, s + 0.16);
      o.connect(g).connect(audio.destination);
      o.start(s);
      o.stop(s + 0.17);
    }
  } catch {
    // no audio device: the notification still says it
  }
}

/** Only while the tab is hidden (a visible one shows it already) and the agent is not offline. */
export function notify(a: ChatAlert) {
  if (typeof document === 'undefined' || document.visibilityState === 'visible') return;
  if (availability.value === 'offline') return;
  if (soundOn.value) beep();
  if (notificationPermission.value !== 'granted') return;
  try {
    const n = new Notification(a.title, { body: a.body, tag: a.ticketId });
    n.onclick = () => {
      window.focus();
      location.hash = `/tickets/${a.ticketId}`;
      n.close();
    };
  } catch {
    // some mobile browsers only notify through a service worker: the beep and the badge remain
  }
}

// ---- on a chat ticket ----

/**
 * The agents' last public message when the visitor has read it (their receipt reaches it): where "Seen" goes.
 * A receipt naming a message not in the list counts by time.
 */
export function seenMessageId(
  messages: Message[],
  visitorRead: { upTo: string; readAt: string } | null,
): string | null {
  if (!visitorRead) return null;
  let last = -1;
  messages.forEach((m, i) => {
    if (!m.internal && m.author.type !== 'customer' && m.author.type !== 'system') last = i;
  });
  if (last < 0) return null;
  const upTo = messages.findIndex((m) => m.id === visitorRead.upTo);
  const seen = upTo >= 0 ? upTo >= last : visitorRead.readAt >= messages[last]!.createdAt;
  return seen ? messages[last]!.id : null;
}

/** The latest visitor message after the team's read receipt: what the agent has now seen (null: nothing new). */
export function unreadUpTo(messages: Message[], agentRead: { upTo: string } | null): string | null {
  const from = agentRead ? messages.findIndex((m) => m.id === agentRead.upTo) : -1;
  for (let i = messages.length - 1; i > from; i--) if (messages[i]!.author.type === 'customer') return messages[i]!.id;
  return null;
}

/** Calls fn at most once per `ms` (the first call at once): typing renewals. */
export function throttle(fn: () => void, ms: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < ms) return;
    last = t;
    fn();
  };
}

/** "Chrome 120 on Windows" from a user agent string (the full string stays in a tooltip). */
export function browserOf(ua: string | null): string {
  if (!ua) return 'Unknown browser';
  const pick = (re: RegExp) => ua.match(re)?.[1]?.split('.')[0];
  const name: [string, string | undefined] | null = /Edg\//.test(ua)
    ? ['Edge', pick(/Edg\/([\d.]+)/)]
    : /OPR\//.test(ua)
      ? ['Opera', pick(/OPR\/([\d.]+)/)]
      : /Firefox\//.test(ua)
        ? ['Firefox', pick(/Firefox\/([\d.]+)/)]
        : /Chrome\//.test(ua)
          ? ['Chrome', pick(/Chrome\/([\d.]+)/)]
          : /Safari\//.test(ua)
            ? ['Safari', pick(/Version\/([\d.]+)/)]
            : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /CrOS/.test(ua)
          ? 'ChromeOS'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  const browser = name ? `${name[0]}${name[1] ? ` ${name[1]}` : ''}` : 'Unknown browser';
  return os ? `${browser} on ${os}` : browser;
}
