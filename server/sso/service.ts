// Single sign-on use cases: configure and remove a tenant's identity provider, start a sign-in (find the tenant by
// the email's domain, remember state/nonce/PKCE or the SAML request id), and finish it (verify the answer, find or
// make the agent, start the session) — each with its audit entry; a refused attempt is audited outside any
// transaction, as a failed password sign-in is.
import type { Deps } from '../types.ts';
import type { Db, Queryable } from '../db/client.ts';
import { audit, actorTenant, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, invalidField, notFound, Problem } from '../lib/problem.ts';
import { getRole } from '../roles/queries.ts';
import { roleForGroups } from '../roles/group-roles.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { assertTenantHas, loadEntitlements, tenantHas } from '../billing/entitlements.ts';
import { assertMaySignIn } from '../tenants/suspension.ts';
import {
  countSeatAgents,
  findAgentByEmailForLogin,
  getAgent,
  insertAgent,
  updateAgent,
  type AgentRecord,
} from '../agents/queries.ts';
import { startAgentSession } from '../auth/start-session.ts';
import {
  deleteSsoConfig,
  domainsTakenByOthers,
  getSsoConfig,
  insertSsoRequest,
  markAssertionSeen,
  peekSsoRequest,
  putSsoConfig,
  sweepSsoState,
  takeSsoRequest,
  tenantForDomain,
  type OidcSettings,
  type SamlSettings,
  type SsoConfigRecord,
} from './queries.ts';
import type { SsoConfig, SsoConfigBody } from './schemas.ts';
import { openSecret, sealSecret } from './secret-box.ts';
import { authorizationUrl, discover, exchangeCode, OidcCallbackError, OidcDiscoveryError } from './oidc.ts';
import {
  parseIdpMetadata,
  SAML_REQUEST_TTL_MS,
  SamlMetadataError,
  SamlResponseError,
  samlFor,
  verifySamlResponse,
  type SpEndpoints,
} from './saml.ts';

type SsoDeps = Pick<Deps, 'db' | 'env' | 'now'>;

/** How long an OIDC sign-in may take at the provider. */
export const OIDC_REQUEST_TTL_MS = 10 * 60 * 1000;

export function endpointsFor(publicUrl: string, tenantId: string) {
  const base = `${publicUrl.replace(/\/$/, '')}/api/v1/auth/sso`;
  return {
    oidcRedirectUri: `${base}/oidc/callback`,
    samlEntityId: `${base}/saml/${tenantId}/metadata`,
    samlAcsUrl: `${base}/saml/${tenantId}/acs`,
    samlMetadataUrl: `${base}/saml/${tenantId}/metadata`,
  };
}

const spOf = (publicUrl: string, tenantId: string): SpEndpoints => {
  const e = endpointsFor(publicUrl, tenantId);
  return { entityId: e.samlEntityId, acsUrl: e.samlAcsUrl };
};

export function toSsoConfigDto(publicUrl: string, tenantId: string, c: SsoConfigRecord | undefined): SsoConfig {
  const endpoints = endpointsFor(publicUrl, tenantId);
  return {
    configured: !!c,
    protocol: c?.protocol ?? null,
    redirectUri: c?.protocol === 'saml' ? endpoints.samlAcsUrl : endpoints.oidcRedirectUri,
    endpoints,
    domains: c?.domains ?? [],
    enforce: c?.enforce ?? false,
    defaultRoleId: c?.defaultRoleId ?? 'agent',
    breakGlassAgentId: c?.breakGlassAgentId ?? null,
    issuer: c?.oidc?.issuer ?? null,
    clientId: c?.oidc?.clientId ?? null,
    clientSecretSet: !!c?.clientSecretEnc,
    idpEntityId: c?.saml?.idpEntityId ?? null,
    idpSsoUrl: c?.saml?.idpSsoUrl ?? null,
    createdAt: c?.createdAt ?? null,
    updatedAt: c?.updatedAt ?? null,
  };
}

