// The signed-in frame: skip link, navigation by permission, live status (or the account's suspension), sign out.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { me, can, accountInactive } from '../state/session.ts';
import { route, href } from '../state/router.ts';
import { connectEvents, disconnectEvents, liveStatus } from '../state/events.ts';
import { helpOpen } from '../state/shortcuts.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { AccountBanner } from './account-banner.tsx';
import { LimitBanner } from './limit-banner.tsx';
import { AgentMenu } from './agent-menu.tsx';
import { startLiveQueue } from '../state/queue.ts';
import {
  chatEnabled,
  chatUnread,
  leaveAvailability,
  startAvailability,
  startLiveChats,
  stopLiveChats,
} from '../state/chat.ts';
import { AvailabilityControl } from './availability.tsx';

const LINKS: { path: string; label: string; show: () => boolean; match: string[]; narrowOnly?: boolean }[] = [
  { path: '/tickets', label: 'Tickets', show: () => can('tickets:read'), match: ['tickets'] },
  { path: '/chats', label: 'Chats', show: () => chatEnabled.value, match: ['chats'] },
  { path: '/customers', label: 'Customers', show: () => can('customers:read'), match: ['customers'] },
  { path: '/dashboard', label: 'Dashboard', show: () => can('analytics:read'), match: ['dashboard'] },
  { path: '/reports', label: 'Reports', show: () => can('analytics:read'), match: ['reports'] },
  { path: '/kb', label: 'Knowledge base', show: () => can('kb:read'), match: ['kb'] },
  { path: '/settings', label: 'Settings', show: () => can('settings:read'), match: ['settings'] },
  // Plan and exports: the owner's, and the way out of a suspended account.
  { path: '/account', label: 'Account', show: () => me.value?.role?.id === 'owner', match: ['account'] },
  // Everyone's own profile and password: on a wide screen the name at the top right leads there.
  { path: '/my-account', label: 'My account', show: () => !!me.value?.agent, match: ['my-account'], narrowOnly: true },
];

/** The page an empty route shows: the queue, or the way out when the account is suspended. */
export function landing(): string {
  return accountInactive.value ? 'account' : can('tickets:read') ? 'tickets' : '';
}

export function Shell({ children }: { children: ComponentChildren }) {
  const m = me.value!;
  const section = route.value.parts[0] ?? landing();
  const inactive = accountInactive.value;
  useEffect(() => {
    // A suspended account streams nothing; "Offline" would suggest a network problem instead.
    if (inactive) return;
    if (can('tickets:read')) startLiveQueue();
    connectEvents();
    return disconnectEvents;
  }, [inactive]);
  const chat = chatEnabled.value && !inactive;
  useEffect(() => {
    if (!chat) return;
    void startAvailability();
    startLiveChats();
    return () => {
      void leaveAvailability();
      stopLiveChats();
    };
  }, [chat]);
  const unreadChats = chatUnread.value;
  const status = liveStatus.value;
  return (
    <div class="shell">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand" title={m.tenant.name}>
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-name">{m.tenant.name}</span>
        </span>
        <nav aria-label="Main">
          <ul>
            {/* A suspended account answers nothing but the account itself, exports and sign-out. */}
            {LINKS.filter((l) => (inactive ? l.path === '/account' : l.show())).map((l) => (
              <li key={l.path} class={l.narrowOnly ? 'nav-narrow' : undefined}>
                <a href={href(l.path)} aria-current={l.match.includes(section) ? 'page' : undefined}>
                  {l.label}
                  {l.path === '/chats' && unreadChats > 0 && (
                    <span class="nav-count">
                      <span class="sr-only">, </span>
                      {unreadChats}
                      <span class="sr-only"> unread</span>
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="topbar-end">
          {inactive ? (
            <span class="live live-suspended" role="status">
              Account {m.tenant.subscription.status}
            </span>
          ) : (
            <span class={`live live-${status}`} title="Live updates" role="status">
              <span class="live-text">
                {status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Offline'}
              </span>
            </span>
          )}
          {chat && <AvailabilityControl />}
          <button
            class="btn btn-ghost"
            type="button"
            onClick={() => (helpOpen.value = true)}
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
          >
            ?
          </button>
          <AgentMenu />
        </div>
      </header>
      <AccountBanner />
      <LimitBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <ShortcutsHelp />
    </div>
  );
}
