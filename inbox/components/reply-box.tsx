// The reply box: labelled Reply, toggles to an internal note, keeps the draft when sending fails.
import { useState } from 'preact/hooks';
import type { Ref } from 'preact';
import { ErrorNotice } from './notice.tsx';

export interface ReplyBoxProps {
  internal: boolean;
  onInternal: (v: boolean) => void;
  onSend: (body: string, internal: boolean) => Promise<void>;
  inputRef: Ref<HTMLTextAreaElement>;
}

export function ReplyBox({ internal, onInternal, onSend, inputRef }: ReplyBoxProps) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');

  async function send(e?: Event) {
    e?.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    setError(null);
    setSent('');
    try {
      await onSend(body, internal);
      setBody('');
      setSent(internal ? 'Note added.' : 'Reply sent.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class={`reply${internal ? ' reply-note' : ''}`} onSubmit={send}>
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
        onInput={(e) => setBody(e.currentTarget.value)}
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
      <ErrorNotice error={error} />
      {sent && (
        <p class="muted" role="status">
          {sent}
        </p>
      )}
      <button class={`btn ${internal ? 'btn-note' : 'btn-primary'}`} type="submit" disabled={busy || !body.trim()}>
        {busy ? 'Sending…' : internal ? 'Add note' : 'Send reply'}
      </button>
    </form>
  );
}
