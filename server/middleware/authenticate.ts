// Resolves the request's credential (session cookie, API key, platform token) and sets the tenant once.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps, Principal, TenantPrincipal } from '../types.ts';
import { findSessionByHash } from '../auth/sessions.ts';
import { findActiveApiKey } from '../api-keys/queries.ts';
import { getAgent, type AgentRecord } from '../agents/queries.ts';
import { getRole } from '../roles/queries.ts';
import { teamIdsOfAgent } from '../teams/queries.ts';
import type { RoleDefinition } from '../roles/permissions.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { assertMayUseAccount } from '../tenants/suspension.ts';
import { platformTokenRefused, unauthorized } from '../lib/problem.ts';
import { safeEqual, sha256 } from '../lib/crypto.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { checkCsrf } from './csrf.ts';
import { planFeatureMissing } from '../tenants/plans.ts';
import { tenantHas } from '../billing/entitlements.ts';
import { clientIp } from './client-ip.ts';
import { assertRequestAddressAllowed } from './ip-allowlist.ts';
import { hasSecondFactor } from '../two-factor/queries.ts';
import { assertEnrolledIfRequired } from '../two-factor/login.ts';

export interface PlatformTokenCheck {
  (token: string): boolean;
}

/** What an API key resolves to, kept in `deps.apiKeyPrincipals` by the key's hash. */
export interface ApiKeyCredential {
  principal: Extract<TenantPrincipal, { kind: 'api-key' }>;
  tenant: TenantRecord;
  /** The plan still includes API keys (read with the key, so a warm key costs no billing read; a downgrade commits). */
  keysIncluded: boolean;
}

/** What a session resolves to, kept in `deps.sessionPrincipals` by the session's hash; expiry is checked per request. */
export interface SessionCredential {
  principal: Extract<TenantPrincipal, { kind: 'agent' }>;
  tenant: TenantRecord;
  /** As read when the session was resolved, so GET /me needs no second read. */
  agent: AgentRecord;
  role: RoleDefinition | undefined;
  expiresAt: string;
  /** The agent has a second factor (for the tenant's "require two-factor" policy). */
  twoFactorEnrolled: boolean;
}

async function loadApiKey(deps: Deps, token: string): Promise<ApiKeyCredential | undefined> {
  const key = await findActiveApiKey(deps.db, token);
  if (!key) return undefined;
  const tenant = await getTenant(deps.db, key.tenantId);
  if (!tenant) return undefined;
  return {
    keysIncluded: await tenantHas(deps.db, tenant, 'api-keys'),
    principal: {
      kind: 'api-key',
      tenantId: key.tenantId,
      apiKeyId: key.id,
      permissions: new Set(key.scopes),
      ownTicketsOnly: false,
      teamOnly: false,
      priorities: null,
      teamIds: [],
    },
    tenant,
  };
}

async function loadSession(deps: Deps, hash: string): Promise<SessionCredential | undefined> {
  const session = await findSessionByHash(deps.db, hash);
  if (!session) return undefined;
  const [agent, tenant] = await Promise.all([
    getAgent(deps.db, session.tenant_id, session.agent_id),
    getTenant(deps.db, session.tenant_id),
  ]);
  if (!agent || !tenant || agent.status !== 'active') return undefined;
  const [role, teamIds, twoFactorEnrolled] = await Promise.all([
    getRole(deps.db, tenant.id, agent.roleId),
    teamIdsOfAgent(deps.db, tenant.id, agent.id),
    hasSecondFactor(deps.db, tenant.id, agent.id),
  ]);
  const priorities = role?.conditions.priorities;
  return {
    principal: {
      kind: 'agent',
      tenantId: tenant.id,
      agentId: agent.id,
      roleId: agent.roleId,
      permissions: new Set(role?.permissions ?? []),
      ownTicketsOnly: role?.ownTicketsOnly ?? false,
      teamOnly: role?.conditions.team ?? false,
      priorities: priorities?.length ? priorities : null,
      teamIds,
      sessionHash: session.token_hash,
    },
    tenant,
    agent,
    role,
    expiresAt: session.expires_at,
    twoFactorEnrolled,
  };
}

