// The route groups: API groups mounted under /api/v1, page/asset groups at the root; a new module adds one line.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv, Deps } from './types.ts';
import { createAuthRoutes } from './auth/routes.ts';
import { createPlatformRoutes } from './platform/routes.ts';
import { createTenantRoutes } from './tenants/routes.ts';
import { createAgentRoutes } from './agents/routes.ts';
import { createRoleRoutes } from './roles/routes.ts';
import { createApiKeyRoutes } from './api-keys/routes.ts';
import { createAuditRoutes } from './audit/routes.ts';
import { createWidgetConfigRoutes } from './widget/config-routes.ts';
import { createKbArticleRoutes } from './kb/article-routes.ts';
import { createKbCategoryRoutes } from './kb/category-routes.ts';
import { createWidgetKbRoutes } from './widget/kb-routes.ts';
import { createKbSynonymRoutes } from './kb/synonym-routes.ts';
import { createWebhookRoutes } from './webhooks/routes.ts';
import { createInboxRoutes } from './static/inbox-routes.ts';
import { createEmbedRoutes } from './static/embed-routes.ts';
import { createDemoRoutes } from './static/demo-routes.ts';
import { createFaviconRoutes } from './static/favicon.ts';
import { createTicketRoutes } from './tickets/routes.ts';
import { createTicketMergeRoutes } from './tickets/merge-routes.ts';
import { createSnoozeRoutes } from './tickets/snooze-routes.ts';
import { createCustomerRoutes } from './customers/routes.ts';
import { createCustomFieldRoutes } from './custom-fields/routes.ts';
import { createSlaRoutes } from './sla/routes.ts';
import { createWidgetTicketRoutes } from './widget/ticket-routes.ts';
import { createEventStreamRoutes } from './sse/routes.ts';
import { createWidgetEventRoutes } from './widget/event-routes.ts';
import { createUsageRoutes } from './usage/routes.ts';
import { createEntitlementRoutes } from './billing/entitlement-routes.ts';
import { createAnalyticsRoutes } from './analytics/routes.ts';
import { createMetricsRoutes } from './analytics/metrics-routes.ts';
import { createTeamReportRoutes } from './analytics/team-report-routes.ts';
import { createMailRoutes } from './mail/outbound-routes.ts';
import { createInboundMailRoutes } from './mail/inbound-routes.ts';
import { createFileRoutes } from './files/routes.ts';
import { createWidgetAttachmentRoutes } from './widget/attachment-routes.ts';
import { createChatRoutes } from './chat/routes.ts';
import { createWidgetChatRoutes } from './widget/chat-routes.ts';
import { createHelpCenterApiRoutes } from './help-center/domain-routes.ts';
import { createHelpCenterRoutes } from './help-center/page-routes.ts';
import { createTeamRoutes } from './teams/routes.ts';
import { createRoutingRoutes } from './routing/routes.ts';
import { createCannedResponseRoutes } from './canned-responses/routes.ts';
import { createMacroRoutes } from './macros/routes.ts';
import { createWidgetCsatRoutes } from './widget/csat-routes.ts';
import { createCsatPageRoutes } from './csat/page-routes.ts';
import { createWidgetErasureRoutes } from './widget/erasure-routes.ts';
import { createErasurePageRoutes } from './widget/erasure-page-routes.ts';
import { createSessionRoutes } from './auth/session-routes.ts';
import { createAgentSessionRoutes } from './agents/session-routes.ts';
import { createScimTokenRoutes } from './scim/token-routes.ts';
import { createScimRoutes } from './scim/routes.ts';
import { createPrivacyRoutes } from './privacy/routes.ts';
import { createRetentionRoutes } from './privacy/retention-routes.ts';
import { createTenantLifecycleRoutes } from './privacy/tenant-routes.ts';
import { createSsoRoutes } from './sso/routes.ts';
import { createTwoFactorRoutes } from './two-factor/routes.ts';
import { createBillingRoutes } from './billing/subscriptions/routes.ts';
import { createStripeWebhookRoutes } from './billing/stripe/webhook-routes.ts';

export const routeGroups: ((deps: Deps) => OpenAPIHono<AppEnv>)[] = [
  createAuthRoutes,
  createPlatformRoutes,
  createTenantRoutes,
  createAgentRoutes,
  createRoleRoutes,
  createApiKeyRoutes,
  createAuditRoutes,
  createWidgetConfigRoutes,
  createKbArticleRoutes,
  createKbCategoryRoutes,
  createWidgetKbRoutes,
  createKbSynonymRoutes,
  createWebhookRoutes,
  createTicketRoutes,
  createTicketMergeRoutes,
  createSnoozeRoutes,
  createCustomerRoutes,
  createCustomFieldRoutes,
  createSlaRoutes,
  createWidgetTicketRoutes,
  (deps) => createEventStreamRoutes(deps),
  (deps) => createWidgetEventRoutes(deps),
  createUsageRoutes,
  createEntitlementRoutes,
  createAnalyticsRoutes,
  createMetricsRoutes,
  createTeamReportRoutes,
  createMailRoutes,
  createInboundMailRoutes,
  createFileRoutes,
  createWidgetAttachmentRoutes,
  createChatRoutes,
  createWidgetChatRoutes,
  createHelpCenterApiRoutes,
  createTeamRoutes,
  createTwoFactorRoutes,
  createRoutingRoutes,
  createCannedResponseRoutes,
  createMacroRoutes,
  createWidgetCsatRoutes,
  createWidgetErasureRoutes,
  createSessionRoutes,
  createAgentSessionRoutes,
  createScimTokenRoutes,
  createPrivacyRoutes,
  createRetentionRoutes,
  createTenantLifecycleRoutes,
  createSsoRoutes,
  createBillingRoutes,
  createStripeWebhookRoutes,
];

/** Non-API groups (embed.js, inbox, demo site) mounted at the root. */
export const rootGroups: ((deps: Deps) => Hono<AppEnv>)[] = [
  createInboxRoutes,
  (deps) => createEmbedRoutes(deps),
  createDemoRoutes,
  () => createFaviconRoutes(),
  createHelpCenterRoutes,
  createCsatPageRoutes,
  createErasurePageRoutes,
  createScimRoutes,
];
