// Settings: tabs shown by permission; each tab is its own module under pages/settings/, loaded on first visit.
import { can, me } from '../state/session.ts';
import { href } from '../state/router.ts';
import { lazyPage } from '../components/lazy.tsx';

const TABS: { id: string; label: string; perm: string; owner?: true; Page: ReturnType<typeof lazyPage> }[] = [
  {
    id: 'branding',
    label: 'Widget & branding',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/branding.tsx').then((m) => m.BrandingTab)),
  },
  {
    id: 'install',
    label: 'Install & security',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/install.tsx').then((m) => m.InstallTab)),
  },
  {
    id: 'hours',
    label: 'Hours & SLA',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/service-hours.tsx').then((m) => m.ServiceHoursTab)),
  },
  {
    id: 'fields',
    label: 'Ticket fields',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/ticket-fields.tsx').then((m) => m.TicketFieldsTab)),
  },
  {
    id: 'email',
    label: 'Email',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/email.tsx').then((m) => m.EmailTab)),
  },
  {
    id: 'chat',
    label: 'Live chat',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/live-chat.tsx').then((m) => m.LiveChatTab)),
  },
  {
    id: 'help-center',
    label: 'Help centre',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/help-center.tsx').then((m) => m.HelpCenterTab)),
  },
  {
    id: 'notifications',
    label: 'Notifications',
    perm: 'tickets:read',
    Page: lazyPage(() => import('./settings/notifications.tsx').then((m) => m.NotificationsTab)),
  },
  {
    id: 'canned-responses',
    label: 'Canned replies',
    perm: 'canned-responses:read',
    Page: lazyPage(() => import('./settings/canned-responses.tsx').then((m) => m.CannedResponsesTab)),
  },
  {
    id: 'macros',
    label: 'Macros',
    perm: 'macros:read',
    Page: lazyPage(() => import('./settings/macros.tsx').then((m) => m.MacrosTab)),
  },
  {
    id: 'agents',
    label: 'Agents',
    perm: 'agents:read',
    Page: lazyPage(() => import('./settings/agents.tsx').then((m) => m.AgentsTab)),
  },
  {
    id: 'teams',
    label: 'Teams',
    perm: 'teams:read',
    Page: lazyPage(() => import('./settings/teams.tsx').then((m) => m.TeamsTab)),
  },
  {
    id: 'routing',
    label: 'Routing',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/routing.tsx').then((m) => m.RoutingTab)),
  },
  {
    id: 'roles',
    label: 'Roles',
    perm: 'roles:read',
    Page: lazyPage(() => import('./settings/roles.tsx').then((m) => m.RolesTab)),
  },
  {
    id: 'security',
    label: 'Security',
    perm: 'settings:read',
    Page: lazyPage(() => import('./settings/security.tsx').then((m) => m.SecurityTab)),
  },
  {
    id: 'api-keys',
    label: 'API keys',
    perm: 'api-keys:read',
    Page: lazyPage(() => import('./settings/api-keys.tsx').then((m) => m.ApiKeysTab)),
  },
  {
    id: 'webhooks',
    label: 'Webhooks',
    perm: 'webhooks:read',
    Page: lazyPage(() => import('./settings/webhooks.tsx').then((m) => m.WebhooksTab)),
  },
  {
    id: 'privacy',
    label: 'Privacy',
    perm: 'privacy:read',
    Page: lazyPage(() => import('./settings/privacy.tsx').then((m) => m.PrivacyTab)),
  },
  {
    id: 'billing',
    label: 'Plan & billing',
    perm: 'settings:read',
    owner: true,
    Page: lazyPage(() => import('./settings/billing.tsx').then((m) => m.BillingTab)),
  },
  {
    id: 'audit-log',
    label: 'Audit log',
    perm: 'audit-log:read',
    Page: lazyPage(() => import('./settings/audit-log.tsx').then((m) => m.AuditLogTab)),
  },
];

export function SettingsPage({ tab }: { tab?: string }) {
  // Plan & billing is the owner's alone (the server refuses everyone else too).
  const owner = me.value?.role?.id === 'owner';
  const visible = TABS.filter((t) => can(t.perm) && (!t.owner || owner));
  const current = visible.find((t) => t.id === tab) ?? visible[0];
  if (!current)
    return (
      <section class="page">
        <h1>Settings</h1>
        <p>Your role cannot see any settings.</p>
      </section>
    );
  const { Page } = current;
  return (
    <section class="page settings">
      <h1>Settings</h1>
      <nav class="tabs" aria-label="Settings sections">
        {visible.map((t) => (
          <a key={t.id} href={href(`/settings/${t.id}`)} aria-current={t === current ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      <div class="tab-body">
        <Page />
      </div>
    </section>
  );
}
