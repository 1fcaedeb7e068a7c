// The conversation: visitor, agent, API-key and internal-note messages told apart by label, side and colour.
import type { Message } from '../types.ts';
import { dateTime, relative } from './format.ts';

export function kindOf(m: Message): 'note' | 'agent' | 'customer' | 'system' {
  if (m.internal) return 'note';
  if (m.author.type === 'customer') return 'customer';
  if (m.author.type === 'system') return 'system';
  return 'agent';
}

const LABEL = { note: 'Internal note', agent: 'Agent reply', customer: 'Customer', system: 'System' };

export function Thread({ messages, requesterName }: { messages: Message[]; requesterName: string }) {
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
            <div class="msg-body">{m.body}</div>
          </li>
        );
      })}
    </ol>
  );
}