const domainTaken = (domains: string[]) =>
  conflict(
    `The domain${domains.length > 1 ? 's' : ''} ${domains.join(', ')} already sign${domains.length > 1 ? '' : 's'} in through another account's single sign-on; a domain belongs to one account only.`,
  );

/**
 * The owner saves the identity provider. Slow and network work first (OIDC discovery proves issuer, client id
 * and secret belong together as far as discovery can; the SAML metadata is parsed), then one transaction.
 */
export async function configureSso(
  deps: SsoDeps,
  actor: Actor,
  tenant: TenantRecord,
  body: SsoConfigBody,
): Promise<SsoConfig> {
  const { db } = deps;
  const tenantId = actorTenant(actor);
  const existing = await getSsoConfig(db, tenantId);
  const domains = [...new Set(body.domains)].sort();
  const defaultRoleId = body.defaultRoleId ?? existing?.defaultRoleId ?? 'agent';
  const enforce = body.enforce ?? existing?.enforce ?? false;
  const breakGlassAgentId =
    body.breakGlassAgentId === undefined ? (existing?.breakGlassAgentId ?? null) : body.breakGlassAgentId;

  if (defaultRoleId === 'owner')
    throw invalidField('defaultRoleId', 'owners are never made by single sign-on; choose another role');
  if (!(await getRole(db, tenantId, defaultRoleId)))
    throw invalidField('defaultRoleId', `no role "${defaultRoleId}" in this account`);
  if (enforce && !breakGlassAgentId)
    throw invalidField(
      'breakGlassAgentId',
      'requiring SSO needs a break-glass owner who can still sign in with a password if the identity provider fails',
    );
  if (breakGlassAgentId) {
    const agent = await getAgent(db, tenantId, breakGlassAgentId);
    if (!agent || agent.roleId !== 'owner' || agent.status !== 'active')
      throw invalidField('breakGlassAgentId', 'must be an active owner of this account');
  }
  const taken = await domainsTakenByOthers(db, tenantId, domains);
  if (taken.length) throw domainTaken(taken);

  let settings: OidcSettings | SamlSettings;
  let clientSecretEnc: string | null = null;
  if (body.protocol === 'oidc') {
    // An issuer at the root is written without the slash URL parsing adds (as providers name themselves).
    const typed = body.issuer!;
    const issuer = new URL(typed).pathname === '/' ? typed.replace(/\/$/, '') : typed;
    const secret =
      body.clientSecret ??
      (existing?.protocol === 'oidc' && existing.clientSecretEnc
        ? await openSecret(db, existing.clientSecretEnc)
        : null);
    if (!secret) throw invalidField('clientSecret', 'is required (the client secret your identity provider issued)');
    try {
      await discover(issuer, body.clientId!, secret);
    } catch (err) {
      if (err instanceof OidcDiscoveryError)
        throw invalidField(
          'issuer',
          `OpenID discovery at ${issuer}/.well-known/openid-configuration failed: ${err.message}`,
        );
      throw err;
    }
    settings = { issuer, clientId: body.clientId! };
    clientSecretEnc = await sealSecret(db, secret);
  } else {
    const xml = body.idpMetadataXml ?? (existing?.protocol === 'saml' ? existing.saml!.idpMetadataXml : null);
    if (!xml) throw invalidField('idpMetadataXml', "is required (your identity provider's SAML metadata XML)");
    try {
      settings = { ...parseIdpMetadata(xml), idpMetadataXml: xml };
    } catch (err) {
      if (err instanceof SamlMetadataError) throw invalidField('idpMetadataXml', err.message);
      throw err;
    }
  }

  const now = deps.now();
  await db.tx(async (tx) => {
    // Again inside the transaction: another account may have claimed a domain meanwhile.
    const takenNow = await domainsTakenByOthers(tx, tenantId, domains);
    if (takenNow.length) throw domainTaken(takenNow);
    await putSsoConfig(
      tx,
      tenantId,
      { protocol: body.protocol, settings, clientSecretEnc, domains, enforce, defaultRoleId, breakGlassAgentId },
      now.toISOString(),
    );
    await audit(
      actor,
      tx,
      {
        action: existing ? 'sso.updated' : 'sso.configured',
        targetType: 'sso',
        targetId: tenantId,
        details: {
          protocol: body.protocol,
          ...(body.protocol === 'oidc'
            ? {
                issuer: (settings as OidcSettings).issuer,
                clientId: body.clientId,
                clientSecretChanged: body.clientSecret !== undefined,
              }
            : { idpEntityId: (settings as SamlSettings).idpEntityId }),
          domains,
          enforce,
          defaultRoleId,
          breakGlassAgentId,
          ...(existing && existing.enforce !== enforce ? { enforceChanged: true } : {}),
        },
      },
      now,
    );
  });
  return toSsoConfigDto(deps.env.PUBLIC_URL, tenant.id, await getSsoConfig(db, tenantId));
}

