// One ticket: the thread, the reply box, inline properties, the customer and the history; live and keyboard-driven.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../api.ts';
import type { Activity, Chat, Customer, Message, Ticket, TicketMerge, TicketWithThread } from '../types.ts';
import { can, me } from '../state/session.ts';
import { href, navigate } from '../state/router.ts';
import { loadAgents } from '../state/agents.ts';
import { SatisfactionCard } from '../components/satisfaction.tsx';
import { onLiveEvent, onTyping, onViewing, ticketIdOf } from '../state/events.ts';
import {
  isPlaceholderEmail,
  requesterLabel,
  seenMessageId,
  throttle,
  TYPING_EVERY_MS,
  unreadUpTo,
} from '../state/chat.ts';
import { ChatPanel, TypingLine } from '../components/chat-panel.tsx';
import { useShortcuts } from '../state/shortcuts.ts';
import * as Q from '../state/queue.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { PriorityBadge, SlaBadge, StatusBadge } from '../components/badges.tsx';
import { Thread } from '../components/thread.tsx';
import { ReplyBox } from '../components/reply-box.tsx';
import { MacroMenu } from '../components/macro-menu.tsx';
import { MergeDialog } from '../components/merge-dialog.tsx';
import { TicketFields } from '../components/ticket-fields.tsx';
import { CustomFieldValues } from '../components/custom-field-values.tsx';
import { ActivityList } from '../components/activity-list.tsx';
import { EditCustomer } from '../components/edit-customer.tsx';
import { dateTime, relative } from '../components/format.ts';
import { earliestExpiry, withScanned } from '../components/attachments.tsx';
import { SnoozeBadge, SnoozeMenu, type SnoozeChoice } from '../components/snooze-menu.tsx';

/** How often the page says "I am viewing this" (the server holds each for 30 s). */
const VIEWING_EVERY_MS = 15_000;
const NEW_MESSAGES = 'https://helpdesk.dev/problems/new-messages';

/** Who else is on the ticket, for the presence line: "Otto is viewing", "Otto and Mina are viewing". */
export function presenceText(names: string[], verb: 'viewing' | 'typing'): string {
  if (!names.length) return '';
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${who} ${names.length === 1 ? 'is' : 'are'} ${verb}${verb === 'typing' ? '…' : ''}`;
}

/** The presence line: who else views, who else types ("Otto is viewing · Mina is typing…"); empty when alone. */
export function presenceLine(viewers: Record<string, string>, typing: Record<string, string>): string {
  return [presenceText(Object.values(viewers), 'viewing'), presenceText([...new Set(Object.values(typing))], 'typing')]
    .filter(Boolean)
    .join(' · ');
}

/** How long another agent's typing shows when its signal names no expiry (the server's TTL is 5 s). */
const TYPING_HOLD_MS = 5_000;

/** The server's reserved domain for visitors without an email (server/chat/schemas.ts PLACEHOLDER_DOMAIN). */

function CustomerPanel({ ticket }: { ticket: Ticket }) {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [others, setOthers] = useState<Ticket[]>([]);
  const [editing, setEditing] = useState(false);
  const cid = ticket.requester.id;
  useEffect(() => {
    if (!cid) return;
    if (can('customers:read')) api.get<Customer>(`/customers/${cid}`).then(setCustomer, () => setCustomer(null));
    api.get<Page<Ticket>>(`/customers/${cid}/tickets`, { limit: 10 }).then(
      (p) => setOthers(p.data.filter((t) => t.id !== ticket.id)),
      () => setOthers([]),
    );
  }, [cid, ticket.id]);
  const name = customer?.name ?? ticket.requester.name;
  const email = customer?.email ?? ticket.requester.email;
  return (
    <section class="card customer" aria-labelledby="customer-title">
      <h2 id="customer-title">Customer</h2>
      {editing && customer ? (
        <EditCustomer
          customer={customer}
          onSaved={(c) => (setCustomer(c), setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <p class="customer-name">{name || 'No name given'}</p>
          <p>
            {/* A chat visitor who gave no email has a reserved placeholder address that is never mailed. */}
            {isPlaceholderEmail(email) ? (
              <span class="muted">No email given yet</span>
            ) : (
              <a href={`mailto:${email}`}>{email}</a>
            )}
          </p>
          {cid && can('customers:read') && (
            <p>
              <a href={href(`/customers/${cid}`)}>Customer profile</a>
            </p>
          )}
          {customer && can('customers:update') && (
            <button class="btn btn-small btn-ghost" type="button" onClick={() => setEditing(true)}>
              Edit customer
            </button>
          )}
        </>
      )}
      {customer?.externalId && <p class="muted">Your user id: {customer.externalId}</p>}
      {customer?.createdAt && <p class="muted">Customer since {dateTime(customer.createdAt)}</p>}
      <h3>Other tickets</h3>
      {others.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <ul class="plain others">
          {others.map((t) => (
            <li key={t.id}>
              <a href={href(`/tickets/${t.id}`)}>
                #{t.number} {t.subject}
              </a>{' '}
              <StatusBadge status={t.status} /> <span class="muted">{relative(t.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** On a merged ticket: where its conversation went. */
function MergedBanner({ target, id }: { target: TicketMerge['target'] | null; id: string }) {
  return (
    <div class="notice merge-notice" role="region" aria-label="Merged">
      <p>
        This ticket was merged into{' '}
        <a href={href(`/tickets/${id}`)}>{target ? `#${target.number} ${target.subject}` : 'another ticket'}</a>; its
        conversation continues there.
      </p>
    </div>
  );
}

