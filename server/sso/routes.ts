// Single sign-on: the owner's configuration (PUT/GET/DELETE /sso), the public sign-in start (GET /auth/sso?email=,
// and /auth/sso/discover for the sign-in page), the two callbacks (OIDC redirect, SAML ACS) and the SP metadata.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, problemResponse, SECURITY } from '../openapi/router.ts';
import { requireFeature } from '../middleware/permission.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { actorOf } from '../audit/audit.ts';
import { forbidden, notFound } from '../lib/problem.ts';
import { isOwner } from '../roles/grants.ts';
import { getTenant } from '../tenants/queries.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { SignInRefused } from '../auth/sign-in-refused.ts';
import { tenantHas } from '../billing/entitlements.ts';
import { getSsoConfig } from './queries.ts';
import { SsoConfigBodySchema, SsoConfigSchema, SsoDiscoverySchema, SsoEmailQuerySchema } from './schemas.ts';
import {
  completeOidcSignIn,
  completeSamlSignIn,
  configureSso,
  endpointsFor,
  OIDC_REQUEST_TTL_MS,
  recordSsoRefusal,
  removeSso,
  SsoRefusal,
  ssoForEmail,
  startSsoSignIn,
  toSsoConfigDto,
} from './service.ts';
import { spMetadata } from './saml.ts';

/** Binds an OIDC sign-in to the browser that started it (the state, also kept server-side, single use). */
const STATE_COOKIE = 'hd_sso_state';
const CALLBACK_PATH = '/api/v1/auth/sso/oidc/callback';

const TenantParam = z.object({
  tenantId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'tenantId', in: 'path' }, example: 'ten_Hq3…', description: 'Tenant id' }),
});

const redirect = (description: string) => ({
  description,
  headers: { Location: { schema: { type: 'string' as const }, description: 'Where the browser goes next' } },
});

const assertOwner = (c: Context<AppEnv>) => {
  const p = tenantPrincipal(c);
  if (!isOwner(p)) throw forbidden('Only the account owner can configure single sign-on.');
};

