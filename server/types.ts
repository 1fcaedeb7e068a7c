// Types shared by the app's middleware and route groups: dependencies and per-request context.
import type { SharedEventReads } from './events/shared-reads.ts';
import type { ViewerTracker } from './tickets/viewers.ts';
import type { Db } from './db/client.ts';
import type { Env } from './env.ts';
import type { Logger } from './lib/logger.ts';
import type { Limiter } from './middleware/rate-limit.ts';
import type { Cluster } from './cluster/cluster.ts';
import type { KbCounters } from './kb/counters.ts';
import type { SearchCache } from './kb/search-cache.ts';
import type { ApiCallCounter } from './usage/counter.ts';
import type { WidgetKeyCache } from './tenants/widget-key-cache.ts';
import type { ApiKeyLastUsed } from './api-keys/last-used.ts';
import type { SessionLastSeen } from './auth/session-last-seen.ts';
import type { CredentialCache } from './auth/credential-cache.ts';
import type { ApiKeyCredential, SessionCredential } from './middleware/authenticate.ts';
import type { ServerSecret } from './platform/server-secret.ts';
import type { InboundTokenCheck } from './mail/inbound-token.ts';
import type { Permission } from './roles/permissions.ts';
import type { Priority } from './sla/schemas.ts';
import type { TenantRecord } from './tenants/queries.ts';
import type { MailTransport } from './mail/sender.ts';
import type { FileStorage } from './files/storage.ts';
import type { SignalBus, TypingTracker } from './chat/signal-bus.ts';
import type { LocaleCache } from './help-center/locale-cache.ts';
import type { PageCache } from './help-center/page-cache.ts';
import type { HostCache } from './help-center/hosts.ts';
import type { DomainVerifier } from './help-center/verification.ts';
import type { StripeClient } from './billing/stripe/client.ts';

/**
 * What route groups, middleware and workers share. Everything a process keeps in memory lives here,
 * created by createApp, never in a module: each app (each test) has its own, and shutdown flushes it.
 */
export interface Deps {
  db: Db;
  env: Env;
  logger: Logger;
  /** Injectable so tests can move time (sessions, SLA, webhook retries). */
  now: () => Date;
  /** Commit wake-ups across nodes (Redis when REDIS_URL is set, else this process only). Closed by shutdown(). */
  cluster: Cluster;
  /** Counters of every limit: in this process, or shared through Redis when REDIS_URL is set. */
  limiter: Limiter;
  /** Buffered article views and suggestion counts (flushed within 250 ms, and at shutdown). */
  kbCounters: KbCounters;
  /** Recent KB search answers, each valid while the tenant's KB version holds. */
  kbSearchCache: SearchCache;
  /** Buffered API-call counts per tenant and day (flushed within 5 s, and at shutdown). */
  apiCallCounter: ApiCallCounter;
  /** Tenant by publishable widget key, emptied on every commit (of any node, with Redis). */
  widgetKeyCache: WidgetKeyCache;
  /** Which API keys had last-used written this minute. */
  apiKeyLastUsed: ApiKeyLastUsed;
  /** API key hash → principal and tenant, emptied on every commit of this process (`auth/credential-cache.ts`). */
  apiKeyPrincipals: CredentialCache<ApiKeyCredential>;
  /** Session hash → principal and tenant, emptied on every commit of this process. */
  sessionPrincipals: CredentialCache<SessionCredential>;
  /** The event streams' reads of the event log, one per tenant and cursor until the next commit (`events/shared-reads.ts`). */
  eventReads: SharedEventReads;
  /** Which sessions had last-seen written this minute. */
  sessionLastSeen: SessionLastSeen;
  /** The key of reply-address tokens (`mail/addresses.ts`), made once and kept in server_secrets. */
  mailReplyKey: ServerSecret;
  /** Pooled SMTP transport from SMTP_URL; null when mail is off (each mail is logged as not sent). Closed by shutdown(). */
  mailTransport: MailTransport | null;
  /** Checks the bearer token of POST /api/v1/inbound/email (INBOUND_EMAIL_TOKEN, or the one kept hashed). */
  inboundToken: InboundTokenCheck;
  /** Where attachment bytes live (STORAGE_URL: a directory or an S3-compatible store). Closed by shutdown(). */
  storage: FileStorage;
  /** Where uploads wait (a temporary file each) while they stream in. */
  uploadDir: string;
  /** The key of signed download links (`files/signed-url.ts`), made once and kept in server_secrets. */
  fileUrlKey: ServerSecret;
  /** The key that encrypts agents' TOTP secrets (`two-factor/totp.ts`), made once and kept in server_secrets. */
  twoFactorKey: ServerSecret;
  /** Help-centre hosts (custom domains, `<slug>.<HELP_CENTER_DOMAIN>`) → tenant, for a moment (`help-center/hosts.ts`). */
  helpCenterHosts: HostCache;
  /** Each help centre's languages, until its KB version changes (`help-center/locale-cache.ts`). */
  helpCenterLocales: LocaleCache;
  /** Rendered help-centre pages by ETag, within a byte budget (`help-center/page-cache.ts`). */
  helpCenterPages: PageCache;
  /** How custom domains prove ownership (DNS TXT, HTTP token); tests aim it at loopback. */
  domainVerifier: DomainVerifier;
  /** Ephemeral per-tenant signals (typing) that streams interleave; never in the event log (`chat/signal-bus.ts`). */
  signals: SignalBus;
  /** Who is typing where, expiring on the server; publishes on `signals`. Closed by shutdown(). */
  typing: TypingTracker;
  /** Who is viewing which ticket (collision warnings), expiring on the server; publishes on `signals`. Closed by shutdown(). */
  viewers: ViewerTracker;
  /** The Stripe client (STRIPE_SECRET_KEY); null with billing off, when the operator sets plans by hand. */
  stripe: StripeClient | null;
}

export type Principal =
  | {
      kind: 'agent';
      tenantId: string;
      agentId: string;
      roleId: string;
      permissions: ReadonlySet<Permission>;
      ownTicketsOnly: boolean;
      /** The role's team condition: only tickets of one of `teamIds` (the agent's teams). */
      teamOnly: boolean;
      /** The role's priority condition; null: any priority. */
      priorities: readonly Priority[] | null;
      /** The teams the agent is in. */
      teamIds: readonly string[];
      sessionHash: string;
    }
  | {
      kind: 'api-key';
      tenantId: string;
      apiKeyId: string;
      permissions: ReadonlySet<Permission>;
      ownTicketsOnly: false;
      teamOnly: false;
      priorities: null;
      teamIds: readonly string[];
    }
  | { kind: 'platform' };

export type TenantPrincipal = Exclude<Principal, { kind: 'platform' }>;

export interface AppVariables {
  requestId: string;
  /** The client address (middleware/client-ip.ts, under TRUST_PROXY); read it with clientIp(c). */
  clientIp: string;
  principal: Principal;
  /** Set once by the credential middleware; every tenant query takes it first. */
  tenantId: string;
  tenant: TenantRecord;
}

export type AppEnv = { Variables: AppVariables };
