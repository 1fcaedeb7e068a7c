// The signed-in frame: skip link, navigation by permission, live status, sign out.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { me, can, signOut } from '../state/session.ts';
import { route, href } from '../state/router.ts';
import { connectEvents, disconnectEvents, liveStatus } from '../state/events.ts';
import { helpOpen } from '../state/shortcuts.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';

const LINKS: { path: string; label: string; perm: string; match: string[] }[] = [
  { path: '/', label: 'Tickets', perm: 'tickets:read', match: ['', 'tickets'] },
  { path: '/dashboard', label: 'Dashboard', perm: 'analytics:read', match: ['dashboard'] },
  { path: '/kb', label: 'Knowledge base', perm: 'kb:read', match: ['kb'] },
  { path: '/settings', label: 'Settings', perm: 'settings:read', match: ['settings'] },
];

export function Shell({ children }: { children: ComponentChildren }) {
  const m = me.value!;
  const section = route.value.parts[0] ?? '';
  useEffect(() => {
    connectEvents();
    return disconnectEvents;
  }, []);
  const status = liveStatus.value;
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">
          <span class="brand-mark" aria-hidden="true" />
          {m.tenant.name}
        </span>
        <nav aria-label="Main">
          <ul>
            {LINKS.filter((l) => can(l.perm)).map((l) => (
              <li key={l.path}>
                <a href={href(l.path)} aria-current={l.match.includes(section) ? 'page' : undefined}>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="topbar-end">
          <span class={`live live-${status}`} title="Live updates" role="status">
            {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline'}
          </span>
          <button class="btn btn-ghost" type="button" onClick={() => (helpOpen.value = true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ?
          </button>
          <span class="who" title={m.agent?.email}>
            {m.agent?.name} <span class="muted">· {m.role?.name}</span>
          </span>
          <button class="btn btn-ghost" type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <ShortcutsHelp />
    </div>
  );
}
