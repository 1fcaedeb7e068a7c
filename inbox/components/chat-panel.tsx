// A chat ticket's live part: its state, the visitor's page and browser, "End chat" / "Keep as ticket"; and the
// line under the thread saying the visitor is typing.
import { useState } from 'preact/hooks';
import type { Chat } from '../types.ts';
import { browserOf } from '../state/chat.ts';
import { VisitorPage } from '../pages/chats.tsx';
import { ErrorNotice } from './notice.tsx';
import { dateTime, relative } from './format.ts';

const STATE = { queued: 'Waiting for an agent', active: 'Live', ended: 'Ended' };
const ENDED = { agent: 'by an agent', unanswered: 'unanswered', visitor_left: 'the visitor left' };

export function ChatPanel({
  chat,
  editable,
  onEnd,
}: {
  chat: Chat;
  editable: boolean;
  /** resolved: "End chat"; open: "Keep as ticket". */
  onEnd: (status: 'resolved' | 'open') => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const end = (status: 'resolved' | 'open') => async () => {
    setBusy(true);
    setError(null);
    try {
      await onEnd(status);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const v = chat.visitor;
  return (
    <section class="card chat-panel" aria-labelledby="chat-title">
      <h2 id="chat-title">
        Live chat <span class={`pill chat-state chat-state-${chat.state}`}>{STATE[chat.state]}</span>
      </h2>
      <dl class="chat-facts">
        <div>
          <dt>Page</dt>
          <dd>
            <VisitorPage page={v.page} />
          </dd>
        </div>
        <div>
          <dt>Browser</dt>
          <dd title={v.userAgent ?? undefined}>{browserOf(v.userAgent)}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <time dateTime={v.lastSeenAt} title={dateTime(v.lastSeenAt)}>
              {relative(v.lastSeenAt)}
            </time>
          </dd>
        </div>
        {chat.endedAt && (
          <div>
            <dt>Ended</dt>
            <dd>
              <time dateTime={chat.endedAt} title={dateTime(chat.endedAt)}>
                {relative(chat.endedAt)}
              </time>
              {chat.endedReason && ` (${ENDED[chat.endedReason]})`}
            </dd>
          </div>
        )}
      </dl>
      {editable && chat.state !== 'ended' && (
        <div class="actions">
          <button class="btn btn-primary" type="button" disabled={busy} onClick={end('resolved')}>
            End chat
          </button>
          <button
            class="btn"
            type="button"
            disabled={busy}
            onClick={end('open')}
            title="End the conversation but keep the ticket open to follow up by email"
          >
            Keep as ticket
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}

/** Polite live region: screen readers hear when the visitor starts typing; empty otherwise. */
export function TypingLine({ who }: { who: string | null }) {
  return (
    <p class="typing-line" role="status" aria-live="polite">
      {who && (
        <>
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>{' '}
          {who} is typing…
        </>
      )}
    </p>
  );
}
