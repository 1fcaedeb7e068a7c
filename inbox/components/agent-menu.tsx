// The signed-in agent in the top bar: a button with their name (initials on a phone) opening who they are, My account and "Sign out".
import { useEffect, useRef, useState } from 'preact/hooks';
import { me, signOut } from '../state/session.ts';
import { href } from '../state/router.ts';
import { leaveAvailability } from '../state/chat.ts';

/** Up to two initials for the avatar: "Dana Scully" → "DS", "ops@example.com" → "O". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s@._-]+/)
    .filter(Boolean);
  return (
    words
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?'
  );
}

export function AgentMenu() {
  const m = me.value!;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const name = m.agent?.name ?? 'API access';
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div class="agent-menu" ref={box}>
      <button
        ref={button}
        class="agent-button"
        type="button"
        aria-expanded={open}
        aria-controls="agent-menu-panel"
        title={m.agent?.email}
        onClick={() => setOpen(!open)}
      >
        <span class="avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span class="agent-name">
          {name}
          {m.role && <span class="muted"> · {m.role.name}</span>}
        </span>
      </button>
      {open && (
        <div id="agent-menu-panel" class="agent-panel">
          <p class="agent-panel-name">{name}</p>
          {m.agent?.email && <p class="muted">{m.agent.email}</p>}
          {m.role && <p class="muted">Role: {m.role.name}</p>}
          {m.agent && (
            <p>
              <a href={href('/my-account')} onClick={() => setOpen(false)}>
                My account
              </a>
            </p>
          )}
          <button class="btn btn-small" type="button" onClick={() => void leaveAvailability().finally(signOut)}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
