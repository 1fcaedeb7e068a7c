// Shapes the inbox reads from the public API: the server's own zod-inferred types where they exist
// (type-only imports: nothing of the server reaches the bundle), local shapes for the rest.
import type { Status, Ticket as ServerTicket, Author, Message } from '../server/tickets/schemas.ts';
import type { Priority } from '../server/sla/schemas.ts';
import type { Branding, TenantDto } from '../server/tenants/schemas.ts';
import type { ArticleDto } from '../server/kb/schemas.ts';
import type { EventMap } from '../server/events/types.ts';
import type { z } from 'zod';
import type { AgentSchema } from '../server/agents/schemas.ts';
import type { CategorySchema } from '../server/kb/schemas.ts';
import type { SlaStateSchema } from '../server/tickets/schemas.ts';
import type { AttemptSchema, DeliveryDetailSchema, DeliverySchema, WebhookSchema } from '../server/webhooks/schemas.ts';
import type { Customer } from '../server/customers/schemas.ts';

export type { Status, Priority, Author, Message, Branding, EventMap };
export type Tenant = TenantDto;
export type Ticket = ServerTicket & { messages?: Message[] };
export type KbArticle = ArticleDto;
export type { Customer };
export type Agent = z.infer<typeof AgentSchema>;
export type Sla = z.infer<typeof SlaStateSchema>;
export type KbCategory = z.infer<typeof CategorySchema>;
export type Webhook = z.infer<typeof WebhookSchema>;
/** What creating an endpoint (or rotating its secret) answers: the one time the secret is shown. */
export type WebhookWithSecret = Webhook & { secret: string };
export type Attempt = z.infer<typeof AttemptSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
/** One delivery as its detail answers: the log entry plus the exact request body sent. */
export type DeliveryDetail = z.infer<typeof DeliveryDetailSchema>;

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

export interface Activity {
  id: string;
  action: string;
  actor: Author;
  changes: Record<string, { from: unknown; to: unknown }>;
  createdAt: string;
}
