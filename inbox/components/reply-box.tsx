// The reply box: labelled Reply, toggles to an internal note, takes files (button, drop, paste), keeps the
// draft and its files when sending fails; `/` at the start picks a canned response, filled in for the ticket.
import { useEffect, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { api, type Page } from '../api.ts';
import { can } from '../state/session.ts';
import type { CannedResponse } from '../types.ts';
import { ErrorNotice } from './notice.tsx';
import { dropTarget, UploadList, useUploads } from './attachments.tsx';
import { filterCanned, slashQuery } from './canned-picker.ts';

export interface ReplyBoxProps {
  internal: boolean;
  onInternal: (v: boolean) => void;
  /** A reply may be only files: body is then empty. */
  onSend: (body: string, internal: boolean, attachmentIds: string[]) => Promise<void>;
  inputRef: Ref<HTMLTextAreaElement>;
  /** The agent is typing a public reply (the other agents see it, and the visitor in a live chat; the page throttles it). */
  onTyping?: () => void;
  /** The ticket replied to: canned responses are filled in for it. */
  ticketId?: string;
}

export function ReplyBox({ internal, onInternal, onSend, inputRef, onTyping, ticketId }: ReplyBoxProps) {
  const [body, setBody] = useState('');
  const [canned, setCanned] = useState<CannedResponse[] | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const [over, setOver] = useState(false);
  const uploads = useUploads();
  const ready = (!!body.trim() || uploads.ids.length > 0) && !uploads.uploading;
  const query = ticketId && can('canned-responses:read') ? slashQuery(body) : null;
  const open = query !== null && dismissed !== body;
  const matches = open && canned ? filterCanned(canned, query) : [];
  const shown = matches.length > 0;
  const current = shown ? matches[Math.min(active, matches.length - 1)] : null;
  // Loaded when first asked for, once per reply box.
  useEffect(() => {
    if (!open || canned !== null) return;
    setCanned([]);
    api.get<Page<CannedResponse>>('/canned-responses', { limit: 100 }).then(
      (p) => setCanned(p.data),
      (err) => setError(err),
    );
  }, [open, canned]);

  async function insert(r: CannedResponse) {
    setError(null);
    try {
      const rendered = await api.post<{ body: string }>(`/canned-responses/${r.id}/render`, { ticketId });
      setBody(rendered.body);
      setActive(0);
      const el = document.getElementById('reply-body') as HTMLTextAreaElement | null;
      el?.focus();
    } catch (err) {
      setError(err);
    }
  }

  async function send(e?: Event) {
    e?.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    setSent('');
    try {
      await onSend(body, internal, uploads.ids);
      setBody('');
      uploads.clear();
      setSent(internal ? 'Note added.' : 'Reply sent.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class={`reply${internal ? ' reply-note' : ''}${over ? ' reply-drop' : ''}`}
      onSubmit={send}
      {...dropTarget(uploads, setOver)}
    >
      <div class="reply-head">
        <label for="reply-body">Reply</label>
        <label class="switch">
          <input type="checkbox" checked={internal} onChange={(e) => onInternal(e.currentTarget.checked)} />
          Internal note
        </label>
      </div>
      <textarea
        id="reply-body"
        ref={inputRef}
        rows={5}
        value={body}
        aria-describedby="reply-help"
        aria-autocomplete={ticketId ? 'list' : undefined}
        aria-controls={shown ? 'canned-list' : undefined}
        aria-activedescendant={current ? `canned-${current.id}` : undefined}
        placeholder={internal ? 'Only your team sees this note' : 'Write to the customer…'}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          setActive(0);
          if (!internal && e.currentTarget.value.trim()) onTyping?.();
        }}
        onKeyDown={(e) => {
          if (shown && current) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const i = matches.indexOf(current) + (e.key === 'ArrowDown' ? 1 : -1);
              setActive((i + matches.length) % matches.length);
              return;
            }
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              void insert(current);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setDismissed(body);
              return;
            }
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e);
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      {shown && (
        <ul id="canned-list" class="canned-list" role="listbox" aria-label="Canned replies">
          {matches.map((r) => (
            <li
              key={r.id}
              id={`canned-${r.id}`}
              role="option"
              aria-selected={r === current}
              class={r === current ? 'active' : undefined}
              // Keep the focus in the reply box: the listbox is driven from there.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void insert(r)}
            >
              <strong>{r.title}</strong>
              {r.shortcut && <span class="muted"> /{r.shortcut}</span>}
              {!r.shared && <span class="pill">personal</span>}
              <span class="canned-preview muted">{r.body}</span>
            </li>
          ))}
        </ul>
      )}
      <p id="reply-help" class="help">
        {internal
          ? 'Internal note: visible to agents only, never to the customer.'
          : 'The customer sees this reply in the widget.'}{' '}
        Ctrl+Enter sends.{ticketId && can('canned-responses:read') ? ' Type / for canned replies.' : ''}
      </p>
      <UploadList uploads={uploads} id="reply-files" />
      <ErrorNotice error={error} />
      {sent && (
        <p class="muted" role="status">
          {sent}
        </p>
      )}
      <button class={`btn ${internal ? 'btn-note' : 'btn-primary'}`} type="submit" disabled={busy || !ready}>
        {busy ? 'Sending…' : uploads.uploading ? 'Uploading…' : internal ? 'Add note' : 'Send reply'}
      </button>
    </form>
  );
}
