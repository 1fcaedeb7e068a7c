// Two-factor sign-in: the agent's own factors under /me/two-factor and /me/passkeys, the second sign-in step and
// passwordless passkey sign-in under /auth, and an owner's reset of another agent's factors.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { badRequest, forbidden } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { isOwner } from '../roles/grants.ts';
import { getAgent, toAgentDto, type AgentRecord } from '../agents/queries.ts';
import { toTenantDto, type TenantRecord } from '../tenants/queries.ts';
import { SessionAnswer, startSession } from '../auth/routes.ts';
import { LOGIN_THROTTLE } from '../auth/login-throttle.ts';
import {
  AddPasskeyBody,
  ChallengeBody,
  PasskeyOptionsSchema,
  PasskeySchema,
  PasskeySignInBody,
  ProofBody,
  RecoveryCodesSchema,
  SecondStepBody,
  SecondStepPasskeyBody,
  TotpEnrolmentSchema,
  TwoFactorStatusSchema,
  VerifyTotpBody,
  WebAuthnJson,
} from './schemas.ts';
import * as S from './service.ts';

const tooManyAttempts = problemResponse('Too many attempts');

export function createTwoFactorRoutes(deps: Deps) {
  const { db, limiter } = deps;
  const router = createRouter();
  const enabled = deps.env.RATE_LIMITS;
  // Every step is limited per client address; the second step also per challenge, the account's own calls per agent.
  const perIp = (name: string, limit: number, windowMs: number) =>
    rateLimit({ limiter, enabled, limit, windowMs, key: (c) => `${name}:ip:${clientIp(c)}` });
  const perAgent = (name: string, limit: number, windowMs: number) =>
    rateLimit({
      limiter,
      enabled,
      limit,
      windowMs,
      key: (c) => {
        const p = c.get('principal');
        return p?.kind === 'agent' ? `${name}:agent:${p.agentId}` : null;
      },
    });
  const secondStepLimit = perIp('two-factor', LOGIN_THROTTLE.perAddress.failures, LOGIN_THROTTLE.perAddress.windowMs);
  const codeLimit = perAgent('two-factor-code', 10, 15 * 60 * 1000);

  /** The signed-in agent (not an API key) and their record. */
  async function me(c: Context<AppEnv>): Promise<AgentRecord> {
    const p = tenantPrincipal(c);
    if (p.kind !== 'agent') throw badRequest('Two-factor sign-in belongs to a signed-in agent; API keys have none.');
    return (await getAgent(db, p.tenantId, p.agentId))!;
  }

  const signedIn = (
    c: Context<AppEnv>,
    r: { agent: AgentRecord; tenant: TenantRecord; session: { token: string; expiresAt: string } },
  ) => {
    startSession(c, deps, r.session.token, r.session.expiresAt);
    return { agent: toAgentDto(r.agent), tenant: toTenantDto(r.tenant, deps.env.INBOUND_DOMAIN) };
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/me/two-factor',
      operationId: 'getMyTwoFactor',
      tags: ['Two-factor'],
      summary:
        'Your second factors: authenticator app, recovery codes left, passkeys; and whether the tenant requires one',
      security: SECURITY.tenant,
      responses: { 200: jsonContent(TwoFactorStatusSchema, 'Your two-factor status'), ...commonErrors },
    }),
    async (c) => {
      const agent = await me(c);
      return c.json(await S.twoFactorStatus(db, c.get('tenant'), agent.id), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/two-factor/totp',
      operationId: 'startTotpEnrolment',
      tags: ['Two-factor'],
      summary: 'Start setting up an authenticator app: a new secret and its otpauth:// URL (not active until verified)',
      security: SECURITY.tenant,
      middleware: [perAgent('totp-enrol', 20, 15 * 60 * 1000)] as const,
      responses: {
        200: jsonContent(TotpEnrolmentSchema, 'The secret to scan or type'),
        ...commonErrors,
        409: problemResponse('An authenticator app is on already'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      return c.json(await S.beginTotpEnrolment(deps, agent, c.get('tenant')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/two-factor/totp/verify',
      operationId: 'verifyTotpEnrolment',
      tags: ['Two-factor'],
      summary: 'Turn the authenticator app on with its current code; answers ten recovery codes, shown this once',
      description: 'A wrong or reused code is 400 and changes nothing. From now on sign-in needs a second step.',
      security: SECURITY.tenant,
      middleware: [codeLimit] as const,
      request: { body: jsonBody(VerifyTotpBody) },
      responses: {
        200: jsonContent(RecoveryCodesSchema, 'On; the recovery codes'),
        ...commonErrors,
        409: problemResponse('No set-up is waiting'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      const { code } = c.req.valid('json');
      return c.json({ recoveryCodes: await S.verifyTotpEnrolment(deps, actorOf(c), agent, code) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/two-factor/recovery-codes',
      operationId: 'regenerateRecoveryCodes',
      tags: ['Two-factor'],
      summary: 'Ten new recovery codes (the old ones stop working); needs a current code or the password',
      security: SECURITY.tenant,
      middleware: [codeLimit] as const,
      request: { body: jsonBody(ProofBody) },
      responses: {
        200: jsonContent(RecoveryCodesSchema, 'The new codes, shown this once'),
        ...commonErrors,
        409: problemResponse('No authenticator app is set up'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      return c.json(
        { recoveryCodes: await S.regenerateRecoveryCodes(deps, actorOf(c), agent, c.req.valid('json')) },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/two-factor/totp/disable',
      operationId: 'disableTotp',
      tags: ['Two-factor'],
      summary: 'Turn the authenticator app (and its recovery codes) off; needs a current code or the password',
      security: SECURITY.tenant,
      middleware: [codeLimit] as const,
      request: { body: jsonBody(ProofBody) },
      responses: {
        204: { description: 'Off' },
        ...commonErrors,
        409: problemResponse('Not on, or the tenant requires a second factor and none would be left'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      await S.disableTotp(deps, actorOf(c), agent, c.get('tenant'), c.req.valid('json'));
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/passkeys/options',
      operationId: 'passkeyRegistrationOptions',
      tags: ['Two-factor'],
      summary: 'WebAuthn options to register a new passkey (a discoverable credential)',
      security: SECURITY.tenant,
      middleware: [perAgent('passkey-register', 20, 15 * 60 * 1000)] as const,
      responses: {
        200: jsonContent(PasskeyOptionsSchema, 'Options for navigator.credentials.create'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await S.passkeyRegistrationOptions(deps, await me(c)), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/me/passkeys',
      operationId: 'addPasskey',
      tags: ['Two-factor'],
      summary: "Register a passkey with the browser's answer to the options",
      security: SECURITY.tenant,
      middleware: [perAgent('passkey-register', 20, 15 * 60 * 1000)] as const,
      request: { body: jsonBody(AddPasskeyBody) },
      responses: {
        201: jsonContent(PasskeySchema, 'Registered'),
        ...commonErrors,
        409: problemResponse('This passkey is registered already'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      return c.json(await S.addPasskey(deps, actorOf(c), agent, c.req.valid('json')), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/me/passkeys/{id}',
      operationId: 'removePasskey',
      tags: ['Two-factor'],
      summary: 'Remove one of your passkeys',
      security: SECURITY.tenant,
      request: { params: IdParam('Passkey', 'pk_123') },
      responses: {
        204: { description: 'Removed' },
        ...commonErrors,
        409: problemResponse('The tenant requires a second factor and none would be left'),
      },
    }),
    async (c) => {
      const agent = await me(c);
      await S.removePasskey(deps, actorOf(c), agent, c.get('tenant'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/two-factor/reset',
      operationId: 'resetAgentTwoFactor',
      tags: ['Two-factor'],
      summary: "Owner only: remove another agent's authenticator app, recovery codes and passkeys (a lost phone)",
      security: SECURITY.tenant,
      request: { params: IdParam('Agent', 'agt_123') },
      responses: { 204: { description: 'Reset' }, ...commonErrors },
    }),
    async (c) => {
      const p = tenantPrincipal(c);
      if (!isOwner(p))
        throw forbidden("Only an owner can reset another agent's two-factor sign-in.", { requiredRole: 'owner' });
      const { id } = c.req.valid('param');
      if (p.kind === 'agent' && id === p.agentId) throw badRequest('Turn your own factors off under My account.');
      await S.resetTwoFactor(deps, actorOf(c), p.tenantId, id);
      return c.body(null, 204);
    },
  );

  // The second step of sign-in, after POST /auth/login answered { twoFactorRequired, challenge }; a challenge is void
  // after CHALLENGE_MAX_FAILURES wrong codes, so guessing needs the password again.
  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/two-factor',
      operationId: 'completeTwoFactor',
      tags: ['Auth'],
      summary: 'Second sign-in step: a code from the authenticator app or a recovery code; sets the session cookie',
      description:
        'The challenge is single-use, valid 5 minutes and void after 5 wrong codes. A wrong, reused or used-up code is 401 and audited.',
      security: SECURITY.public,
      middleware: [secondStepLimit] as const,
      request: { body: jsonBody(SecondStepBody) },
      responses: { 200: jsonContent(SessionAnswer, 'Signed in'), ...commonErrors, 429: tooManyAttempts },
    }),
    async (c) => {
      const { challenge, code } = c.req.valid('json');
      return c.json(signedIn(c, await S.completeWithCode(deps, actorOf(c), challenge, code)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/two-factor/passkey-options',
      operationId: 'twoFactorPasskeyOptions',
      tags: ['Auth'],
      summary: "Second sign-in step with a passkey: WebAuthn options for the challenge's agent",
      security: SECURITY.public,
      middleware: [secondStepLimit] as const,
      request: { body: jsonBody(ChallengeBody) },
      responses: {
        200: jsonContent(WebAuthnJson, 'Options for navigator.credentials.get'),
        ...commonErrors,
        409: problemResponse('The agent has no passkey'),
      },
    }),
    async (c) => c.json(await S.secondStepPasskeyOptions(deps, c.req.valid('json').challenge), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/two-factor/passkey',
      operationId: 'completeTwoFactorPasskey',
      tags: ['Auth'],
      summary: "Second sign-in step with a passkey: the browser's answer; sets the session cookie",
      security: SECURITY.public,
      middleware: [secondStepLimit] as const,
      request: { body: jsonBody(SecondStepPasskeyBody) },
      responses: { 200: jsonContent(SessionAnswer, 'Signed in'), ...commonErrors },
    }),
    async (c) => {
      const { challenge, response } = c.req.valid('json');
      return c.json(signedIn(c, await S.completeWithPasskey(deps, actorOf(c), challenge, response)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/passkey/options',
      operationId: 'passkeySignInOptions',
      tags: ['Auth'],
      summary: 'Sign in with a passkey (no password): WebAuthn options for any discoverable passkey',
      security: SECURITY.public,
      middleware: [perIp('passkey-sign-in', 60, 15 * 60 * 1000)] as const,
      responses: { 200: jsonContent(PasskeyOptionsSchema, 'Options and the one-time ceremony token'), ...commonErrors },
    }),
    async (c) => c.json(await S.passkeySignInOptions(deps), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/passkey',
      operationId: 'passkeySignIn',
      tags: ['Auth'],
      summary: "Sign in with a passkey: the browser's answer; sets the session cookie",
      security: SECURITY.public,
      middleware: [perIp('passkey-sign-in', 60, 15 * 60 * 1000)] as const,
      request: { body: jsonBody(PasskeySignInBody) },
      responses: { 200: jsonContent(SessionAnswer, 'Signed in'), ...commonErrors },
    }),
    async (c) => {
      const { ceremony, response } = c.req.valid('json');
      return c.json(signedIn(c, await S.passkeySignIn(deps, actorOf(c), ceremony, response)), 200);
    },
  );

  return router;
}
