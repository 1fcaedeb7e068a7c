// Files in the widget: the attach button with its list (size, progress, remove), pasting a screenshot, and a message's files in the thread.
import { useRef } from '../signals.ts';
import type { Store } from '../store.ts';
import type { Attachment } from '../api.ts';
import { bytes, screenshot, type Files } from '../state/attachments.ts';
import { fill } from '../../i18n/index.ts';

/** Images the server serves inline, so they can show as a thumbnail. */
const IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** For a form's onPaste: an image on the clipboard (a screenshot) becomes an attachment instead of text. */
export const pasteInto = (f: Files) => (e: ClipboardEvent) => {
  const images = [...(e.clipboardData?.files ?? [])].filter((x) => x.type.startsWith('image/'));
  if (images.length) {
    e.preventDefault();
    f.add(images.map(screenshot));
  }
};

export function FilePicker({ s, f }: { s: Store; f: Files }) {
  const t = s.t.value;
  const input = useRef<HTMLInputElement>(null);
  const items = f.items.value;
  return (
    <div class="f">
      <input
        ref={input}
        type="file"
        multiple
        class="sr"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          f.add([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
      <button type="button" class="ghost" onClick={() => input.current!.click()}>
        {t.attach}
      </button>
      {items.length > 0 && (
        <ul class="list files">
          {items.map((u) => (
            <li key={u.key}>
              <span class="fn">{u.name}</span>
              <span class="meta">{bytes(u.size, s.locale.value)}</span>
              <button
                type="button"
                class="x"
                aria-label={fill(t.remove, { name: u.name })}
                onClick={() => f.remove(u.key)}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true">
                  <path d="M6 6l12 12M18 6L6 18" />
                </svg>
              </button>
              {u.error ? (
                <span class="err">{u.error}</span>
              ) : (
                <progress max={u.size || 1} value={u.id ? u.size || 1 : u.sent} aria-label={u.name} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A message's files: a thumbnail (or, when the page's CSP refuses it, just the link) or a download link; "checking" while scanned. */
export function MessageFiles({ s, list }: { s: Store; list: Attachment[] }) {
  if (!list.length) return null;
  return (
    <ul class="list att">
      {list.map((a) => {
        const label = `${a.filename} (${bytes(a.size, s.locale.value)})`;
        return (
          <li key={a.id}>
            {a.url ? (
              <a href={a.url} target="_blank" rel="noopener noreferrer">
                {IMAGE.test(a.contentType) && (
                  <img src={a.url} alt="" onError={(e) => (e.currentTarget.hidden = true)} />
                )}
                {label}
              </a>
            ) : (
              `${label} · ${s.t.value.checking}`
            )}
          </li>
        );
      })}
    </ul>
  );
}