export function createSsoRoutes(deps: Deps) {
  const { db, limiter } = deps;
  const router = createRouter();
  const perIp = (name: string, limit: number) =>
    rateLimit({
      limiter,
      enabled: deps.env.RATE_LIMITS,
      limit,
      windowMs: 60_000,
      key: (c) => `${name}:ip:${clientIp(c)}`,
    });
  const secure = deps.env.PUBLIC_URL.startsWith('https:');

  /** After a callback: the inbox (signed in) or its sign-in page naming what went wrong. */
  async function finish(
    c: Context<AppEnv>,
    protocol: 'oidc' | 'saml',
    attempt: () => Promise<{ token: string; expiresAt: string }>,
  ) {
    const base = deps.env.PUBLIC_URL.replace(/\/$/, '');
    try {
      const session = await attempt();
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/',
        expires: new Date(session.expiresAt),
      });
      return c.redirect(`${base}/inbox/`, 302);
    } catch (caught) {
      // The agent IP allowlist refuses here as everywhere (sessions.ts); a browser on a redirect gets the page.
      const err =
        caught instanceof SignInRefused
          ? new SsoRefusal('sso_ip_not_allowed', caught.message, caught.tenantId)
          : caught;
      if (!(err instanceof SsoRefusal)) throw err;
      await recordSsoRefusal(db, actorOf(c), err, protocol, deps.now());
      return c.redirect(`${base}/inbox/#/?ssoError=${encodeURIComponent(err.code)}`, 302);
    }
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/sso',
      operationId: 'getSso',
      tags: ['Single sign-on'],
      summary:
        "The account's single sign-on (never the client secret) and the URLs to register at the identity provider",
      description:
        'Owner only; enterprise plan. `configured: false` when none is saved yet (the URLs are still there).',
      security: SECURITY.tenant,
      middleware: [requireFeature(deps, 'sso')] as const,
      responses: { 200: jsonContent(SsoConfigSchema, 'The configuration'), ...commonErrors },
    }),
    async (c) => {
      assertOwner(c);
      const tenantId = c.get('tenantId');
      return c.json(toSsoConfigDto(deps.env.PUBLIC_URL, tenantId, await getSsoConfig(db, tenantId)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/sso',
      operationId: 'putSso',
      tags: ['Single sign-on'],
      summary: 'Save the identity provider (OIDC issuer + client, or SAML IdP metadata), its domains and enforcement',
      description:
        'Owner only; enterprise plan (other plans: 403 naming plan and feature). OIDC discovery runs before saving (a failing issuer is 422). A domain another account claimed is 409. `enforce: true` needs a `breakGlassAgentId` (an active owner).',
      security: SECURITY.tenant,
      middleware: [requireFeature(deps, 'sso')] as const,
      request: { body: jsonBody(SsoConfigBodySchema) },
      responses: {
        200: jsonContent(SsoConfigSchema, 'Saved'),
        ...commonErrors,
        409: problemResponse('A domain belongs to another account'),
      },
    }),
    async (c) => {
      assertOwner(c);
      return c.json(await configureSso(deps, actorOf(c), c.get('tenant'), c.req.valid('json')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/sso',
      operationId: 'deleteSso',
      tags: ['Single sign-on'],
      summary: 'Remove single sign-on: its domains are free again and password sign-in is open to everyone',
      description: 'Owner only; on any plan, so an account that left the enterprise plan can still remove it.',
      security: SECURITY.tenant,
      responses: { 204: { description: 'Removed' }, ...commonErrors },
    }),
    async (c) => {
      assertOwner(c);
      await removeSso(deps, actorOf(c));
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/sso/discover',
      operationId: 'discoverSso',
      tags: ['Single sign-on'],
      summary: "Whether an email's domain signs in through single sign-on (for the sign-in page)",
      security: SECURITY.public,
      middleware: [perIp('sso-discover', 60)] as const,
      request: { query: SsoEmailQuerySchema },
      responses: { 200: jsonContent(SsoDiscoverySchema, 'The answer'), ...commonErrors },
    }),
    async (c) => {
      const found = await ssoForEmail(db, c.req.valid('query').email);
      return c.json({ sso: !!found && (await tenantHas(db, found.tenant, 'sso')) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/sso',
      operationId: 'startSso',
      tags: ['Single sign-on'],
      summary:
        "Go to the identity provider of the email's account (302); its callback signs in and redirects to /inbox",
      description:
        "The account is the one whose SSO `domains` include the email's domain; none is 404. OIDC: code flow with PKCE, state and nonce. SAML: an AuthnRequest (HTTP-Redirect) whose id the response must answer.",
      security: SECURITY.public,
      middleware: [perIp('sso-start', 30)] as const,
      request: { query: SsoEmailQuerySchema },
      responses: {
        302: redirect('To the identity provider'),
        ...commonErrors,
        502: problemResponse('The identity provider does not answer'),
      },
    }),
    async (c) => {
      const { url, state } = await startSsoSignIn(deps, c.req.valid('query').email);
      if (state)
        setCookie(c, STATE_COOKIE, state, {
          httpOnly: true,
          sameSite: 'Lax',
          secure,
          path: CALLBACK_PATH,
          maxAge: OIDC_REQUEST_TTL_MS / 1000,
        });
      return c.redirect(url, 302);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/sso/oidc/callback',
      operationId: 'oidcCallback',
      tags: ['Single sign-on'],
      summary: 'OIDC redirect URI: checks state, nonce and PKCE, signs the agent in, redirects to /inbox',
      description:
        "A refused answer (state or nonce mismatch, replay, a domain not the account's, a deactivated agent…) redirects to the sign-in page with `ssoError`, is audited and changes nothing.",
      security: SECURITY.public,
      middleware: [perIp('sso-callback', 30)] as const,
      request: {
        query: z.object({
          code: z.string().max(4096).optional(),
          state: z.string().max(512).optional(),
          iss: z.string().max(2048).optional(),
          error: z.string().max(512).optional(),
          error_description: z.string().max(2048).optional(),
          session_state: z.string().max(512).optional(),
        }),
      },
      responses: { 302: redirect('To the inbox, or to the sign-in page with ssoError'), ...commonErrors },
    }),
    async (c) => {
      const browserState = getCookie(c, STATE_COOKIE);
      deleteCookie(c, STATE_COOKIE, { path: CALLBACK_PATH });
      const query = new URL(c.req.url).searchParams;
      return finish(c, 'oidc', () => completeOidcSignIn(deps, actorOf(c), query, browserState));
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/sso/saml/{tenantId}/acs',
      operationId: 'samlAcs',
      tags: ['Single sign-on'],
      summary: 'SAML Assertion Consumer Service (HTTP-POST): verifies the response, signs in, redirects to /inbox',
      description:
        'Signed assertions are required; audience, Recipient, Destination, time window and InResponseTo are checked; an assertion id is accepted once. A refused response redirects to the sign-in page with `ssoError`, is audited and changes nothing.',
      security: SECURITY.public,
      middleware: [perIp('sso-callback', 30)] as const,
      request: {
        params: TenantParam,
        body: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: z.object({
                SAMLResponse: z.string().min(1).max(500_000),
                RelayState: z.string().max(1024).optional(),
              }),
            },
          },
        },
      },
      responses: {
        302: redirect('To the inbox, or to the sign-in page with ssoError'),
        ...commonErrors,
        415: problemResponse('Not an HTML form post (application/x-www-form-urlencoded)'),
      },
    }),
    async (c) => {
      const { tenantId } = c.req.valid('param');
      const { SAMLResponse } = c.req.valid('form');
      return finish(c, 'saml', () => completeSamlSignIn(deps, actorOf(c), tenantId, SAMLResponse));
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/sso/saml/{tenantId}/metadata',
      operationId: 'samlMetadata',
      tags: ['Single sign-on'],
      summary: "This account's SAML service-provider metadata (entity ID, ACS URL) to give the identity provider",
      security: SECURITY.public,
      request: { params: TenantParam },
      responses: {
        200: { description: 'SP metadata', content: { 'application/samlmetadata+xml': { schema: z.string() } } },
        ...commonErrors,
      },
    }),
    async (c) => {
      const { tenantId } = c.req.valid('param');
      const tenant = await getTenant(db, tenantId);
      if (!tenant) throw notFound('Account');
      const e = endpointsFor(deps.env.PUBLIC_URL, tenant.id);
      c.header('Content-Type', 'application/samlmetadata+xml; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="helpdesk-sp-metadata.xml"`);
      return c.body(spMetadata({ entityId: e.samlEntityId, acsUrl: e.samlAcsUrl }), 200);
    },
  );

  return router;
}
