// "Apply macro" on the ticket page: a button that opens the tenant's macros; picking one applies it to the ticket.
import { useEffect, useRef, useState } from 'preact/hooks';
import { macros, loadMacros } from '../state/macros.ts';

export function MacroMenu({ onApply }: { onApply: (macroId: string, name: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void loadMacros();
  }, []);
  // A click anywhere else closes it.
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);
  useEffect(() => {
    // The keyboard lands where the choices are.
    if (open) list.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  async function apply(id: string, name: string) {
    setBusy(true);
    try {
      await onApply(id, name);
    } finally {
      setBusy(false);
      close();
    }
  }
  if (!macros.value.length) return null;
  return (
    <div class="macro-menu" ref={box}>
      <button
        ref={button}
        class="btn"
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls="macro-list"
        disabled={busy}
        onClick={() => setOpen(!open)}
      >
        Apply macro ▾
      </button>
      {open && (
        <ul
          id="macro-list"
          ref={list}
          class="macro-list"
          aria-label="Macros"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          {macros.value.map((m) => (
            <li key={m.id}>
              <button class="btn btn-ghost" type="button" disabled={busy} onClick={() => void apply(m.id, m.name)}>
                {m.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
