// createApp(deps): the whole HTTP surface — middleware, every route group, OpenAPI document, docs.
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context, Next } from 'hono';
import type { AppEnv, Deps } from './types.ts';
import type { Db } from './db/client.ts';
import { ServerSecret } from './platform/server-secret.ts';
import type { Env } from './env.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { tooLarge } from './lib/problem.ts';
import { SharedEventReads } from './events/shared-reads.ts';
import { auditRefusedSignIns } from './auth/sign-in-refused.ts';
import { requestContext } from './middleware/request-context.ts';
import { notFoundHandler, problemHandler } from './middleware/problem.ts';
import { authenticate, type PlatformTokenCheck } from './middleware/authenticate.ts';
import { rateLimit, RateLimiter } from './middleware/rate-limit.ts';
import { clientAddress, clientIp } from './middleware/client-ip.ts';
import { localCluster, redisCluster } from './cluster/cluster.ts';
import { widgetAuth, widgetCors } from './middleware/widget-auth.ts';
import { jsonTextGuard } from './middleware/json-text-guard.ts';
import { STRIPE_WEBHOOK_PATH } from './billing/stripe/webhook-routes.ts';
import { rootGroups, routeGroups } from './routes.ts';
import { createDocsRoutes } from './docs/routes.ts';
import { ApiCallCounter, countApiCalls } from './usage/counter.ts';
import { KbCounters } from './kb/counters.ts';
import { SearchCache } from './kb/search-cache.ts';
import { WidgetKeyCache } from './tenants/widget-key-cache.ts';
import { CredentialCache } from './auth/credential-cache.ts';
import { ApiKeyLastUsed } from './api-keys/last-used.ts';
import { SessionLastSeen } from './auth/session-last-seen.ts';
import { registerWebhookDocs } from './webhooks/openapi.ts';
import { jsonContent, SECURITY } from './openapi/router.ts';
import { createMailTransport } from './mail/sender.ts';
import { inboundTokenChecker, noInboundToken, type InboundTokenCheck } from './mail/inbound-token.ts';
import { INBOUND_EMAIL_PATH } from './mail/inbound-routes.ts';
import { MAX_MAIL_BYTES } from './mail/inbound-parse.ts';
import { createStorage, type FileStorage } from './files/storage.ts';
import { UPLOAD_PATHS } from './files/routes.ts';
import { DEFAULT_UPLOAD_DIR } from './files/receive.ts';
import { ClusterSignalBus, TypingTracker } from './chat/signal-bus.ts';
import { ViewerTracker } from './tickets/viewers.ts';
import { HostCache } from './help-center/hosts.ts';
import { helpCenterHost } from './help-center/page-routes.ts';
import { LocaleCache } from './help-center/locale-cache.ts';
import { PageCache } from './help-center/page-cache.ts';
import { networkVerifier, type DomainVerifier } from './help-center/verification.ts';
import { createStripe } from './billing/stripe/client.ts';

export interface AppOptions {
  db: Db;
  env: Env;
  platformToken: PlatformTokenCheck;
  /** The inbound mail token; default: INBOUND_EMAIL_TOKEN when set, else no token is accepted. */
  inboundToken?: InboundTokenCheck;
  logger?: Logger;
  now?: () => Date;
  /** Default: the driver STORAGE_URL names. */
  storage?: FileStorage;
  /** Where uploads wait while they arrive; default a folder in the system's temporary directory. */
  uploadDir?: string;
  /** How custom help-centre domains are checked; default DNS and HTTP on the network. */
  domainVerifier?: DomainVerifier;
}

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['Health'],
  summary: 'Readiness: ok once the database answers',
  security: SECURITY.public,
  responses: {
    200: jsonContent(z.object({ status: z.literal('ok') }), 'Ready'),
    503: jsonContent(z.object({ status: z.literal('unavailable') }), 'The database does not answer'),
  },
});

/** Paths under /api/v1 that need no agent credential (they bring their own, or none). */
const PUBLIC_API = [
  /^\/api\/v1\/signup$/,
  /^\/api\/v1\/auth\/(login|accept-invite|reset-password)$/,
  // The second sign-in step and passkey sign-in carry their own one-time challenge.
  /^\/api\/v1\/auth\/(two-factor|two-factor\/passkey|two-factor\/passkey-options|passkey|passkey\/options)$/,
  /^\/api\/v1\/widget(\/|$)/,
  // Checks its own token (INBOUND_EMAIL_TOKEN), which belongs to no tenant.
  /^\/api\/v1\/inbound\/email$/,
  // A signed download link is its own credential (files/signed-url.ts).
  /^\/api\/v1\/files\/[^/]+$/,
  // A TLS proxy asks whether to get a certificate for a domain: it holds no credential.
  /^\/api\/v1\/domains\/check$/,
  // Single sign-on's start, callbacks and SP metadata: the identity provider's answer is the credential.
  /^\/api\/v1\/auth\/sso(\/|$)/,
  // Stripe signs its webhook with STRIPE_WEBHOOK_SECRET (billing/stripe/webhook-routes.ts checks it).
  /^\/api\/v1\/billing\/stripe\/webhook$/,
];

