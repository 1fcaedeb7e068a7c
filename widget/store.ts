// The widget's state and everything a visitor or the host page can do to it; components only read signals and call these.
import { batch, computed, signal } from '@preact/signals';
import { ApiError, type Api, type Article, type Message, type SearchHit, type Ticket } from './api.ts';
import { resolveFeatures, type CustomField, type PageConfig, type TenantConfig } from './config.ts';
import { fill, isRtl, pickLocale, withFallback, type Strings } from '../i18n/index.ts';
import { connectLive } from './live.ts';

export type View = 'help' | 'article' | 'contact' | 'sent' | 'tickets' | 'thread';
export type Draft = { name: string; email: string; subject: string; message: string; website: string; custom: Record<string, string | boolean> };
type Handler = (data?: unknown) => void;

const EMPTY: Draft = { name: '', email: '', subject: '', message: '', website: '', custom: {} };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The one thing the widget ever stores on the visitor's device, and only after they submit or identify. */
const storageKey = (tenantId: string) => `helpdesk:${tenantId}:visitor`;

/** A random id per ticket form, kept in memory only: enough for the server to link suggestions to their outcome. */
const newSession = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('');

export const isAgent = (m: Message) => m.author.type === 'agent';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked storage (sandboxed frames, strict privacy modes): the widget still works for this visit
  }
}

export type Store = ReturnType<typeof createStore>;

