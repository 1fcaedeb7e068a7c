// Chats: the live conversations the agent may see (waiting in the queue, then active), with unread counts, the
// visitor's page and browser; live from the stream. Sound and desktop notifications are switched on here.
import { useEffect } from 'preact/hooks';
import { href } from '../state/router.ts';
import { agentName, loadAgents } from '../state/agents.ts';
import {
  askNotifications,
  availability,
  browserOf,
  chatsError,
  chatsLoaded,
  liveChats,
  loadChats,
  notificationPermission,
  requesterLabel,
  setSound,
  soundOn,
  visitorsTyping,
} from '../state/chat.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { relative } from '../components/format.ts';
import type { LiveChat } from '../types.ts';

/** The visitor's page as a short text: the title, or the host and path. */
export function pageLabel(page: { url: string; title: string | null }): string {
  if (page.title) return page.title;
  try {
    const u = new URL(page.url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return page.url;
  }
}

export function VisitorPage({ page }: { page: { url: string; title: string | null } | null }) {
  if (!page) return <span class="muted">Page not known</span>;
  return (
    <a href={page.url} target="_blank" rel="noopener noreferrer" title={page.url}>
      {pageLabel(page)}
    </a>
  );
}

function ChatRow({ c }: { c: LiveChat }) {
  const t = c.ticket;
  const who = requesterLabel(t.requester);
  const since = c.chat.state === 'queued' ? c.chat.queuedAt : (c.chat.assignedAt ?? c.chat.queuedAt);
  return (
    <li class={`chat-row${c.unreadCount ? ' chat-unread' : ''}`} data-id={t.id}>
      <div class="chat-row-head">
        <a class="chat-link" href={href(`/tickets/${t.id}`)}>
          <span class="chat-who">{who}</span> <span class="muted">#{t.number}</span>
        </a>
        {c.unreadCount > 0 && (
          <span class="pill pill-new">
            {c.unreadCount} unread<span class="sr-only"> message{c.unreadCount === 1 ? '' : 's'}</span>
          </span>
        )}
      </div>
      <p class="chat-subject">{t.subject}</p>
      {visitorsTyping.value.has(t.id) && <p class="chat-typing">{who} is typing…</p>}
      <dl class="chat-facts">
        <div>
          <dt>Page</dt>
          <dd>
            <VisitorPage page={c.chat.visitor.page} />
          </dd>
        </div>
        <div>
          <dt>Browser</dt>
          <dd title={c.chat.visitor.userAgent ?? undefined}>{browserOf(c.chat.visitor.userAgent)}</dd>
        </div>
        <div>
          <dt>{c.chat.state === 'queued' ? 'Waiting' : 'With'}</dt>
          <dd>
            {c.chat.state === 'queued' ? (
              <time dateTime={since}>since {relative(since)}</time>
            ) : (
              <>
                {agentName(t.assigneeId)} · <time dateTime={since}>{relative(since)}</time>
              </>
            )}
          </dd>
        </div>
      </dl>
    </li>
  );
}

function ChatList({ id, title, chats, empty }: { id: string; title: string; chats: LiveChat[]; empty: string }) {
  return (
    <section class="card chat-section" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span class="count">{chats.length}</span>
      </h2>
      {chats.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="plain chat-list">
          {chats.map((c) => (
            <ChatRow key={c.ticket.id} c={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Alerts() {
  const perm = notificationPermission.value;
  return (
    <div class="chat-alerts" role="group" aria-label="Alerts">
      <label class="switch">
        <input type="checkbox" checked={soundOn.value} onChange={(e) => setSound(e.currentTarget.checked)} />
        Sound for new chats and messages
      </label>
      {perm === 'default' && (
        <button class="btn btn-small" type="button" onClick={() => void askNotifications()}>
          Turn on desktop notifications
        </button>
      )}
      {perm === 'granted' && <span class="muted">Desktop notifications are on.</span>}
      {perm === 'denied' && (
        <span class="muted">Desktop notifications are blocked for this site in your browser's settings.</span>
      )}
    </div>
  );
}

export function ChatsPage() {
  useEffect(() => {
    loadAgents();
    void loadChats();
  }, []);
  const all = liveChats.value;
  const queued = all.filter((c) => c.chat.state === 'queued');
  const active = all.filter((c) => c.chat.state === 'active');
  const status = availability.value;
  return (
    <section class="page chats" aria-labelledby="chats-title">
      <div class="page-head">
        <h1 id="chats-title">Chats</h1>
        <Alerts />
      </div>
      <p class="help">
        {status === 'online'
          ? 'You are online: new chats come to you, up to your limit. Alerts sound while this tab is in the background.'
          : status === 'away'
            ? 'You are away: you keep your chats but get no new ones.'
            : 'You are offline: choose Online in Availability (top right) to take chats.'}
      </p>
      <ErrorNotice error={chatsError.value} />
      {!chatsLoaded.value && !chatsError.value ? (
        <p class="muted">Loading chats…</p>
      ) : (
        <div class="chat-columns">
          <ChatList id="chats-active" title="Active" chats={active} empty="No active chats." />
          <ChatList id="chats-queued" title="Waiting" chats={queued} empty="Nobody is waiting." />
        </div>
      )}
    </section>
  );
}
