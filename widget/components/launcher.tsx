// The round button that opens the panel; shows an unread badge when a reply arrives while it is closed.
import type { Store } from '../store.ts';
import { fill } from '../../i18n/index.ts';

export function Launcher({ s }: { s: Store }) {
  const t = s.t.value;
  const open = s.isOpen.value;
  const n = s.unread.value;
  return (
    <button class="launcher" type="button" aria-expanded={open} aria-haspopup="dialog" onClick={s.toggle}>
      <svg viewBox="0 0 24 24" aria-hidden="true">
        {open ? (
          <path d="M6 9l6 6 6-6" />
        ) : (
          <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.4v.3M12 16.5h.01" />
        )}
      </svg>
      <span class="lbl">{t.launcher}</span>
      {n > 0 && (
        <>
          <span class="badge" aria-hidden="true">
            {n}
          </span>
          <span class="sr"> ({fill(t.unread, { n })})</span>
        </>
      )}
    </button>
  );
}