/** Bench only (BENCH_ROUTES=1): reads the body and throws it away; the bare streaming beside uploads. */
async function sinkBody(c: Context) {
  let bytes = 0;
  const reader = c.req.raw.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) bytes += r.value.byteLength;
  return c.json({ bytes });
}

export function createApp(opts: AppOptions) {
  const logger = opts.logger ?? createLogger(opts.env.LOG_LEVEL);
  const now = opts.now ?? (() => new Date());
  // On the app's clock, so tests that move time also move rate-limit windows and login waits (in-process
  // counters; Redis's windows are its key expiries).
  const nowMs = () => now().getTime();
  const shared = opts.env.REDIS_URL
    ? redisCluster({ db: opts.db, url: opts.env.REDIS_URL, logger, now: nowMs })
    : { cluster: localCluster(opts.db), limiter: new RateLimiter(nowMs) };
  const signals = new ClusterSignalBus(shared.cluster);
  const deps: Deps = {
    db: opts.db,
    env: opts.env,
    logger,
    now,
    cluster: shared.cluster,
    limiter: shared.limiter,
    kbCounters: new KbCounters(opts.db, logger, now),
    kbSearchCache: new SearchCache(opts.db),
    apiCallCounter: new ApiCallCounter(opts.db, logger, now),
    widgetKeyCache: new WidgetKeyCache(opts.db, shared.cluster.onCommit),
    apiKeyLastUsed: new ApiKeyLastUsed(),
    apiKeyPrincipals: new CredentialCache(opts.db, shared.cluster.onCommit),
    sessionPrincipals: new CredentialCache(opts.db, shared.cluster.onCommit),
    eventReads: new SharedEventReads(opts.db, shared.cluster.onCommit, {
      // With Redis every node's commits wake the streams, so the poll is only a backstop for a lost wake-up.
      pollMs: () => (shared.cluster.shared ? Math.max(300, shared.cluster.backstopPollMs) : 300),
    }),
    sessionLastSeen: new SessionLastSeen(),
    mailReplyKey: new ServerSecret(opts.db, 'mail_reply_key'),
    mailTransport: createMailTransport(opts.env),
    inboundToken:
      opts.inboundToken ??
      (opts.env.INBOUND_EMAIL_TOKEN ? inboundTokenChecker({ token: opts.env.INBOUND_EMAIL_TOKEN }) : noInboundToken),
    storage: opts.storage ?? createStorage(opts.env),
    fileUrlKey: new ServerSecret(opts.db, 'file_url_key'),
    twoFactorKey: new ServerSecret(opts.db, 'two_factor_key'),
    uploadDir: opts.uploadDir ?? DEFAULT_UPLOAD_DIR,
    signals,
    typing: new TypingTracker(signals, now),
    viewers: new ViewerTracker(signals, now),
    stripe: createStripe(opts.env),
    helpCenterHosts: new HostCache(opts.db, shared.cluster.onCommit),
    helpCenterLocales: new LocaleCache(),
    helpCenterPages: new PageCache(),
    domainVerifier: opts.domainVerifier ?? networkVerifier(opts.env.DNS_SERVERS),
  };
  const app = new OpenAPIHono<AppEnv>();

  // Registered before any middleware so it stays bare: liveness probes and the bench baseline.
  app.get('/livez', (c) => c.text('ok'));
  if (opts.env.BENCH_ROUTES) app.post('/livez/sink', sinkBody);

  app.onError(problemHandler(deps.logger));
  app.notFound(notFoundHandler);
  // First, so every later step (limits, audit, logs) sees the same client address.
  app.use('*', clientAddress(deps.env.TRUST_PROXY));
  app.use('*', requestContext(deps.logger));
  // Every JSON sign-in is under /auth: one the IP allowlist refused is audited once its transaction has rolled back.
  app.use('/api/v1/auth/*', auditRefusedSignIns(deps));
  // A help centre on its own host owns every path there; on the main host this only compares one header.
  app.use('*', helpCenterHost(deps));
  // The rest of an oversized body is never read, so its connection cannot carry another request:
  // say so, and the client opens a new one instead of failing its next request on this one.
  const apiBodyLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw tooLarge(undefined, { Connection: 'close' });
    },
  });
  // A mail may be as large as the mail size limit (attachments), not the API's 1 MB.
  const mailBodyLimit = bodyLimit({
    maxSize: MAX_MAIL_BYTES,
    onError: () => {
      throw tooLarge('The mail is larger than 25 MB.', { Connection: 'close' });
    },
  });
  app.use('/api/*', (c, next) => {
    // A GET or HEAD has no body (bodyLimit would find none, after building a whole fetch Request to look).
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (c.req.path === INBOUND_EMAIL_PATH) return mailBodyLimit(c, next);
    // Uploads stream to storage and count their own bytes against the plan's per-file limit.
    if (UPLOAD_PATHS.includes(c.req.path)) return next();
    return apiBodyLimit(c, next);
  });

  app.use('/api/v1/widget/*', widgetCors(new URL(deps.env.PUBLIC_URL).origin));
  const widgetCredential = widgetAuth(deps);
  const agentCredential = authenticate(deps, opts.platformToken);
  const apiLimit = rateLimit({
    limiter: deps.limiter,
    enabled: deps.env.RATE_LIMITS,
    limit: 600,
    windowMs: 60_000,
    key: (c) => {
      const p = c.get('principal');
      if (!p) return null;
      if (p.kind === 'api-key') return `api:key:${p.apiKeyId}`;
      if (p.kind === 'agent') return `api:agent:${p.agentId}`;
      return `api:platform:${clientIp(c)}`;
    },
  });

  // The one place a credential becomes a tenant: everything under /api/v1 passes here.
  app.use('/api/v1/*', async function credentialMiddleware(c: Context<AppEnv>, next: Next) {
    const path = c.req.path;
    if (/^\/api\/v1\/widget(\/|$)/.test(path)) return widgetCredential(c, next);
    if (PUBLIC_API.some((r) => r.test(path))) return next();
    return agentCredential(c, async () => {
      await apiLimit(c, next);
    });
  });
  app.use('/api/v1/*', countApiCalls(deps.apiCallCounter));
  // After the credential check, so an anonymous caller learns nothing but 401.
  app.use('/api/v1/*', jsonTextGuard({ signedPaths: [STRIPE_WEBHOOK_PATH] }));

  for (const group of routeGroups) app.route('/api/v1', group(deps));

  app.openapi(healthRoute, async (c) => {
    try {
      await deps.db.get('SELECT 1');
      return c.json({ status: 'ok' as const }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const }, 503);
    }
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'hd_session',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'hd_sk_… API key',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'platformToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'PLATFORM_ADMIN_TOKEN',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'inboundToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'INBOUND_EMAIL_TOKEN (printed on first start when unset)',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'stripeSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Stripe-Signature',
    description: "Stripe's HMAC of the raw body with STRIPE_WEBHOOK_SECRET",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'widgetKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Widget-Key',
  });
  // On the app itself: a route group's registry would prefix each webhook name with /api/v1.
  registerWebhookDocs(app.openAPIRegistry);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Helpdesk API',
      version: '1.0.0',
      description:
        'Multi-tenant help desk API. Errors are application/problem+json (RFC 9457); lists use cursor pagination (`limit`, `cursor` → `nextCursor`); `Idempotency-Key` on POST replays the first answer.',
    },
    servers: [{ url: deps.env.PUBLIC_URL }],
  });
  app.route('/', createDocsRoutes());
  for (const group of rootGroups) app.route('/', group(deps));

  const flush = () => flushState(deps);
  /** Once no more requests arrive and before the database closes: writes what is buffered, detaches the caches. */
  const shutdown = async () => {
    await flush();
    deps.widgetKeyCache.close();
    deps.helpCenterHosts.close();
    deps.apiKeyPrincipals.close();
    deps.sessionPrincipals.close();
    deps.eventReads.close();
    deps.typing.close();
    deps.viewers.close();
    deps.mailTransport?.close();
    await deps.storage.close();
    await deps.cluster.close();
  };
  return { app, deps, flush, shutdown };
}

/**
 * Writes what this app only holds in memory (article views, suggestions, API calls). A failed write is
 * logged, not thrown, so a shutdown still closes everything else.
 */
async function flushState(deps: Deps): Promise<void> {
  const results = await Promise.allSettled([deps.kbCounters.flush(), deps.apiCallCounter.flush()]);
  for (const r of results) {
    if (r.status === 'rejected')
      deps.logger.error('buffered counts not written', { error: (r.reason as Error).message });
  }
}
