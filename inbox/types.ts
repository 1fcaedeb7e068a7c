// Shapes the inbox reads from the public API: the server's own zod-inferred types (type-only imports: nothing
// of the server reaches the bundle). A renamed or retyped field breaks \`tsc\`, not an agent's screen.
import type { z } from 'zod';
import type { AgentSchema } from '../server/agents/schemas.ts';
import type {
  AgentReportRow,
  BacklogSchema,
  CsatResponse,
  DailyReport,
  Dashboard,
  DayFlow,
  DrillKind,
  DrillRow,
  HeatmapSchema,
  KbDeflection,
  LiveTiles,
  Metrics,
  QueueCounts,
  SlaReport,
  SlaTargetRow,
} from '../server/analytics/schemas.ts';
import type { ApiKey } from '../server/api-keys/schemas.ts';
import type { Me } from '../server/auth/schemas.ts';
import type {
  AvailabilitySchema,
  Chat,
  LiveChatSchema,
  MessageRead,
  PresenceStatus,
  TypingSignal,
} from '../server/chat/schemas.ts';
import type { CustomField } from '../server/custom-fields/schemas.ts';
import type { Customer } from '../server/customers/schemas.ts';
import type { EventMap } from '../server/events/types.ts';
import type { HelpCenterDomainList } from '../server/help-center/schemas.ts';
import type { ArticleDto, CategorySchema, SynonymGroup } from '../server/kb/schemas.ts';
import type { Role } from '../server/roles/schemas.ts';
import type { Priority, SlaPolicies } from '../server/sla/schemas.ts';
import type { Branding, TenantDto } from '../server/tenants/schemas.ts';
import type {
  Activity,
  Author,
  Message,
  SlaStateSchema,
  Status,
  Ticket,
  TicketMerge,
  TicketWithThread,
} from '../server/tickets/schemas.ts';
import type { Team, TeamQueueCounts } from '../server/teams/schemas.ts';
import type { RoutingRule, RuleActions, RuleConditions } from '../server/routing/schemas.ts';
import type { Usage } from '../server/usage/schemas.ts';
import type { Invoice, PlanChoice, PlanPreview, Subscription } from '../server/billing/subscriptions/schemas.ts';
import type { AttemptSchema, DeliveryDetailSchema, DeliverySchema, WebhookSchema } from '../server/webhooks/schemas.ts';

export type { Activity, ApiKey, Author, Branding, Customer, CustomField, EventMap, Me, Message, Priority, Role };
export type {
  DailyReport,
  Dashboard,
  DayFlow,
  QueueCounts,
  SlaPolicies,
  Status,
  SynonymGroup,
  Ticket,
  TicketMerge,
  TicketWithThread,
  Usage,
};
export type { Chat, MessageRead, PresenceStatus, TypingSignal };
export type { ViewingSignal } from '../server/tickets/schemas.ts';
export type { PrivacyErasure, PrivacyExport } from '../server/privacy/schemas.ts';
export type { RetentionDryRun, RetentionPolicy, RetentionRun } from '../server/privacy/retention-schemas.ts';
export type { SsoConfig, SsoConfigBody } from '../server/sso/schemas.ts';
export type { RoutingRule, RuleActions, RuleConditions, Team, TeamQueueCounts };
/** One row of GET /chats: the chat ticket, its live state and the visitor messages the team has not read. */
export type LiveChat = z.infer<typeof LiveChatSchema>;
export type Availability = z.infer<typeof AvailabilitySchema>;
export type Tenant = TenantDto;
export type KbArticle = ArticleDto;
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
export type { HelpCenterDomain, SearchMiss } from '../server/help-center/schemas.ts';
/** GET /help-center/domains: the custom domains and the built-in addresses of the help centre. */
export type HelpCenterDomains = z.infer<typeof HelpCenterDomainList>;
export type { CannedResponse } from '../server/canned-responses/schemas.ts';
export type { Macro, MacroActions } from '../server/macros/schemas.ts';
export type { Session } from '../server/auth/session-schemas.ts';
export type { ScimTokenCreated, ScimTokenStatus } from '../server/scim/schemas.ts';
export type { AgentReportRow, CsatResponse, KbDeflection, LiveTiles, Metrics, SlaReport, SlaTargetRow };
export type Backlog = z.infer<typeof BacklogSchema>;
export type ArrivalHeatmap = z.infer<typeof HeatmapSchema>;
/** A figure the reports can open the tickets of. */
export type MetricDrillKind = DrillKind;
/** One ticket behind a report figure. */
export type MetricTicket = DrillRow;
export type { TwoFactorStatus } from '../server/two-factor/schemas.ts';
/** GET /billing/subscription: the owner's plan, cycle, state and dates; `provider: 'off'` when the operator sets plans. */
export type BillingSubscription = Subscription;
export type { Invoice, PlanChoice, PlanPreview };
