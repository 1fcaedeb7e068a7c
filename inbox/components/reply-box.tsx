// The reply box: labelled Reply, toggles to an internal note, takes files (button, drop, paste), keeps the
// draft and its files when sending fails.
import { useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { ErrorNotice } from './notice.tsx';
import { dropTarget, UploadList, useUploads } from './attachments.tsx';

export interface ReplyBoxProps {
  internal: boolean;
  onInternal: (v: boolean) => void;
  /** A reply may be only files: body is then empty. */
  onSend: (body: string, internal: boolean, attachmentIds: string[]) => Promise<void>;
  inputRef: Ref<HTMLTextAreaElement>;
  /** The agent is typing a public reply (a live chat tells the visitor; the page throttles it). */
  onTyping?: () => void;
}

export function ReplyBox({ internal, onInternal, onSend, inputRef, onTyping }: ReplyBoxProps) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const [over, setOver] = useState(false);
  const uploads = useUploads();
  const ready = (!!body.trim() || uploads.ids.length > 0) && !uploads.uploading;

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
        placeholder={internal ? 'Only your team sees this note' : 'Write to the customer…'}
        onInput={(e) => {
          setBody(e.currentTarget.value);
          if (!internal && e.currentTarget.value.trim()) onTyping?.();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e);
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <p id="reply-help" class="help">
        {internal
          ? 'Internal note: visible to agents only, never to the customer.'
          : 'The customer sees this reply in the widget.'}{' '}
        Ctrl+Enter sends.
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