export async function removeSso(deps: SsoDeps, actor: Actor): Promise<void> {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const existing = await getSsoConfig(tx, tenantId);
    if (!existing) throw notFound('Single sign-on configuration');
    await deleteSsoConfig(tx, tenantId);
    await audit(
      actor,
      tx,
      {
        action: 'sso.removed',
        targetType: 'sso',
        targetId: tenantId,
        details: { protocol: existing.protocol, domains: existing.domains },
      },
      now,
    );
  });
}

export const SSO_REQUIRED_PROBLEM = 'https://helpdesk.dev/problems/sso-required';

/**
 * Whether password sign-in is closed to this agent: the tenant requires SSO (on a plan that has it) and the agent is
 * not its break-glass owner. Returns the refusal, or null; `breakGlass` says the exception was used.
 */
export async function passwordSignInRule(
  db: Db,
  tenant: TenantRecord,
  agent: AgentRecord,
): Promise<{ refusal: Problem | null; breakGlass: boolean }> {
  if (!(await tenantHas(db, tenant, 'sso'))) return { refusal: null, breakGlass: false };
  const config = await getSsoConfig(db, tenant.id);
  if (!config?.enforce) return { refusal: null, breakGlass: false };
  if (config.breakGlassAgentId === agent.id && agent.roleId === 'owner') return { refusal: null, breakGlass: true };
  return {
    refusal: new Problem(
      403,
      'This help desk requires single sign-on: use "Sign in with SSO" with your work email. Password sign-in is kept for the break-glass owner only.',
      { type: SSO_REQUIRED_PROBLEM, title: 'Single sign-on required', extra: { ssoRequired: true } },
    ),
    breakGlass: false,
  };
}

/**
 * Every way of starting a session with a password (sign-in, accepting an invitation, a reset link) asks this first:
 * refused while the tenant requires SSO (audited, 403), unless the agent is the break-glass owner.
 */
export async function assertPasswordSignInAllowed(
  db: Db,
  actor: Actor,
  tenant: TenantRecord,
  agent: AgentRecord,
  now: Date,
): Promise<{ breakGlass: boolean }> {
  const { refusal, breakGlass } = await passwordSignInRule(db, tenant, agent);
  if (refusal) {
    await audit(
      actor,
      db,
      {
        tenantId: tenant.id,
        actor: { actorType: 'agent', actorId: agent.id },
        action: 'auth.password_refused_sso_required',
        targetType: 'agent',
        targetId: agent.id,
      },
      now,
    );
    throw refusal;
  }
  return { breakGlass };
}

/** A refused SSO answer: the code lands on the sign-in page, the reason in the audit log. */
export class SsoRefusal extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly tenantId: string | null = null,
    readonly email: string | null = null,
  ) {
    super(reason);
  }
}