export function createStore(api: Api, page: PageConfig, tenant: TenantConfig, tokenRef: { current: string | null }) {
  const features = resolveFeatures(page, tenant);
  const locale = signal(pickLocale(tenant.locale));
  const t = signal<Strings>(withFallback(tenant.strings as Partial<Strings>));
  const dir = computed(() => (isRtl(locale.value) ? 'rtl' : 'ltr'));
  const customFields: CustomField[] = tenant.customFields ?? [];

  const isOpen = signal(false);
  const view = signal<View>(features.kb ? 'help' : 'contact');
  const query = signal('');
  const results = signal<SearchHit[] | null>(null);
  const article = signal<Article | null>(null);
  const articleFrom = signal<View>('help');
  const voted = signal(false);
  const suggestions = signal<SearchHit[]>([]);
  const draft = signal<Draft>({ ...EMPTY });
  const errors = signal<Record<string, string>>({});
  const problem = signal<string>('');
  const busy = signal(false);
  const sent = signal<Ticket | null>(null);
  const token = signal<string | null>(tokenRef.current);
  const tickets = signal<Ticket[] | null>(null);
  const threadId = signal<string | null>(null);
  const replyText = signal('');
  const unread = signal(0);
  const notice = signal('');
  const announce = signal('');

  const handlers = new Map<string, Set<Handler>>();
  const known = new Set<string>();
  let startedAt = 0;
  let session = newSession();
  let stopLive: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  function emit(name: string, data?: unknown) {
    for (const h of handlers.get(name) ?? []) {
      try {
        h(data);
      } catch (e) {
        console.error('[HelpDesk] an event handler threw', e);
      }
    }
  }

  function say(text: string) {
    // Re-setting the same text would not be re-announced; clear first.
    announce.value = '';
    setTimeout(() => (announce.value = text), 50);
  }

  function explain(e: unknown): string {
    const err = e instanceof ApiError ? e : new ApiError(0, String(e));
    if (err.status === 0) return t.value.offline;
    if (err.status === 429) return fill(t.value.tooMany, { s: err.retryAfter });
    return fill(t.value.failed, { s: err.message });
  }

  function setToken(v: string | null) {
    tokenRef.current = v;
    token.value = v;
    const s = storage();
    if (v) s?.setItem(storageKey(page.tenantId), v);
    else s?.removeItem(storageKey(page.tenantId));
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
        const watching = isOpen.value && view.value === 'thread' && threadId.value === ticket.id;
        if (!watching) unread.value++;
        say(fill(t.value.newReply, { s: message.body.slice(0, 140) }));
        emit('message:received', { ticketId: ticket.id, message });
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) forget(false);
    }
  }

  function go(v: View) {
    batch(() => {
      view.value = v;
      problem.value = '';
      notice.value = '';
      if (v === 'tickets' || v === 'thread') unread.value = 0;
    });
    if (v === 'contact' && !startedAt) startedAt = Date.now();
    if (v === 'tickets') void loadTickets();
  }

  function open() {
    if (isOpen.value) return;
    isOpen.value = true;
    // Reopening onto the thread shows the new replies, so they are read.
    if (view.value === 'tickets' || view.value === 'thread') unread.value = 0;
    emit('open');
  }
  function close() {
    if (!isOpen.value) return;
    isOpen.value = false;
    emit('close');
  }

  async function search(text: string) {
    query.value = text;
    if (!text.trim()) return void (results.value = null);
    try {
      const { data } = await api.search(text, locale.value);
      if (query.value !== text) return; // a newer search is under way
      results.value = data;
      problem.value = '';
      say(data.length ? fill(t.value.results, { n: data.length }) : fill(t.value.noResults, { q: text }));
    } catch (e) {
      problem.value = explain(e);
    }
  }

  async function openArticle(a: Article, from: View) {
    batch(() => {
      article.value = a;
      articleFrom.value = from;
      voted.value = false;
    });
    go('article');
    try {
      const full = await api.article(a.id, from === 'help' ? query.value.trim() : undefined);
      if (article.value?.id === a.id) article.value = full;
      emit('article:viewed', { id: full.id, title: full.title, slug: full.slug });
    } catch (e) {
      problem.value = explain(e);
    }
  }

  async function vote(helpful: boolean) {
    voted.value = true;
    await api.vote(article.value!.id, helpful).catch(() => undefined);
  }

  async function deflect() {
    const a = article.value!;
    await api.deflect(a.id, session).catch(() => undefined);
    session = newSession();
    batch(() => {
      draft.value = { ...EMPTY, name: draft.value.name, email: draft.value.email };
      suggestions.value = [];
      startedAt = 0;
    });
    go(features.kb ? 'help' : 'contact');
    notice.value = t.value.glad;
    say(t.value.glad);
  }

  function setField(k: keyof Omit<Draft, 'custom'>, v: string) {
    if (!startedAt) startedAt = Date.now();
    draft.value = { ...draft.value, [k]: v };
    if (errors.value[k]) errors.value = { ...errors.value, [k]: '' };
  }
  function setCustom(k: string, v: string | boolean) {
    draft.value = { ...draft.value, custom: { ...draft.value.custom, [k]: v } };
  }

  async function suggest(text: string) {
    if (!features.kb || text.trim().length < 3) return void (suggestions.value = []);
    try {
      const { data } = await api.suggest(text, locale.value, session);
      if (draft.value.subject === text) suggestions.value = data.slice(0, 3);
    } catch {
      // suggestions are a help, never a blocker
    }
  }

  function validate(): boolean {
    const d = draft.value;
    const e: Record<string, string> = {};
    const need = (k: string, v: unknown) => {
      if (v === '' || v === undefined || v === false || (typeof v === 'string' && !v.trim())) e[k] = t.value.required;
    };
    need('email', d.email);
    if (!e.email && !EMAIL.test(d.email.trim())) e.email = t.value.badEmail;
    need('subject', d.subject);
    need('message', d.message);
    for (const f of customFields) if (f.required) need(`cf-${f.key}`, d.custom[f.key]);
    errors.value = e;
    return !Object.keys(e).length;
  }

  async function submit(): Promise<boolean> {
    if (busy.value) return false;
    if (!validate()) {
      problem.value = t.value.fixErrors;
      return false;
    }
    busy.value = true;
    problem.value = '';
    const d = draft.value;
    try {
      const custom = Object.fromEntries(Object.entries(d.custom).filter(([, v]) => v !== ''));
      const res = await api.createTicket({
        subject: d.subject.trim(),
        message: d.message.trim(),
        email: d.email.trim(),
        ...(d.name.trim() ? { name: d.name.trim() } : {}),
        ...(customFields.length ? { customFields: custom } : {}),
        website: d.website,
        elapsedMs: Date.now() - startedAt,
        session,
      });
      for (const m of res.ticket.messages) known.add(m.id);
      batch(() => {
        setToken(res.visitorToken);
        sent.value = res.ticket;
        draft.value = { ...EMPTY, name: d.name, email: d.email };
        suggestions.value = [];
        startedAt = 0;
        session = newSession();
      });
      go('sent');
      say(t.value.sentTitle);
      emit('ticket:created', { id: res.ticket.id, number: res.ticket.number, subject: res.ticket.subject });
      goLive();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.errors.length) {
        errors.value = Object.fromEntries(e.errors.map((x) => [String(x.path).replace(/^(body\.)?customFields\./, 'cf-'), x.message]));
      }
      problem.value = explain(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function sendReply() {
    const id = threadId.value;
    const body = replyText.value.trim();
    if (!id || !body || busy.value) return;
    busy.value = true;
    problem.value = '';
    try {
      const m = await api.reply(id, body);
      known.add(m.id);
      replyText.value = '';
      await loadTickets();
    } catch (e) {
      problem.value = explain(e);
    } finally {
      busy.value = false;
    }
  }

  async function identify(who: { userId: string; email: string; name?: string; userHash: string }) {
    const { visitorToken } = await api.identify(who);
    setToken(visitorToken);
    prefill({ email: who.email, name: who.name });
    await loadTickets();
    goLive();
  }

  function prefill(p: Partial<Record<'name' | 'email' | 'subject' | 'message', string>> & { customFields?: Draft['custom'] }) {
    const d = { ...draft.value, custom: { ...draft.value.custom, ...p?.customFields } };
    for (const k of ['name', 'email', 'subject', 'message'] as const) if (typeof p?.[k] === 'string') d[k] = p[k];
    draft.value = d;
    // A page that prefills a request wants the form in front of the visitor when the panel opens.
    if (features.tickets && (p?.subject || p?.message) && (view.value === 'help' || view.value === 'sent')) go('contact');
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
      if (view.value === 'tickets' || view.value === 'thread') view.value = features.kb ? 'help' : 'contact';
      if (tell) notice.value = t.value.forgotten;
    });
    if (tell) say(t.value.forgotten);
  }

  /** Other languages' texts come from the server (embed.js carries English only); direction flips with them. */
  async function setLocale(wanted: string) {
    const l = pickLocale(wanted);
    const next = l === 'en' ? {} : (await api.config(l)).strings;
    batch(() => {
      t.value = withFallback(next as Partial<Strings>);
      locale.value = l;
    });
  }

  function on(name: string, fn: Handler) {
    if (typeof fn !== 'function') return;
    if (!handlers.has(name)) handlers.set(name, new Set());
    handlers.get(name)!.add(fn);
  }
  function off(name: string, fn?: Handler) {
    if (fn) handlers.get(name)?.delete(fn);
    else handlers.delete(name);
  }

  function start() {
    if (token.value) {
      void loadTickets();
      goLive();
    }
  }

  function dispose() {
    stopLive?.();
    clearTimeout(refreshTimer);
    handlers.clear();
  }

  return {
    page, tenant, features, customFields, locale, t, dir,
    isOpen, view, query, results, article, articleFrom, voted, suggestions, draft, errors, problem, busy, sent,
    token, tickets, threadId, replyText, unread, notice, announce,
    emit, go, open, close, toggle: () => (isOpen.value ? close() : open()), search, openArticle, vote, deflect,
    setField, setCustom, suggest, submit, sendReply, loadTickets, identify, prefill, forget, setLocale, on, off, start, dispose,
  };
}

export const readStoredToken = (tenantId: string) => storage()?.getItem(storageKey(tenantId)) ?? null;
