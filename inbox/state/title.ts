// The browser tab's title: the section, the help desk and, first, how many tickets changed unseen.

const NAMES: Record<string, string> = {
  tickets: 'Tickets',
  chats: 'Chats',
  customers: 'Customers',
  dashboard: 'Dashboard',
  kb: 'Knowledge base',
  settings: 'Settings',
  account: 'Account',
  'my-account': 'My account',
  signup: 'Create a help desk',
  'reset-password': 'Reset password',
};

/** The tab title: the unread count first, so a background tab says at a glance that something changed. */
export function titleFor(section: string, tenantName: string | undefined, unread: number): string {
  return `${unread > 0 ? `(${unread}) ` : ''}${NAMES[section] ?? 'Inbox'} · ${tenantName ?? 'Helpdesk'}`;
}
