// Shapes the inbox reads from the public API (mirrors the server's zod schemas; fields the UI uses).
export type Status = 'open' | 'pending' | 'resolved' | 'closed';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Agent {
  id: string;
  email: string;
  name: string;
  roleId: string;
  status: 'active' | 'invited' | 'disabled';
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Branding {
  logoUrl?: string | null;
  primaryColor?: string;
  secondaryColor?: string;
  customCss?: string;
  launcherPosition?: 'bottom-right' | 'bottom-left';
  hidePoweredBy?: boolean;
}

export interface Tenant {
  id: string;
  name: string;
  domain: string | null;
  allowedOrigins: string[];
  branding: Branding;
  settings: Record<string, unknown>;
  subscription: { plan: 'starter' | 'professional' | 'enterprise'; status: string };
  widgetKey: string;
}

export interface Me {
  agent: Agent | null;
  tenant: Tenant;
  role: { id: string; name: string; ownTicketsOnly: boolean } | null;
  permissions: string[];
}

export interface Role {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  ownTicketsOnly: boolean;
  builtIn: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  keyHint: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface Person {
  id?: string | null;
  name?: string | null;
  email?: string | null;
}

export interface Sla {
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  nextDueAt: string | null;
}

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: Status;
  priority: Priority;
  channel?: string;
  requester: { id: string; email: string; name: string | null };
  assigneeId: string | null;
  tags: string[];
  customFields?: Record<string, unknown>;
  sla?: Sla | null;
  firstResponseAt?: string | null;
  resolvedAt?: string | null;
  createdAt: string;
  updatedAt: string;
  messages?: Message[];
}

export interface Author {
  type: 'agent' | 'customer' | 'api' | 'system';
  id: string | null;
  name: string | null;
}

export interface Message {
  id: string;
  ticketId?: string;
  body: string;
  internal: boolean;
  author: Author;
  createdAt: string;
}

export interface Activity {
  id: string;
  action: string;
  actor: Author;
  changes: Record<string, { from: unknown; to: unknown }>;
  createdAt: string;
}

export interface Customer {
  id: string;
  email: string | null;
  name: string | null;
  externalId?: string | null;
  createdAt?: string;
}

export interface KbCategory {
  id: string;
  name: string;
  description?: string;
  slug?: string;
}

export interface KbArticle {
  id: string;
  title: string;
  body: string;
  html?: string;
  bodyHtml?: string;
  status: 'draft' | 'published';
  categoryId: string | null;
  locale?: string;
  updatedAt: string;
}

export interface Webhook {
  id: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  includeInternalNotes: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  secretHint: string;
  secret?: string;
  createdAt: string;
}

export interface Attempt {
  id: string;
  attempt: number;
  trigger: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  nextRetryAt: string | null;
  createdAt: string;
}

export interface Delivery {
  id: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  createdAt: string;
  attempts: Attempt[];
}