async function resolve(
  c: Context<AppEnv>,
  deps: Deps,
  isPlatformToken: PlatformTokenCheck,
): Promise<{ principal: Principal; tenant: TenantRecord | null; keysIncluded?: boolean }> {
  const now = deps.now();
  const auth = c.req.header('authorization');
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) throw unauthorized('Authorization header must be "Bearer <token>".');
    const token = m[1];
    if (token.startsWith('hd_sk_')) {
      const found = await deps.apiKeyPrincipals.get(sha256(token), () => loadApiKey(deps, token));
      if (!found) throw unauthorized('API key is invalid or revoked.');
      assertRequestAddressAllowed(found.tenant, found.principal, clientIp(c));
      await deps.apiKeyLastUsed.touch(deps.db, found.principal.tenantId, found.principal.apiKeyId, now);
      return { principal: { ...found.principal }, tenant: found.tenant, keysIncluded: found.keysIncluded };
    }
    if (isPlatformToken(token)) return { principal: { kind: 'platform' } as Principal, tenant: null };
    throw unauthorized('Bearer token is not valid.');
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) throw unauthorized('Sign in or send an API key.');
  const hash = sha256(cookie);
  const session = await deps.sessionPrincipals.get(hash, () => loadSession(deps, hash));
  if (!session || session.expiresAt <= now.toISOString())
    throw unauthorized('Your session has expired. Sign in again.');
  checkCsrf(c, deps.env.PUBLIC_URL);
  // Before the last-seen write, so a refused address never counts as the session being used.
  assertRequestAddressAllowed(session.tenant, session.principal, clientIp(c));
  assertEnrolledIfRequired(session.tenant, session.twoFactorEnrolled, c.req.method, c.req.path);
  await deps.sessionLastSeen.touch(deps.db, hash, now);
  return { principal: { ...session.principal }, tenant: session.tenant };
}

/**
 * The agent and role a session principal was resolved from, while its cache entry holds (a commit since may have
 * emptied it: then undefined, and the caller reads them itself).
 */
export function sessionDetails(
  deps: Deps,
  p: TenantPrincipal,
): { agent: AgentRecord; role: RoleDefinition | undefined } | undefined {
  if (p.kind !== 'agent') return undefined;
  const kept = deps.sessionPrincipals.peek(p.sessionHash);
  return kept && kept.principal.agentId === p.agentId ? { agent: kept.agent, role: kept.role } : undefined;
}

/**
 * Whether a long-lived request (an event stream) may go on: its session still exists, has not expired, its agent is
 * active and its address still passes the agent allowlist. Read through the credential cache, which every commit
 * empties, so ending a session, deactivating the agent or changing the list closes the stream at its next wake-up.
 */
export async function sessionStillValid(deps: Deps, p: TenantPrincipal, ip: string): Promise<boolean> {
  if (p.kind !== 'agent') return true;
  const session = await deps.sessionPrincipals.get(p.sessionHash, () => loadSession(deps, p.sessionHash));
  if (!session || session.principal.agentId !== p.agentId) return false;
  if (session.expiresAt <= deps.now().toISOString()) return false;
  try {
    assertRequestAddressAllowed(session.tenant, session.principal, ip);
  } catch {
    return false;
  }
  return true;
}

export function platformTokenChecker(tokenOrHash: { token?: string; hash?: string }): PlatformTokenCheck {
  return (token) => {
    if (!token) return false;
    if (tokenOrHash.token) return safeEqual(sha256(token), sha256(tokenOrHash.token));
    return !!tokenOrHash.hash && safeEqual(sha256(token), tokenOrHash.hash);
  };
}

/**
 * Every authenticated route group mounts this once; handlers read c.var.tenantId and c.var.principal. The tenant's
 * IP allowlists are enforced here (a session against `agentIpAllowlist`, an API key against `apiIpAllowlist`); the
 * platform token belongs to no tenant and is never refused by them.
 */
export function authenticate(deps: Deps, isPlatformToken: PlatformTokenCheck): MiddlewareHandler<AppEnv> {
  return async function authenticateMiddleware(c, next) {
    const { principal, tenant, keysIncluded } = await resolve(c, deps, isPlatformToken);
    c.set('principal', principal);
    if (tenant && principal.kind !== 'platform') {
      assertMayUseAccount(tenant, principal as TenantPrincipal, c.req.method, c.req.path);
      c.set('tenant', tenant);
      c.set('tenantId', tenant.id);
      // A key made before a downgrade stops working with it, as webhook deliveries stop.
      if (principal.kind === 'api-key' && !keysIncluded) throw planFeatureMissing(tenant.plan, 'api-keys');
    }
    await next();
  };
}

/** For routes that only a tenant member (agent or API key) may call. */
export function tenantPrincipal(c: Context<AppEnv>): TenantPrincipal {
  const p = c.get('principal');
  if (p.kind === 'platform') throw platformTokenRefused();
  return p;
}
