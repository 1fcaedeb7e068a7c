// SCIM 2.0 (RFC 7644) for identity providers (Okta, Entra ID): /scim/v2/Users, /Groups and the discovery documents,
// outside /api/v1 (its own bearer token per tenant, its own error shape, application/scim+json). An enterprise
// feature: other plans' tokens get 403 naming plan and feature. A token sees its own tenant only.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv, Deps } from '../types.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { addressAllowed, ipNotAllowed } from '../middleware/ip-allowlist.ts';
import { getTenant } from '../tenants/queries.ts';
import { assertTenantHas } from '../billing/entitlements.ts';
import { getScimGroup, listScimAgentIds, listScimGroups, findActiveScimToken } from './queries.ts';
import { ScimError, SCIM_CONTENT_TYPE, scimBad, scimNotFound, scimUnauthorized, sendScimError } from './errors.ts';
import { parseFilter, parsePaging } from './filter.ts';
import { GroupBody, parseScim, PatchBody, UserBody } from './schemas.ts';
import {
  listResponse,
  resourceTypes,
  schemaDocs,
  scimGroups,
  scimUsers,
  serviceProviderConfig,
} from './representation.ts';
import {
  createScimGroup,
  createScimUser,
  deleteScimGroupCase,
  deleteScimUser,
  patchScimGroup,
  patchScimUser,
  replaceScimGroup,
  replaceScimUser,
  type ScimCaller,
} from './service.ts';

export const SCIM_BASE_PATH = '/scim/v2';

