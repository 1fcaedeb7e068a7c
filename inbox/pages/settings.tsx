// Settings: tabs shown by permission; each tab is its own module under pages/settings/.
import { can } from '../state/session.ts';
import { href } from '../state/router.ts';
import { BrandingTab } from './settings/branding.tsx';
import { InstallTab } from './settings/install.tsx';
import { AgentsTab } from './settings/agents.tsx';
import { RolesTab } from './settings/roles.tsx';
import { ApiKeysTab } from './settings/api-keys.tsx';
import { WebhooksTab } from './settings/webhooks.tsx';
import { ServiceHoursTab } from './settings/service-hours.tsx';
import { AuditLogTab } from './settings/audit-log.tsx';
import { TicketFieldsTab } from './settings/ticket-fields.tsx';
import { EmailTab } from './settings/email.tsx';
import { NotificationsTab } from './settings/notifications.tsx';
import { LiveChatTab } from './settings/live-chat.tsx';

const TABS = [
  { id: 'branding', label: 'Widget & branding', perm: 'settings:read', Page: BrandingTab },
  { id: 'install', label: 'Install & security', perm: 'settings:read', Page: InstallTab },
  { id: 'hours', label: 'Hours & SLA', perm: 'settings:read', Page: ServiceHoursTab },
  { id: 'fields', label: 'Ticket fields', perm: 'settings:read', Page: TicketFieldsTab },
  { id: 'email', label: 'Email', perm: 'settings:read', Page: EmailTab },
  { id: 'chat', label: 'Live chat', perm: 'settings:read', Page: LiveChatTab },
  { id: 'notifications', label: 'Notifications', perm: 'tickets:read', Page: NotificationsTab },
  { id: 'agents', label: 'Agents', perm: 'agents:read', Page: AgentsTab },
  { id: 'roles', label: 'Roles', perm: 'roles:read', Page: RolesTab },
  { id: 'api-keys', label: 'API keys', perm: 'api-keys:read', Page: ApiKeysTab },
  { id: 'webhooks', label: 'Webhooks', perm: 'webhooks:read', Page: WebhooksTab },
  { id: 'audit-log', label: 'Audit log', perm: 'audit-log:read', Page: AuditLogTab },
];

export function SettingsPage({ tab }: { tab?: string }) {
  const visible = TABS.filter((t) => can(t.perm));
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
