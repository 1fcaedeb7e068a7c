// The conversation: visitor, agent, API-key and internal-note messages told apart by label, side and colour.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import type { Message } from '../types.ts';
import { dateTime, relative } from './format.ts';
import { MessageFiles } from './attachments.tsx';

export function kindOf(m: Message): 'note' | 'agent' | 'customer' | 'system' {
  if (m.internal) return 'note';
  if (m.author.type === 'customer') return 'customer';
  if (m.author.type === 'system') return 'system';
  return 'agent';
}

const LABEL = { note: 'Internal note', agent: 'Agent reply', customer: 'Customer', system: 'System' };

/** The mail a message came from, as received, loaded when the agent opens it. */
function OriginalMail({ ticketId, messageId }: { ticketId: string; messageId: string }) {
  const [source, setSource] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const load = async (open: boolean) => {
    if (!open || source !== null) return;
    try {
      const o = await api.get<{ source: string; truncated: boolean }>(
        `/tickets/${ticketId}/messages/${messageId}/original`,
      );
      setSource(o.truncated ? `${o.source}\n[… cut at 1 MB]` : o.source);
    } catch {
      setFailed(true);
    }
  };
  return (
    <details class="msg-original" onToggle={(e) => void load((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Show original</summary>
      {failed ? (
        <p role="alert">The original mail could not be loaded.</p>
      ) : source === null ? (
        <p>Loading…</p>
      ) : (
        <pre tabIndex={0} aria-label="Original mail">
          {source}
        </pre>
      )}
    </details>
  );
}

export function Thread({
  messages,
  requesterName,
  ticketId,
  originals,
  onStaleLink,
  seenId,
}: {
  messages: Message[];
  requesterName: string;
  ticketId?: string;
  /** Ids of the messages that came by mail (their original is kept). */
  originals?: ReadonlySet<string>;
  /** A file's image failed to load (its signed link may have expired): the page fetches fresh links. */
  onStaleLink?: () => void;
  /** A live chat's visitor has read up to here: "Seen" under this (the agents' last) message. */
  seenId?: string | null;
}) {
  return (
    <ol class="thread" aria-label="Conversation">
      {messages.map((m) => {
        const kind = kindOf(m);
        const viaApi = m.author.type === 'api';
        const who =
          m.author.name ||
          (kind === 'customer' ? requesterName : kind === 'system' ? 'System' : viaApi ? 'API key' : 'Agent');
        return (
          <li key={m.id} class={`msg msg-${kind}`} data-kind={kind}>
            <div class="msg-head">
              <span class="msg-who">{who}</span>
              {/* An integration writing as the team, named by its key ("CRM sync"), not a person. */}
              {viaApi && (
                <span class="pill msg-api" title="Written through the API">
                  API
                </span>
              )}
              <span class={`pill msg-kind msg-kind-${kind}`}>{LABEL[kind]}</span>
              <time dateTime={m.createdAt} title={dateTime(m.createdAt)}>
                {relative(m.createdAt)}
              </time>
            </div>
            {/* Text node, never HTML: whatever a visitor typed is shown exactly as typed. */}
            {m.body && <div class="msg-body">{m.body}</div>}
            <MessageFiles files={m.attachments} onStale={onStaleLink} />
            {ticketId && originals?.has(m.id) && <OriginalMail ticketId={ticketId} messageId={m.id} />}
            {seenId === m.id && <p class="msg-seen">Seen</p>}
          </li>
        );
      })}
    </ol>
  );
}
