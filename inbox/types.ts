// Shapes the inbox reads from the public API: the server's own zod-inferred types where they exist
// (type-only imports: nothing of the server reaches the bundle), local shapes for the rest.
import type { Status, Ticket as ServerTicket, Author, Message } from '../server/tickets/schemas.ts';
import type { Priority } from '../server/sla/policies.ts';
import type { Branding, TenantDto } from '../server/tenants/schemas.ts';
import type { ArticleDto } from '../server/kb/schemas.ts';
import type { EventMap } from '../server/events/types.ts';

export type { Status, Priority, Author, Message, Branding, EventMap };
export type Tenant = TenantDto;
export type Ticket = ServerTicket & { messages?: Message[] };
export type KbArticle = ArticleDto;

export interface Agent {
  id: string;
  email: string;
  name: string;
  roleId: string;
  status: 'active' | 'invited' | 'disabled';
  lastLoginAt: string | null;
  createdAt: string;
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