export const scimBaseUrl = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}${SCIM_BASE_PATH}`;

const USER_FILTERS = ['userName', 'externalId', 'id', 'emails.value', 'active'] as const;
const GROUP_FILTERS = ['displayName', 'externalId', 'id'] as const;

export function createScimRoutes(deps: Deps) {
  const { db } = deps;
  const base = scimBaseUrl(deps.env.PUBLIC_URL);
  const app = new Hono<AppEnv>().basePath(SCIM_BASE_PATH);
  app.onError((err, c) =>
    sendScimError(c, err, (e) =>
      deps.logger.error('scim request failed', {
        requestId: c.get('requestId'),
        error: e instanceof Error ? e.message : String(e),
        stack: e instanceof Error ? e.stack : undefined,
      }),
    ),
  );
  app.use(
    '*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new ScimError(413, 'The request body is larger than 1 MB.');
      },
    }),
  );

  /** The token's tenant, if it is live, active and on a plan with SCIM. */
  async function caller(c: Context<AppEnv>): Promise<ScimCaller> {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    if (!m) throw scimUnauthorized('Send the SCIM token as "Authorization: Bearer <token>".');
    const token = await findActiveScimToken(db, m[1]);
    const tenant = token && (await getTenant(db, token.tenantId));
    if (!token || !tenant) throw scimUnauthorized('The SCIM token is invalid or has been revoked.');
    await assertTenantHas(db, tenant, 'scim');
    if (tenant.status !== 'active') throw new ScimError(403, `This account is ${tenant.status}.`);
    // The SCIM token is an API credential: it answers only from the addresses the API allowlist holds.
    const ip = clientIp(c);
    if (!addressAllowed(tenant.security.apiIpAllowlist, ip)) throw ipNotAllowed('apiIpAllowlist', ip);
    if (deps.env.RATE_LIMITS) {
      // Okta and Entra pace themselves on 429 + Retry-After; the budget is the API's, per token.
      const limit = await deps.limiter.hit(`scim:token:${token.id}`, 600, 60_000);
      if (!limit.allowed) {
        c.header('Retry-After', String(limit.resetSeconds));
        throw new ScimError(429, `Too many SCIM requests; retry in ${limit.resetSeconds} s.`);
      }
    }
    return { tenant, tokenId: token.id, ip };
  }

  async function body(c: Context<AppEnv>): Promise<unknown> {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/(scim\+)?json\b/i.test(type))
      throw new ScimError(415, 'Send the body as application/scim+json (or application/json).');
    try {
      return JSON.parse(await c.req.text());
    } catch {
      throw scimBad('invalidSyntax', 'The body is not valid JSON.');
    }
  }

  const scim = (c: Context<AppEnv>, value: unknown, status = 200, location?: string) => {
    if (location) c.header('Location', location);
    return c.body(JSON.stringify(value), status as 200, { 'Content-Type': SCIM_CONTENT_TYPE });
  };

  async function oneUser(tenantId: string, id: string) {
    const { ids } = await listScimAgentIds(db, tenantId, { column: 'id', value: id }, 0, 1);
    const [user] = await scimUsers(db, base, tenantId, ids);
    if (!user) throw scimNotFound('User', id);
    return user;
  }

  async function oneGroup(tenantId: string, id: string) {
    const g = await getScimGroup(db, tenantId, id);
    if (!g) throw scimNotFound('Group', id);
    return (await scimGroups(db, base, tenantId, [g]))[0];
  }

  // ---- discovery ----
  app.get('/ServiceProviderConfig', async (c) => {
    await caller(c);
    return scim(c, serviceProviderConfig(base));
  });
  app.get('/ResourceTypes', async (c) => {
    await caller(c);
    const all = resourceTypes(base);
    return scim(c, listResponse(all, all.length, 1));
  });
  app.get('/ResourceTypes/:id', async (c) => {
    await caller(c);
    const found = resourceTypes(base).find((r) => r.id === c.req.param('id'));
    if (!found) throw new ScimError(404, `No resource type ${JSON.stringify(c.req.param('id'))}.`);
    return scim(c, found);
  });
  app.get('/Schemas', async (c) => {
    await caller(c);
    const all = schemaDocs(base);
    return scim(c, listResponse(all, all.length, 1));
  });
  app.get('/Schemas/:id', async (c) => {
    await caller(c);
    const found = schemaDocs(base).find((r) => r.id === c.req.param('id'));
    if (!found) throw new ScimError(404, `No schema ${JSON.stringify(c.req.param('id'))}.`);
    return scim(c, found);
  });

  // ---- users ----
  app.get('/Users', async (c) => {
    const s = await caller(c);
    const f = parseFilter(c.req.query('filter'), USER_FILTERS);
    const { startIndex, count } = parsePaging(c.req.query('startIndex'), c.req.query('count'));
    const column =
      f?.attribute === 'userName' || f?.attribute === 'emails.value'
        ? 'email'
        : f?.attribute === 'externalId'
          ? 'external_id'
          : f?.attribute === 'active'
            ? 'active'
            : 'id';
    if (f && column !== 'active' && typeof f.value !== 'string')
      throw scimBad('invalidFilter', `${f.attribute} compares with a quoted string.`);
    const { total, ids } = await listScimAgentIds(
      db,
      s.tenant.id,
      f ? { column, value: f.value } : null,
      startIndex - 1,
      count,
    );
    return scim(c, listResponse(await scimUsers(db, base, s.tenant.id, ids), total, startIndex));
  });
  app.get('/Users/:id', async (c) => {
    const s = await caller(c);
    return scim(c, await oneUser(s.tenant.id, c.req.param('id')));
  });
  app.post('/Users', async (c) => {
    const s = await caller(c);
    const id = await createScimUser(deps, s, parseScim(UserBody, await body(c)));
    return scim(c, await oneUser(s.tenant.id, id), 201, `${base}/Users/${id}`);
  });
  app.put('/Users/:id', async (c) => {
    const s = await caller(c);
    const id = c.req.param('id');
    await replaceScimUser(deps, s, id, parseScim(UserBody, await body(c)));
    return scim(c, await oneUser(s.tenant.id, id));
  });
  app.patch('/Users/:id', async (c) => {
    const s = await caller(c);
    const id = c.req.param('id');
    await patchScimUser(deps, s, id, parseScim(PatchBody, await body(c)).Operations);
    return scim(c, await oneUser(s.tenant.id, id));
  });
  app.delete('/Users/:id', async (c) => {
    const s = await caller(c);
    await deleteScimUser(deps, s, c.req.param('id'));
    return c.body(null, 204);
  });

  // ---- groups ----
  app.get('/Groups', async (c) => {
    const s = await caller(c);
    const f = parseFilter(c.req.query('filter'), GROUP_FILTERS);
    if (f && typeof f.value !== 'string')
      throw scimBad('invalidFilter', `${f.attribute} compares with a quoted string.`);
    const { startIndex, count } = parsePaging(c.req.query('startIndex'), c.req.query('count'));
    const column =
      f?.attribute === 'displayName' ? 'display_name' : f?.attribute === 'externalId' ? 'external_id' : 'id';
    const { total, groups } = await listScimGroups(
      db,
      s.tenant.id,
      f ? { column, value: String(f.value) } : null,
      startIndex - 1,
      count,
    );
    return scim(c, listResponse(await scimGroups(db, base, s.tenant.id, groups), total, startIndex));
  });
  app.get('/Groups/:id', async (c) => {
    const s = await caller(c);
    return scim(c, await oneGroup(s.tenant.id, c.req.param('id')));
  });
  app.post('/Groups', async (c) => {
    const s = await caller(c);
    const id = await createScimGroup(deps, s, parseScim(GroupBody, await body(c)));
    return scim(c, await oneGroup(s.tenant.id, id), 201, `${base}/Groups/${id}`);
  });
  app.put('/Groups/:id', async (c) => {
    const s = await caller(c);
    const id = c.req.param('id');
    await replaceScimGroup(deps, s, id, parseScim(GroupBody, await body(c)));
    return scim(c, await oneGroup(s.tenant.id, id));
  });
  app.patch('/Groups/:id', async (c) => {
    const s = await caller(c);
    const id = c.req.param('id');
    await patchScimGroup(deps, s, id, parseScim(PatchBody, await body(c)).Operations);
    return scim(c, await oneGroup(s.tenant.id, id));
  });
  app.delete('/Groups/:id', async (c) => {
    const s = await caller(c);
    await deleteScimGroupCase(deps, s, c.req.param('id'));
    return c.body(null, 204);
  });

  // Anything else under /scim/v2 answers in SCIM's shape too.
  app.all('*', async (c) => {
    await caller(c);
    throw new ScimError(404, `No SCIM endpoint ${c.req.method} ${c.req.path}.`);
  });
  return app;
}
