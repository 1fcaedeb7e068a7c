// Signup, login, logout, invitation acceptance, password reset and change, and `me`: how agents get and use a session.
import { createRoute, z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { DUMMY_PASSWORD_HASH, sha256, verifyPassword } from '../lib/crypto.ts';
import { badRequest, unauthorized } from '../lib/problem.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { findAgentByEmailForLogin, findAgentByInviteHash, getAgent, toAgentDto } from '../agents/queries.ts';
import { AgentSchema } from '../agents/schemas.ts';
import { getRole } from '../roles/queries.ts';
import { getTenant, toTenantDto } from '../tenants/queries.ts';
import { OwnerSchema, TenantSchema } from '../tenants/schemas.ts';
import { assertMaySignIn } from '../tenants/suspension.ts';
import { actorOf } from '../audit/audit.ts';
import { SESSION_COOKIE } from './sessions.ts';
import {
  acceptInvite,
  changePassword,
  recordFailedSignIn,
  resetLinkInvalid,
  resetPassword,
  signIn,
  signOut,
  signUp,
} from './service.ts';
import { MeAnswer } from './schemas.ts';
import { closedByBilling } from '../billing/subscriptions/service.ts';
import { PASSWORD_MAX_BYTES, PasswordSchema } from './password-policy.ts';
import { LOGIN_THROTTLE, loginThrottle, unlockLogin } from './login-throttle.ts';
import { findPasswordReset } from './password-resets.ts';
import { sessionDetails, tenantPrincipal } from '../middleware/authenticate.ts';
import { secondStepOf } from '../two-factor/login.ts';
import { TwoFactorRequiredSchema } from '../two-factor/schemas.ts';

export const SessionAnswer = z.object({ agent: AgentSchema, tenant: TenantSchema }).openapi('SessionAnswer');

const SignupBody = z
  .object({ tenantName: text({ max: 120, nonEmpty: true }) })
  .extend(OwnerSchema.shape)
  .openapi('Signup');

const LoginBody = z
  // Not the password policy: sign-in must keep accepting passwords set before a rule existed.
  .object({ email: text({ max: 254, nonEmpty: true }), password: z.string().min(1).max(PASSWORD_MAX_BYTES) })
  .openapi('Login');

const AcceptInviteBody = z
  .object({
    token: z.string().min(10).max(200),
    password: PasswordSchema,
    name: text({ max: 120, nonEmpty: true }).optional(),
  })
  .openapi('AcceptInvite');

const ResetPasswordBody = z
  .object({ token: z.string().min(10).max(200), password: PasswordSchema })
  .openapi('ResetPassword');

const ChangePasswordBody = z
  .object({
    // Not the policy: the current password may predate a rule.
    currentPassword: z.string().min(1).max(PASSWORD_MAX_BYTES),
    newPassword: PasswordSchema,
  })
  .openapi('ChangePassword');

export function startSession(c: Context<AppEnv>, deps: Deps, token: string, expiresAt: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.env.PUBLIC_URL.startsWith('https:'),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function createAuthRoutes(deps: Deps) {
  const { db, limiter } = deps;
  const router = createRouter();
  const perIp = (name: string, limit: number, windowMs: number) =>
    rateLimit({ limiter, enabled: deps.env.RATE_LIMITS, limit, windowMs, key: (c) => `${name}:ip:${clientIp(c)}` });
  const throttle = loginThrottle(deps);

  router.openapi(
    createRoute({
      method: 'post',
      path: '/signup',
      operationId: 'signup',
      tags: ['Auth'],
      summary: 'Create a tenant and its owner (starts on the professional plan)',
      security: SECURITY.public,
      middleware: [perIp('signup', 10, 60 * 60 * 1000)] as const,
      request: { body: jsonBody(SignupBody) },
      responses: {
        201: jsonContent(SessionAnswer, 'Tenant and owner created; session cookie set'),
        409: problemResponse('Email already registered'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const now = deps.now();
      const { tenant, agent, session } = await signUp(db, actorOf(c), body, now, deps.stripe ? deps : null);
      startSession(c, deps, session.token, session.expiresAt);
      return c.json({ agent: toAgentDto(agent), tenant: toTenantDto(tenant, deps.env.INBOUND_DOMAIN) }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      tags: ['Auth'],
      summary: 'Sign in with email and password; sets the session cookie, or asks for the second step',
      security: SECURITY.public,
      request: { body: jsonBody(LoginBody) },
      responses: {
        200: jsonContent(z.union([SessionAnswer, TwoFactorRequiredSchema]), 'Signed in, or a second step is needed'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const now = deps.now();
      const attempt = await throttle.begin(c, email);
      const agent = await findAgentByEmailForLogin(db, email);
      // Verify against a dummy hash when there is no such agent so timing does not reveal who exists.
      const ok = await verifyPassword(password, agent?.passwordHash ?? DUMMY_PASSWORD_HASH);
      const tenant = agent && (await getTenant(db, agent.tenantId));
      if (!agent || !ok || agent.status !== 'active' || !tenant) {
        await recordFailedSignIn(db, actorOf(c), email, agent, now);
        await attempt.failed(agent);
        throw unauthorized('Email or password is incorrect.');
      }
      await attempt.succeeded();
      // After the password check, so a stranger learns nothing about the account.
      assertMaySignIn(tenant, agent.roleId);
      // With a second factor, no session yet: the answer is a one-time challenge for POST /auth/two-factor.
      const second = await secondStepOf(db, agent, now);
      if (second) return c.json(second, 200);
      const session = await signIn(db, actorOf(c), tenant, agent, now);
      startSession(c, deps, session.token, session.expiresAt);
      const fresh = (await getAgent(db, tenant.id, agent.id))!;
      return c.json({ agent: toAgentDto(fresh), tenant: toTenantDto(tenant, deps.env.INBOUND_DOMAIN) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/accept-invite',
      operationId: 'acceptInvite',
      tags: ['Auth'],
      summary: 'Set a password for an invited agent and sign in',
      security: SECURITY.public,
      middleware: [perIp('invite', 20, 60 * 1000)] as const,
      request: { body: jsonBody(AcceptInviteBody) },
      responses: { 200: jsonContent(SessionAnswer, 'Invitation accepted; signed in'), ...commonErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const now = deps.now();
      const found = await findAgentByInviteHash(db, sha256(body.token));
      if (!found || !found.expiresAt || found.expiresAt <= now.toISOString()) {
        throw unauthorized('This invitation is invalid or has expired. Ask an admin for a new one.');
      }
      const { agent } = found;
      const invitedTo = await getTenant(db, agent.tenantId);
      if (!invitedTo) throw unauthorized('This invitation is invalid or has expired. Ask an admin for a new one.');
      assertMaySignIn(invitedTo, agent.roleId);
      const session = await acceptInvite(db, actorOf(c), agent, body, now);
      startSession(c, deps, session.token, session.expiresAt);
      const [fresh, tenant] = await Promise.all([
        getAgent(db, agent.tenantId, agent.id),
        getTenant(db, agent.tenantId),
      ]);
      return c.json({ agent: toAgentDto(fresh!), tenant: toTenantDto(tenant!, deps.env.INBOUND_DOMAIN) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/reset-password',
      operationId: 'resetPassword',
      tags: ['Auth'],
      summary: 'Set a new password with a one-time reset link; every other session ends and this one signs in',
      description:
        'The token comes from a reset link (`POST /agents/{id}/password-reset`). An unknown, used, replaced or expired token is 400 and changes nothing.',
      security: SECURITY.public,
      // The per-address budget of sign-in: a reset link is a credential too.
      middleware: [
        perIp('reset-password', LOGIN_THROTTLE.perAddress.failures, LOGIN_THROTTLE.perAddress.windowMs),
      ] as const,
      request: { body: jsonBody(ResetPasswordBody) },
      responses: {
        200: jsonContent(SessionAnswer, 'Password set; signed in'),
        ...commonErrors,
        400: problemResponse('Malformed JSON, or the link is invalid, used or expired'),
      },
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      const now = deps.now();
      const reset = await findPasswordReset(db, sha256(token), now.toISOString());
      const agent = reset && (await getAgent(db, reset.tenantId, reset.agentId));
      const tenant = agent && (await getTenant(db, agent.tenantId));
      if (!agent || !tenant || agent.status !== 'active') throw resetLinkInvalid();
      assertMaySignIn(tenant, agent.roleId);
      const session = await resetPassword(db, actorOf(c), agent, token, password, now);
      // Whoever was guessing the old password has nothing left to guess: the agent's sign-in waits end.
      await unlockLogin(limiter, agent.email);
      startSession(c, deps, session.token, session.expiresAt);
      const fresh = (await getAgent(db, tenant.id, agent.id))!;
      return c.json({ agent: toAgentDto(fresh), tenant: toTenantDto(tenant, deps.env.INBOUND_DOMAIN) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/password',
      operationId: 'changeMyPassword',
      tags: ['Auth'],
      summary: 'Change your own password; your other sessions end, this one stays signed in',
      description:
        'A wrong `currentPassword` is 400 (with an error on that field) and changes nothing. Only for a signed-in agent: an API key has no password.',
      security: SECURITY.tenant,
      middleware: [
        rateLimit({
          limiter,
          enabled: deps.env.RATE_LIMITS,
          limit: 10,
          windowMs: 15 * 60 * 1000,
          key: (c) => {
            const p = c.get('principal');
            return p?.kind === 'agent' ? `password-change:agent:${p.agentId}` : null;
          },
        }),
      ] as const,
      request: { body: jsonBody(ChangePasswordBody) },
      responses: {
        204: { description: 'Password changed' },
        ...commonErrors,
        400: problemResponse('Malformed JSON, the current password is wrong, or the caller is an API key'),
      },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      if (p.kind !== 'agent') throw badRequest('Only a signed-in agent has a password to change; API keys have none.');
      const body = c.req.valid('json');
      const agent = (await getAgent(db, p.tenantId, p.agentId))!;
      await changePassword(db, actorOf(c), agent, p.sessionHash, body, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      operationId: 'logout',
      tags: ['Auth'],
      summary: 'End this session (the cookie stops working at once)',
      security: SECURITY.tenant,
      responses: { 204: { description: 'Signed out' }, ...commonErrors },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      if (p.kind !== 'agent') throw badRequest('Logout ends a session; API keys are revoked under /api-keys.');
      await signOut(db, p.sessionHash);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      tags: ['Auth'],
      summary: 'Who is calling: agent (or API key), tenant, role and permissions',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(MeAnswer, 'The caller'), ...commonErrors },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      const tenant = c.get('tenant');
      // What the credential middleware just read for this session, if still kept; otherwise read again.
      const kept = sessionDetails(deps, p);
      const agent = kept ? kept.agent : p.kind === 'agent' ? await getAgent(db, p.tenantId, p.agentId) : undefined;
      const role = kept ? kept.role : p.kind === 'agent' ? await getRole(db, p.tenantId, p.roleId) : undefined;
      return c.json(
        {
          agent: agent ? toAgentDto(agent) : null,
          apiKeyId: p.kind === 'api-key' ? p.apiKeyId : null,
          tenant: toTenantDto(tenant, deps.env.INBOUND_DOMAIN),
          role: role ? { id: role.id, name: role.name, ownTicketsOnly: role.ownTicketsOnly } : null,
          permissions: [...p.permissions].sort(),
          closedByBilling: await closedByBilling(db, deps, tenant),
        },
        200,
      );
    },
  );

  return router;
}