export async function recordSsoRefusal(db: Db, actor: Actor, refusal: SsoRefusal, protocol: string, now: Date) {
  await audit(
    actor,
    db,
    {
      tenantId: refusal.tenantId,
      action: 'auth.sso_refused',
      targetType: 'sso',
      targetId: refusal.tenantId ?? undefined,
      details: { protocol, code: refusal.code, reason: refusal.reason.slice(0, 500), email: refusal.email },
    },
    now,
  );
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** The tenant whose SSO an email leads to, with its configuration; null when the domain has none (or the plan). */
export async function ssoForEmail(db: Db, email: string) {
  const tenantId = await tenantForDomain(db, domainOf(email));
  const tenant = tenantId && (await getTenant(db, tenantId));
  const config = tenant && (await getSsoConfig(db, tenant.id));
  if (!tenant || !config) return null;
  return { tenant, config };
}

/** Where to send the browser: the identity provider, with this sign-in's state remembered server-side. */
export async function startSsoSignIn(deps: SsoDeps, email: string): Promise<{ url: string; state: string | null }> {
  const found = await ssoForEmail(deps.db, email);
  if (!found) throw notFound(`Single sign-on for ${domainOf(email)}`);
  const { tenant, config } = found;
  await assertTenantHas(deps.db, tenant, 'sso');
  const now = deps.now();
  if (config.protocol === 'oidc') {
    const oidc = config.oidc!;
    let configuration;
    try {
      configuration = await discover(oidc.issuer, oidc.clientId, await openSecret(deps.db, config.clientSecretEnc!));
    } catch (err) {
      if (err instanceof OidcDiscoveryError)
        throw new Problem(502, 'The identity provider of this account does not answer; try again later.');
      throw err;
    }
    const start = await authorizationUrl(
      configuration,
      endpointsFor(deps.env.PUBLIC_URL, tenant.id).oidcRedirectUri,
      email,
    );
    await deps.db.tx(async (tx) => {
      await sweepSsoState(tx, now.toISOString());
      await insertSsoRequest(tx, {
        id: start.state,
        tenantId: tenant.id,
        protocol: 'oidc',
        nonce: start.nonce,
        codeVerifier: start.codeVerifier,
        email,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + OIDC_REQUEST_TTL_MS).toISOString(),
      });
    });
    return { url: start.url, state: start.state };
  }
  const requestId = `_${randomToken(32)}`;
  await deps.db.tx(async (tx) => {
    await sweepSsoState(tx, now.toISOString());
    await insertSsoRequest(tx, {
      id: requestId,
      tenantId: tenant.id,
      protocol: 'saml',
      nonce: null,
      codeVerifier: null,
      email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SAML_REQUEST_TTL_MS).toISOString(),
    });
  });
  const saml = samlFor(spOf(deps.env.PUBLIC_URL, tenant.id), config.saml!, undefined, requestId);
  const url = await saml.getAuthorizeUrlAsync('', undefined, { additionalParams: { login_hint: email } });
  return { url, state: null };
}

export interface SsoIdentity {
  email: string | null;
  emailVerified?: boolean | null;
  name: string | null;
  groups: string[];
}

/**
 * The identity provider vouched for `identity`: the agent with that email in this tenant signs in (made now, on a
 * free seat, with the role its groups map to, else the default role); anything else is a refusal.
 */
