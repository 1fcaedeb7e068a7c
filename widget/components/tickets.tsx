// "My tickets": the visitor's tickets with status and unread replies, one thread with live replies, a reply box and "forget me".
import { useEffect, useRef } from '../signals.ts';
import type { ComponentChild } from 'preact';
import type { Store } from '../store.ts';
import type { Message, Ticket } from '../api.ts';
import type { Signal } from '../signals.ts';
import type { Files } from '../state/attachments.ts';
import { isAgent } from '../state/visitor.ts';
import { fill } from '../../i18n/index.ts';
import { Problem } from './problem.tsx';
import { FilePicker, MessageFiles, pasteInto } from './attachments.tsx';

/** The panel's body follows the end of a conversation as it grows. */
export function useEnd(n: unknown) {
  const end = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const body = end.current?.closest('.body');
    if (body) body.scrollTop = body.scrollHeight;
  }, [n]);
  return end;
}

export const when = (s: Store, iso: string) =>
  new Date(iso).toLocaleString(s.locale.value, { dateStyle: 'medium', timeStyle: 'short' });

/** One message of a thread or a chat: who, what, files, when; `extra` goes under it ("Seen"). */
export function msg(s: Store, m: Message, extra?: ComponentChild) {
  const t = s.t.value;
  return (
    <li key={m.id} class={isAgent(m) ? 'msg' : 'msg me'}>
      <span class="who">{isAgent(m) ? m.author.name || t.support : t.you}</span>
      {m.body}
      <MessageFiles s={s} list={m.attachments} />
      <time dateTime={m.createdAt}>{when(s, m.createdAt)}</time>
      {extra}
    </li>
  );
}

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
        <button type="button" class="link" aria-expanded={!!s.erase.value} onClick={() => (s.erase.value = 'ask')}>
          {t.erase}
        </button>
      </div>
      {s.erase.value && <Erase s={s} />}
    </div>
  );
}

/**
 * Delete my data: a link to confirm goes to the email on the visitor's tickets. A chat visitor without one (a
 * placeholder address, `.invalid`) cannot confirm, so is offered Forget me.
 */
function Erase({ s }: { s: Store }) {
  const t = s.t.value;
  const top = useRef<HTMLParagraphElement>(null);
  const sent = s.erase.value === 'sent';
  useEffect(() => top.current?.focus(), [sent]);
  const email = s.person.value?.email;
  return (
    <div role="region" aria-label={t.erase} class="sugg">
      {!email || /\.invalid$/i.test(email) ? (
        <>
          <p tabIndex={-1} ref={top}>
            {t.eraseNoEmail}
          </p>
          <button type="button" class="ghost" onClick={() => s.forget()}>
            {t.forget}
          </button>
        </>
      ) : sent ? (
        <p class="ok" role="status" tabIndex={-1} ref={top}>
          {t.eraseSent}
        </p>
      ) : (
        <>
          <p tabIndex={-1} ref={top}>
            {t.eraseAsk}
          </p>
          <Problem s={s} />
          <div class="row">
            <button type="button" class="btn" disabled={s.busy.value} onClick={() => void s.askErase()}>
              {t.eraseSend}
            </button>
            <button type="button" class="ghost" onClick={() => (s.erase.value = '')}>
              {t.back}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

export function Thread({ s }: { s: Store }) {
  const t = s.t.value;
  const tk = s.tickets.value?.find((x) => x.id === s.threadId.value);
  const end = useEnd(tk?.messages.length);
  if (!tk) return null;
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
      <ol class="thread" ref={end}>
        {tk.messages.map((m) => msg(s, m))}
      </ol>
      <Rate s={s} tk={tk} />
      <Composer
        s={s}
        id="hd-reply"
        label={t.reply}
        text={s.replyText}
        send={s.sendReply}
        submit={t.sendReply}
        files={s.replyFiles}
      />
    </div>
  );
}

/**
 * "How did we do?" once the ticket is resolved (and the tenant asks): Good / Bad with an optional comment, then the
 * rating given, which takes focus when it was just given here. The server takes ratings for 7 days.
 */
function Rate({ s, tk }: { s: Store; tk: Ticket }) {
  const t = s.t.value;
  const sat = tk.satisfaction;
  const done = useRef<HTMLParagraphElement>(null);
  const just = s.ratedId.value === tk.id;
  useEffect(() => void (just && done.current?.focus()), [just]);
  if (!s.tenant.csat || !/^(resolved|closed)$/.test(tk.status)) return null;
  if (sat)
    return (
      <p class="ok" tabIndex={-1} ref={done}>
        {fill(t.rated, { r: t[sat.rating] })}
        {sat.comment && <q> {sat.comment}</q>}
      </p>
    );
  if (Date.now() - Date.parse(tk.updatedAt) > 6048e5) return null;
  const err = s.rateError.value;
  return (
    <section class="vote f" aria-labelledby="hd-rate">
      <b id="hd-rate" class="wide">
        {t.rateAsk}
      </b>
      <div class="f wide">
        <label for="hd-note">
          {t.rateNote}
          <span class="opt"> ({t.optional})</span>
        </label>
        <textarea id="hd-note" value={s.rateNote.value} onInput={(e) => (s.rateNote.value = e.currentTarget.value)} />
      </div>
      {err && (
        <p class="alert wide" role="alert">
          {err}
        </p>
      )}
      {(['good', 'bad'] as const).map((r) => (
        <button key={r} type="button" class="ghost" disabled={s.busy.value} onClick={() => void s.rate(tk.id, r)}>
          {t[r]}
        </button>
      ))}
    </section>
  );
}

interface ComposerProps {
  s: Store;
  id: string;
  label: string;
  text: Signal<string>;
  send: () => unknown;
  submit: string;
  files?: Files;
  /** Each keystroke's text (the chat's typing signal); else it is just kept. */
  input?: (v: string) => void;
  /** Enter sends and Shift+Enter makes a new line (the chat); else Enter makes a new line. */
  enter?: boolean;
}

/** A thread's reply box and the chat's composer: labelled text, files when given, the error line, the button. */
export function Composer({
  s,
  id,
  label,
  text,
  send,
  submit,
  files,
  enter,
  input = (v) => (text.value = v),
}: ComposerProps) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onPaste={files && pasteInto(files)}
    >
      <div class="f">
        <label for={id}>{label}</label>
        <textarea
          id={id}
          value={text.value}
          onInput={(e) => input(e.currentTarget.value)}
          // Not while an input method composes a word (Enter picks it), nor while a message is on its way.
          onKeyDown={(e) => {
            if (enter && e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              if (!s.busy.value) void send();
            }
          }}
        />
      </div>
      {files && <FilePicker s={s} f={files} />}
      <Problem s={s} retry={send} />
      <button class="btn" type="submit" disabled={s.busy.value || !(text.value.trim() || files?.items.value.length)}>
        {submit}
      </button>
    </form>
  );
}
