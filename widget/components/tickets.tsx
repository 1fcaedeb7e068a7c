// "My tickets": the visitor's tickets with status and unread replies, one thread with live replies, a reply box and "forget me".
import { useEffect, useRef } from 'preact/hooks';
import type { Store } from '../store.ts';
import { isAgent } from '../state/visitor.ts';
import { fill } from '../../i18n/index.ts';
import { Problem } from './problem.tsx';
import { FilePicker, MessageFiles, pasteInto } from './attachments.tsx';

export function TicketList({ s }: { s: Store }) {
  const t = s.t.value;
  const list = s.tickets.value;
  const unread = s.unreadBy.value;
  return (
    <div>
      <h3 tabIndex={-1} data-focus>
        {t.tabTickets}
      </h3>
      {list === null ? (
        <p>{t.loading}</p>
      ) : list.length === 0 ? (
        <p>{t.noTickets}</p>
      ) : (
        <ul class="list">
          {list.map((tk) => (
            <li key={tk.id}>
              <button
                type="button"
                class="item"
                onClick={() => {
                  s.threadId.value = tk.id;
                  s.go('thread');
                }}
              >
                <b>{tk.subject}</b>
                <span class="meta">
                  #{tk.number} · <span class="status">{t[tk.status]}</span>
                  {unread[tk.id] > 0 && <span class="new"> {fill(t.unread, { n: unread[tk.id] })}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <button type="button" class="link" onClick={() => s.forget()}>
          {t.forget}
        </button>
      </div>
    </div>
  );
}

export function Thread({ s }: { s: Store }) {
  const t = s.t.value;
  const tk = s.tickets.value?.find((x) => x.id === s.threadId.value);
  const end = useRef<HTMLLIElement>(null);
  const count = tk?.messages.length ?? 0;
  useEffect(() => {
    const body = end.current?.closest('.body');
    if (body) body.scrollTop = body.scrollHeight;
  }, [count]);
  if (!tk) return null;
  const when = (iso: string) =>
    new Date(iso).toLocaleString(s.locale.value, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div>
      <button type="button" class="link" onClick={() => s.go('tickets')}>
        {t.back}
      </button>
      <h3 tabIndex={-1} data-focus>
        {tk.subject}
      </h3>
      <span class="meta">
        #{tk.number} · <span class="status">{t[tk.status]}</span>
      </span>
      <ol class="thread">
        {tk.messages.map((m, i) => (
          <li key={m.id} ref={i === count - 1 ? end : undefined} class={isAgent(m) ? 'msg' : 'msg me'}>
            <span class="who">{isAgent(m) ? m.author.name || t.support : t.you}</span>
            {m.body}
            <MessageFiles s={s} list={m.attachments} />
            <time dateTime={m.createdAt}>{when(m.createdAt)}</time>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void s.sendReply();
        }}
        onPaste={pasteInto(s.replyFiles)}
      >
        <div class="f">
          <label for="hd-reply">{t.reply}</label>
          <textarea
            id="hd-reply"
            value={s.replyText.value}
            onInput={(e) => (s.replyText.value = e.currentTarget.value)}
          />
        </div>
        <FilePicker s={s} f={s.replyFiles} />
        <Problem s={s} retry={s.sendReply} />
        <button
          class="btn"
          type="submit"
          disabled={s.busy.value || !(s.replyText.value.trim() || s.replyFiles.items.value.length)}
        >
          {t.sendReply}
        </button>
      </form>
    </div>
  );
}