async function signInIdentity(
  deps: SsoDeps,
  actor: Actor,
  tenantId: string,
  identity: SsoIdentity,
  method: 'oidc' | 'saml',
  extra: (tx: Queryable) => Promise<void>,
) {
  const { db } = deps;
  const tenant = await getTenant(db, tenantId);
  const config = tenant && (await getSsoConfig(db, tenantId));
  if (!tenant || !config || config.protocol !== method)
    throw new SsoRefusal('sso_not_configured', 'Single sign-on is no longer configured for this account.', tenantId);
  if (!(await tenantHas(db, tenant, 'sso')))
    throw new SsoRefusal('sso_plan', `Single sign-on is not included in the ${tenant.plan} plan.`, tenantId);
  const email = identity.email?.trim().toLowerCase() ?? null;
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
    throw new SsoRefusal('sso_no_email', 'The identity provider sent no email address.', tenantId);
  if (identity.emailVerified === false)
    throw new SsoRefusal(
      'sso_email_unverified',
      'The identity provider says this email is not verified.',
      tenantId,
      email,
    );
  if (!config.domains.includes(domainOf(email)))
    throw new SsoRefusal(
      'sso_domain',
      `The identity provider answered with ${email}, whose domain is not one of this account's SSO domains.`,
      tenantId,
      email,
    );
  const now = deps.now();
  const known = await findAgentByEmailForLogin(db, email);
  if (known && known.tenantId !== tenantId)
    throw new SsoRefusal('sso_other_tenant', `${email} belongs to another account.`, tenantId, email);
  if (known?.status === 'disabled')
    throw new SsoRefusal('sso_agent_disabled', `${email} is deactivated in this help desk.`, tenantId, email);
  const roleId = known
    ? known.roleId === 'owner'
      ? 'owner'
      : roleForGroups(tenant.security.groupRoles, identity.groups, known.roleId)
    : roleForGroups(tenant.security.groupRoles, identity.groups, config.defaultRoleId);
  try {
    assertMaySignIn(tenant, roleId);
  } catch (err) {
    if (err instanceof Problem) throw new SsoRefusal('sso_account_inactive', err.message, tenantId, email);
    throw err;
  }
  const agentId = known?.id ?? newId('agt');
  return db.tx(async (tx) => {
    await extra(tx);
    const stamp = now.toISOString();
    if (!known) {
      const limit = (await loadEntitlements(tx, tenant, now)).limits.agents;
      const used = await countSeatAgents(tx, tenantId);
      if (limit != null && used >= limit)
        throw new SsoRefusal(
          'sso_seat_limit',
          `Agent limit reached: ${used} of ${limit} agents on the ${tenant.plan} plan; ${email} was not added.`,
          tenantId,
          email,
        );
      await insertAgent(tx, tenantId, {
        id: agentId,
        email,
        name: (identity.name?.trim() || email.slice(0, email.indexOf('@'))).slice(0, 120),
        passwordHash: null,
        roleId,
        status: 'active',
        now: stamp,
      });
      await audit(
        actor,
        tx,
        {
          tenantId,
          actor: { actorType: 'agent', actorId: agentId },
          action: 'agent.created',
          targetType: 'agent',
          targetId: agentId,
          details: { roleId, via: method, groups: identity.groups.slice(0, 50) },
        },
        now,
      );
    } else {
      await updateAgent(
        tx,
        tenantId,
        agentId,
        {
          roleId: roleId === known.roleId ? undefined : roleId,
          // An invitation is answered by signing in through the identity provider.
          status: known.status === 'invited' ? 'active' : undefined,
          clearInvite: known.status === 'invited',
        },
        stamp,
      );
      if (roleId !== known.roleId)
        await audit(
          actor,
          tx,
          {
            tenantId,
            actor: { actorType: 'agent', actorId: agentId },
            action: 'agent.role_changed',
            targetType: 'agent',
            targetId: agentId,
            details: { from: known.roleId, to: roleId, via: method, groups: identity.groups.slice(0, 50) },
          },
          now,
        );
    }
    return startAgentSession(tx, actor, { tenantId, id: agentId }, method, now, {
      action: 'auth.sso_login',
      details: { protocol: method, email, created: !known },
    });
  });
}