export function TicketPage({ id }: { id: string }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [merges, setMerges] = useState<TicketMerge[]>([]);
  const [activity, setActivity] = useState<Activity[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [internal, setInternal] = useState(false);
  const [liveNote, setLiveNote] = useState('');
  const [originals, setOriginals] = useState<ReadonlySet<string>>(new Set());
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const [chat, setChat] = useState<Chat | null>(null);
  const [typing, setTyping] = useState<string | null>(null);
  // Collision: the other agents on this ticket, the newest message when the reply box loaded, and the held reply.
  const [viewers, setViewers] = useState<Record<string, string>>({});
  const [agentsTyping, setAgentsTyping] = useState<Record<string, string>>({});
  const draftBase = useRef<string | null>(null);
  const [held, setHeld] = useState<{ messages: Message[]; decide: (send: boolean) => void } | null>(null);
  // A spam ticket is only released or deleted: a reply or change would reach the sender (the server refuses it).
  const editable = can('tickets:update') && !ticket?.spam;

  // A load started for the previous ticket (a live refresh) may finish after j/k moved on: drop it.
  const shown = useRef(id);
  shown.current = id;

  async function loadTicket() {
    try {
      const t = await api.get<TicketWithThread>(`/tickets/${id}`);
      if (t.id !== shown.current) return;
      setTicket(t);
      setMessages(t.messages);
      setMerges(t.merges);
      // The reply answers what was on screen when its draft began: until the agent types, that is the newest message.
      if (!draftBase.current || !replyRef.current?.value.trim())
        draftBase.current = t.messages[t.messages.length - 1]?.id ?? null;
      setError(null);
      Q.upsertTicket(t);
      if (t.channel === 'chat') {
        const c = await api.get<Chat>(`/tickets/${t.id}/chat`).catch(() => null);
        if (t.id === shown.current) setChat(c);
      }
      if (t.channel === 'email') {
        const kept = await api.get<{ data: { messageId: string }[] }>(`/tickets/${t.id}/mail-originals`);
        if (t.id === shown.current) setOriginals(new Set(kept.data.map((o) => o.messageId)));
      }
    } catch (e) {
      setError(e);
    }
  }
  async function loadActivity() {
    try {
      const page = await api.get<Page<Activity>>(`/tickets/${id}/activity`, { limit: 100 });
      if (id === shown.current) setActivity(page.data);
    } catch {
      // the history is secondary; the ticket itself reports errors
    }
  }

  useEffect(() => {
    setTicket(null);
    setMerges([]);
    setActivity([]);
    setChat(null);
    setTyping(null);
    setViewers({});
    setAgentsTyping({});
    setHeld(null);
    draftBase.current = null;
    Q.select(id);
    loadAgents();
    loadTicket();
    loadActivity();
    if (!Q.tickets.value.length) Q.loadQueue({ keepPlace: true });
    // The visitor typing: shown until the server says stop (or its expiry passes, should the stop be lost).
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const offTyping = onTyping((s) => {
      if (s.ticketId !== id || s.side !== 'visitor') return;
      clearTimeout(typingTimer);
      setTyping(s.typing ? s.name || 'The visitor' : null);
      if (s.typing && s.expiresAt)
        typingTimer = setTimeout(() => setTyping(null), Math.max(0, Date.parse(s.expiresAt) - Date.now()) + 1_000);
    });
    const offEvents = onLiveEvent((e) => {
      if (e.type === 'chat.updated' && e.data.ticketId === id) return setChat(e.data.chat);
      if (e.type === 'message.read' && e.data.ticketId === id) {
        const { side, upTo, readAt } = e.data;
        return setChat((c) => c && { ...c, reads: { ...c.reads, [side]: { upTo, readAt } } });
      }
      if (e.type === 'message.created' && e.data.ticketId === id && e.data.message.author.type === 'customer')
        setTyping(null);
      if (ticketIdOf(e) !== id) return;
      if (e.type === 'attachment.scanned') {
        // The scanner's verdict on one file, with a link signed for this agent: swap it in where it is.
        const a = e.data.attachment;
        if (a.status === 'ready' && !a.url) return void loadTicket();
        setMessages((list) => withScanned(list, e.data.messageId, a));
        setLiveNote(a.status === 'ready' ? `${a.filename} passed the virus scan.` : `${a.filename} was quarantined.`);
        return;
      }
      if (e.type === 'message.created') setLiveNote('New message in this conversation.');
      else setLiveNote('This ticket was just updated.');
      loadTicket();
      loadActivity();
    });
    return () => {
      offTyping();
      offEvents();
      clearTimeout(typingTimer);
    };
  }, [id]);

  // Presence: a heartbeat while the ticket is open (its answer names who is here already), the others' signals.
  useEffect(() => {
    const myId = me.value?.agent?.id;
    const beat = () =>
      void api
        .post<{ data: { agentId: string; name: string | null }[] }>(`/tickets/${id}/viewing`)
        .then(
          (r) =>
            shown.current === id &&
            setViewers(Object.fromEntries(r.data.map((v) => [v.agentId, v.name || 'An agent']))),
        )
        .catch(() => {});
    beat();
    const timer = setInterval(beat, VIEWING_EVERY_MS);
    const offViewing = onViewing((v) => {
      if (v.ticketId !== id || v.agentId === myId) return;
      setViewers((all) => {
        const next = { ...all };
        if (v.viewing) next[v.agentId] = v.name || 'An agent';
        else delete next[v.agentId];
        return next;
      });
    });
    // Another agent writing a reply: until typing: false, their next message, or the expiry passes (a lost stop).
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
    const stopTyping = (who: string) => {
      clearTimeout(typingTimers.get(who));
      typingTimers.delete(who);
      setAgentsTyping((all) => {
        const next = { ...all };
        delete next[who];
        return next;
      });
    };
    const offTyping = onTyping((s) => {
      if (s.ticketId !== id || s.side !== 'agent') return;
      const who = s.agentId ?? s.name;
      if (!who || who === myId || (!s.agentId && s.name === me.value?.agent?.name)) return;
      if (!s.typing) return stopTyping(who);
      clearTimeout(typingTimers.get(who));
      const left = s.expiresAt ? Math.max(0, Date.parse(s.expiresAt) - Date.now()) : TYPING_HOLD_MS;
      typingTimers.set(
        who,
        setTimeout(() => stopTyping(who), left + 1_000),
      );
      setAgentsTyping((all) => ({ ...all, [who]: s.name || 'An agent' }));
    });
    const offPosted = onLiveEvent((e) => {
      const author = e.type === 'message.created' && e.data.ticketId === id ? e.data.message.author : null;
      if (author?.type === 'agent' && author.id) stopTyping(author.id);
    });
    return () => {
      clearInterval(timer);
      offViewing();
      offTyping();
      offPosted();
      for (const t of typingTimers.values()) clearTimeout(t);
      void api.del(`/tickets/${id}/viewing`).catch(() => {});
    };
  }, [id]);

  // Typing a public reply tells the other agents on the ticket, and in a live chat the visitor (renewed at most every
  // 2 s; the server decides who hears it)…
  const live = chat !== null && chat.state !== 'ended';
  const signalTyping = useMemo(
    () => throttle(() => void api.post(`/tickets/${id}/typing`).catch(() => {}), TYPING_EVERY_MS),
    [id],
  );
  // …and "read" once the agent has the visitor's messages on a visible screen.
  const [visible, setVisible] = useState(typeof document === 'undefined' || document.visibilityState === 'visible');
  useEffect(() => {
    const on = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', on);
    return () => document.removeEventListener('visibilitychange', on);
  }, []);
  const markedRead = useRef<string | null>(null);
  useEffect(() => {
    if (!chat || !visible) return;
    const upTo = unreadUpTo(messages, chat.reads.agent);
    if (!upTo || upTo === markedRead.current) return;
    markedRead.current = upTo;
    api.post(`/tickets/${id}/read`, { upTo }).catch(() => (markedRead.current = null));
  }, [chat, messages, visible, id]);
  async function endChat(status: 'resolved' | 'open') {
    const r = await api.post<{ ticket: Ticket; chat: Chat }>(`/tickets/${id}/chat/end`, { status });
    setChat(r.chat);
    setTicket(r.ticket);
    Q.rememberOwnChanges([r.ticket]);
    Q.upsertTicket(r.ticket);
    setLiveNote(status === 'resolved' ? 'Chat ended and the ticket resolved.' : 'Chat ended; the ticket stays open.');
    loadActivity();
  }

  // Download links are signed for a while (FILE_URL_TTL_MINUTES): fetch fresh ones shortly before the first lapses.
  useEffect(() => {
    const exp = earliestExpiry(messages);
    if (exp === null) return;
    const left = exp - Date.now();
    const wait = Math.min(Math.max(left - Math.min(60_000, left / 4), 5_000), 2 ** 31 - 1);
    const timer = setTimeout(() => void loadTicket(), wait);
    return () => clearTimeout(timer);
  }, [messages]);
  // A thumbnail that fails to load most likely has a lapsed link (a laptop asleep past the timer): refetch, at most every 30 s.
  const lastStale = useRef(0);
  const staleLink = () => {
    if (Date.now() - lastStale.current < 30_000) return;
    lastStale.current = Date.now();
    void loadTicket();
  };

  async function patch(p: Partial<Ticket>) {
    const t = await api.patch<Ticket>(`/tickets/${id}`, p);
    setTicket(t);
    Q.rememberOwnChanges([t]);
    Q.upsertTicket(t);
    loadActivity();
  }
  async function send(body: string, asNote: boolean, attachmentIds: string[]) {
    // A public reply says which message it answers; a newer one by someone else holds it until the agent decides.
    const base = asNote ? null : draftBase.current;
    const post = (force: boolean) =>
      api.post<Message>(`/tickets/${id}/messages`, {
        body,
        internal: asNote,
        ...(attachmentIds.length ? { attachmentIds } : {}),
        ...(base ? { lastSeenMessageId: base } : {}),
        ...(force ? { force: true } : {}),
      });
    let m: Message;
    try {
      m = await post(false);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 409 && e.problem.type === NEW_MESSAGES)) throw e;
      const unseen = e.problem.messages as Message[];
      loadTicket();
      const go = await new Promise<boolean>((decide) => setHeld({ messages: unseen, decide }));
      setHeld(null);
      draftBase.current = unseen[unseen.length - 1]?.id ?? draftBase.current;
      if (!go) throw new Error('Not sent. Your reply is still here; read the new message first.', { cause: e });
      m = await post(true);
    }
    draftBase.current = m.id;
    setMessages((list) => (list.some((x) => x.id === m.id) ? list : [...list, m]));
    loadTicket();
  }
  async function snooze(c: SnoozeChoice | null) {
    setActionError(null);
    try {
      const t = c ? await api.post<Ticket>(`/tickets/${id}/snooze`, c) : await api.del<Ticket>(`/tickets/${id}/snooze`);
      setTicket(t);
      Q.rememberOwnChanges([t]);
      Q.upsertTicket(t);
      setLiveNote(c ? 'Snoozed.' : 'Back in the queue.');
      Q.loadCounts();
      loadActivity();
    } catch (e) {
      setActionError(e);
    }
  }
  async function quick(p: Partial<Ticket>) {
    setActionError(null);
    try {
      await patch(p);
    } catch (e) {
      setActionError(e);
    }
  }
  /** Resolve, then on to the next ticket of the queue as the agent saw it (the queue itself after the last one). */
  async function resolveAndNext() {
    setActionError(null);
    const next = Q.neighbour(id, 1);
    try {
      await patch({ status: 'resolved' });
    } catch (e) {
      setActionError(e);
      return;
    }
    if (shown.current !== id) return; // the agent already moved on while it saved
    navigate(next && next !== id ? `/tickets/${next}` : '/');
  }
  async function applyMacro(macroId: string, name: string) {
    setActionError(null);
    try {
      const t = await api.post<Ticket>(`/tickets/${id}/apply-macro`, { macroId });
      Q.rememberOwnChanges([t]);
      Q.upsertTicket(t);
      setLiveNote(`Applied the macro “${name}”.`);
      await loadTicket();
      loadActivity();
    } catch (e) {
      setActionError(e);
    }
  }
  async function notSpam() {
    setActionError(null);
    try {
      const t = await api.post<Ticket>(`/tickets/${id}/not-spam`);
      setTicket({ ...ticket!, ...t });
      Q.rememberOwnChanges([t]);
      setLiveNote('Moved to the queue as a new ticket.');
      loadActivity();
      Q.loadCounts();
    } catch (e) {
      setActionError(e);
    }
  }
  async function deleteSpam() {
    if (!confirm(`Delete ticket #${ticket!.number} for good? Its messages cannot be brought back.`)) return;
    setActionError(null);
    try {
      await api.del(`/tickets/${id}`);
      await Promise.all([Q.loadQueue({ keepPlace: true }), Q.loadCounts()]);
      navigate('/');
    } catch (e) {
      setActionError(e);
    }
  }
  async function merged(t: Ticket) {
    Q.rememberOwnChanges([t]);
    Q.upsertTicket(t);
    setLiveNote('Merged into this ticket. You can undo it for 10 minutes.');
    await loadTicket();
    loadActivity();
    void Q.loadQueue({ keepPlace: true });
  }
  async function undoMerge() {
    setActionError(null);
    try {
      const t = await api.post<Ticket>(`/tickets/${id}/unmerge`);
      Q.rememberOwnChanges([t]);
      Q.upsertTicket(t);
      setLiveNote('The merge was undone.');
      await loadTicket();
      loadActivity();
      void Q.loadQueue({ keepPlace: true });
    } catch (e) {
      setActionError(e);
    }
  }
  // The undo button is offered until the newest merge into this ticket can no longer be undone.
  const [clockTick, setClockTick] = useState(0);
  const undoable = merges.find((m) => m.target.id === id && Date.parse(m.undoUntil) > Date.now());
  useEffect(() => {
    if (!undoable) return;
    const timer = setTimeout(
      () => setClockTick((n) => n + 1),
      Math.min(Date.parse(undoable.undoUntil) - Date.now() + 500, 2 ** 31 - 1),
    );
    return () => clearTimeout(timer);
  }, [undoable?.id, clockTick]);
  function go(delta: number) {
    const next = Q.neighbour(id, delta);
    if (next) navigate(`/tickets/${next}`);
  }
  const focusReply = (note: boolean) => {
    if (!editable) return;
    setInternal(note);
    replyRef.current?.focus();
  };
  useShortcuts({
    j: () => go(1),
    k: () => go(-1),
    r: () => focusReply(false),
    n: () => focusReply(true),
    e: () => editable && resolveAndNext(),
    a: () => editable && me.value?.agent && quick({ assigneeId: me.value.agent.id }),
    u: () => navigate('/'),
  });

  if (error && !ticket) {
    return (
      <section class="page">
        <p>
          <a href="#/">← Tickets</a>
        </p>
        <ErrorNotice error={error} />
      </section>
    );
  }
  if (!ticket) return <p class="muted page">Loading ticket…</p>;
  const list = Q.tickets.value;
  const pos = list.findIndex((t) => t.id === id);
  return (
    <section class="page ticket">
      <div class="ticket-nav">
        <a href="#/">← Tickets</a>
        {pos >= 0 && (
          <span class="muted">
            {pos + 1} of {list.length}
            {Q.nextCursor.value ? '+' : ''} · <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>?</kbd> shortcuts
          </span>
        )}
      </div>
      <header class="ticket-head">
        <h1 id="ticket-title">
          <span class="muted">#{ticket.number}</span> {ticket.subject}
        </h1>
        <div class="badges">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
          <SlaBadge ticket={ticket} />
          <SnoozeBadge ticket={ticket} />
          <span class="muted">
            via {ticket.channel} · opened {relative(ticket.createdAt)}
          </span>
        </div>
        {editable && (
          <div class="actions">
            {ticket.status !== 'resolved' && (
              <button class="btn" type="button" onClick={() => resolveAndNext()}>
                Resolve <kbd>e</kbd>
              </button>
            )}
            {ticket.assigneeId !== me.value?.agent?.id && (
              <button class="btn" type="button" onClick={() => quick({ assigneeId: me.value!.agent!.id })}>
                Assign to me <kbd>a</kbd>
              </button>
            )}
            {can('macros:read') && <MacroMenu onApply={applyMacro} />}
            <SnoozeMenu ticket={ticket} onSnooze={(c) => void snooze(c)} onWake={() => void snooze(null)} />
            {!ticket.mergedInto && <MergeDialog ticket={ticket} onMerged={merged} />}
          </div>
        )}
        {ticket.mergedInto && (
          <MergedBanner
            target={merges.find((m) => m.target.id === ticket.mergedInto)?.target ?? null}
            id={ticket.mergedInto}
          />
        )}
        {undoable && (
          <div class="notice merge-notice" role="region" aria-label="Merge">
            <p>
              Merged into this ticket:{' '}
              {undoable.sources.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ', '}
                  <a href={href(`/tickets/${s.id}`)}>
                    #{s.number} {s.subject}
                  </a>
                </span>
              ))}
              .{' '}
              {can('tickets:update') && (
                <button class="btn btn-small" type="button" onClick={undoMerge}>
                  Undo merge
                </button>
              )}
            </p>
          </div>
        )}
        {ticket.spam && (
          <div class="notice spam-notice" role="region" aria-label="Spam">
            <p>
              <strong>This ticket is in Spam.</strong> It failed spam checks, so it is in no view, count, report or
              notification, and nobody was told about it. Mark it as not spam and it arrives as a new ticket.
            </p>
            {can('tickets:update') && (
              <button class="btn" type="button" onClick={notSpam}>
                Not spam
              </button>
            )}{' '}
            {can('tickets:delete') && (
              <button class="btn btn-danger-ghost" type="button" onClick={deleteSpam}>
                Delete
              </button>
            )}
          </div>
        )}
        {presenceLine(viewers, agentsTyping) && (
          <p class="presence" role="status">
            {presenceLine(viewers, agentsTyping)}
          </p>
        )}
        <ErrorNotice error={actionError} />
        <p class="sr-only" role="status" aria-live="polite">
          {liveNote}
        </p>
      </header>
      <div class="ticket-grid">
        <div class="ticket-main">
          <Thread
            messages={messages}
            requesterName={requesterLabel(ticket.requester) || 'Customer'}
            ticketId={ticket.id}
            originals={originals}
            onStaleLink={staleLink}
            seenId={chat ? seenMessageId(messages, chat.reads.visitor) : null}
          />
          {chat && <TypingLine who={live ? typing : null} />}
          {held && (
            <div class="notice collision" role="alertdialog" aria-labelledby="collision-title">
              <p id="collision-title">
                <strong>A new message arrived: send anyway?</strong>
              </p>
              {held.messages.map((m) => (
                <blockquote key={m.id} class="collision-message">
                  <span class="muted">{m.author.name ?? (m.author.type === 'customer' ? 'Customer' : 'Agent')}:</span>{' '}
                  {m.body}
                </blockquote>
              ))}
              <button class="btn btn-primary" type="button" onClick={() => held.decide(true)}>
                Send anyway
              </button>{' '}
              <button class="btn" type="button" onClick={() => held.decide(false)}>
                Cancel
              </button>
            </div>
          )}
          {editable ? (
            <ReplyBox
              internal={internal}
              onInternal={setInternal}
              onSend={send}
              inputRef={replyRef}
              onTyping={signalTyping}
              ticketId={ticket.id}
            />
          ) : (
            !ticket.spam && <p class="help">You have read-only access to this ticket.</p>
          )}
          <section class="card" aria-labelledby="activity-title">
            <h2 id="activity-title">Activity</h2>
            <ActivityList items={activity} />
          </section>
        </div>
        <aside class="ticket-side" aria-label="Ticket details">
          {chat && <ChatPanel chat={chat} editable={editable} onEnd={endChat} />}
          <TicketFields ticket={ticket} editable={editable} onPatch={patch} />
          <CustomFieldValues ticket={ticket} editable={editable} onPatch={patch} />
          {ticket.satisfaction && <SatisfactionCard satisfaction={ticket.satisfaction} />}
          <CustomerPanel ticket={ticket} />
        </aside>
      </div>
    </section>
  );
}