/** The OIDC callback: state must match this browser's and a live request (used up now), then the code exchange. */
export async function completeOidcSignIn(
  deps: SsoDeps,
  actor: Actor,
  query: URLSearchParams,
  browserState: string | undefined,
) {
  const state = query.get('state');
  if (!state || !browserState || state !== browserState)
    throw new SsoRefusal('sso_state', 'The state does not match the one this browser started with.');
  const request = await deps.db.tx((tx) => takeSsoRequest(tx, state, 'oidc', deps.now().toISOString()));
  if (!request) throw new SsoRefusal('sso_state', 'The sign-in is unknown, expired or used already.');
  const tenantId = request.tenantId;
  if (query.get('error'))
    throw new SsoRefusal(
      'oidc_denied',
      `The identity provider refused: ${query.get('error')} ${query.get('error_description') ?? ''}`.trim(),
      tenantId,
      request.email,
    );
  const config = await getSsoConfig(deps.db, tenantId);
  if (!config?.oidc || !config.clientSecretEnc)
    throw new SsoRefusal('sso_not_configured', 'Single sign-on is no longer configured for this account.', tenantId);
  const redirectUri = endpointsFor(deps.env.PUBLIC_URL, tenantId).oidcRedirectUri;
  let identity;
  try {
    const configuration = await discover(
      config.oidc.issuer,
      config.oidc.clientId,
      await openSecret(deps.db, config.clientSecretEnc),
    );
    identity = await exchangeCode(configuration, new URL(`${redirectUri}?${query.toString()}`), {
      state,
      nonce: request.nonce!,
      codeVerifier: request.codeVerifier!,
    });
  } catch (err) {
    if (err instanceof OidcCallbackError) throw new SsoRefusal(err.code, err.message, tenantId, request.email);
    if (err instanceof OidcDiscoveryError)
      throw new SsoRefusal('sso_idp_unavailable', err.message, tenantId, request.email);
    throw err;
  }
  return signInIdentity(deps, actor, tenantId, identity, 'oidc', async () => {});
}

/** The SAML ACS: the response is verified (signature, audience, time, InResponseTo, Recipient, Destination), its
 * request used up and its assertion id remembered in the sign-in's transaction, so a replay finds both taken. */
export async function completeSamlSignIn(deps: SsoDeps, actor: Actor, tenantId: string, samlResponse: string) {
  const config = await getSsoConfig(deps.db, tenantId);
  if (!config?.saml)
    throw new SsoRefusal('sso_not_configured', 'Single sign-on (SAML) is not configured here.', tenantId);
  const nowIso = () => deps.now().toISOString();
  let identity;
  try {
    identity = await verifySamlResponse(spOf(deps.env.PUBLIC_URL, tenantId), config.saml, samlResponse, {
      createdAt: async (id) => {
        const r = await peekSsoRequest(deps.db, id, 'saml', nowIso());
        return r && r.tenantId === tenantId ? r.createdAt : null;
      },
    });
  } catch (err) {
    if (err instanceof SamlResponseError) throw new SsoRefusal(err.code, err.message, tenantId);
    throw err;
  }
  const assertion = identity;
  return signInIdentity(deps, actor, tenantId, identity, 'saml', async (tx) => {
    const request = await takeSsoRequest(tx, assertion.inResponseTo, 'saml', nowIso());
    if (!request || request.tenantId !== tenantId)
      throw new SsoRefusal('saml_in_response_to', 'The response answers no live request (used or expired).', tenantId);
    const keepUntil =
      assertion.notOnOrAfter && !Number.isNaN(Date.parse(assertion.notOnOrAfter))
        ? new Date(Math.max(Date.parse(assertion.notOnOrAfter), deps.now().getTime()) + 5 * 60 * 1000).toISOString()
        : new Date(deps.now().getTime() + 24 * 60 * 60 * 1000).toISOString();
    if (!(await markAssertionSeen(tx, tenantId, assertion.assertionId, keepUntil)))
      throw new SsoRefusal('saml_replay', 'This assertion was used before.', tenantId);
  });
}
