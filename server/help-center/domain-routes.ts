// Agent routes for help-centre domains (add, verify, list, remove), the TLS proxy's domain check, and the KB's
// searches that found nothing.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  createRouter,
  commonErrors,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { actorOf } from '../audit/audit.ts';
import { notFound } from '../lib/problem.ts';
import { queryInt } from '../lib/query-int.ts';
import { topMisses } from '../kb/search-miss-queries.ts';
import { listDomains, type DomainRecord } from './domain-queries.ts';
import { addDomain, removeDomain, verifyDomain } from './domain-service.ts';
import { hostName } from './hosts.ts';
import {
  AddDomainBody,
  DomainCheckQuery,
  HelpCenterDomainList,
  HelpCenterDomainSchema,
  SearchMissSchema,
  type HelpCenterDomain,
} from './schemas.ts';
import { TXT_PREFIX, WELL_KNOWN } from './verification.ts';

const TAGS = ['Help centre'];
const Params = IdParam('Domain', 'hcd_…');

const toDto = (d: DomainRecord): HelpCenterDomain => ({
  id: d.id,
  domain: d.domain,
  status: d.verifiedAt ? 'verified' : 'pending',
  verification: {
    txtName: `${TXT_PREFIX}.${d.domain}`,
    txtValue: d.token,
    httpUrl: `http://${d.domain}${WELL_KNOWN}${d.token}`,
  },
  verifiedAt: d.verifiedAt,
  lastCheckedAt: d.lastCheckedAt,
  lastError: d.lastError,
  url: `https://${d.domain}/`,
  createdAt: d.createdAt,
});

export function createHelpCenterApiRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/help-center/domains',
      operationId: 'listHelpCenterDomains',
      tags: TAGS,
      summary: 'The custom domains of the help centre, pending and verified',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      responses: { 200: jsonContent(HelpCenterDomainList, 'Every domain (at most 10)'), ...commonErrors },
    }),
    async (c) => {
      const { slug } = c.get('tenant');
      const hc = deps.env.HELP_CENTER_DOMAIN;
      const addresses = [`${deps.env.PUBLIC_URL}/hc/${slug}`, ...(hc ? [`https://${slug}.${hc}/`] : [])];
      return c.json({ data: (await listDomains(db, c.get('tenantId'))).map(toDto), addresses }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/help-center/domains',
      operationId: 'addHelpCenterDomain',
      tags: TAGS,
      summary: 'Add a custom domain; it serves the help centre once verified',
      description:
        'Prove the domain is yours with a TXT record (`verification.txtName` = `verification.txtValue`), or by pointing the domain at this server (it then serves `verification.httpUrl` itself), and call verify.',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(AddDomainBody) },
      responses: {
        201: jsonContent(HelpCenterDomainSchema, 'Added, pending verification'),
        ...commonErrors,
        409: problemResponse('Already claimed, or the account has 10 domains'),
      },
    }),
    async (c) => {
      const d = await addDomain(deps, actorOf(c), c.get('tenant'), c.req.valid('json').domain, deps.now());
      return c.json(toDto(d), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/help-center/domains/{id}/verify',
      operationId: 'verifyHelpCenterDomain',
      tags: TAGS,
      summary: 'Check the domain’s TXT record or HTTP token now',
      description:
        'Answers the domain with `status: "verified"`, or still `pending` with `lastError` saying what was found.',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(HelpCenterDomainSchema, 'The domain after the check'), ...commonErrors },
    }),
    async (c) => {
      const d = await verifyDomain(deps, actorOf(c), c.get('tenantId'), c.req.valid('param').id);
      return c.json(toDto(d), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/help-center/domains/{id}',
      operationId: 'removeHelpCenterDomain',
      tags: TAGS,
      summary: 'Remove a custom domain (it stops serving the help centre at once)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Removed' }, ...commonErrors },
    }),
    async (c) => {
      await removeDomain(deps, actorOf(c), c.get('tenantId'), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/domains/check',
      operationId: 'checkDomain',
      tags: TAGS,
      summary: 'For a TLS proxy’s on-demand certificates: 200 when this server serves the domain',
      description:
        'A verified custom domain, or `<slug>.<HELP_CENTER_DOMAIN>` of an active account, answers 200; anything else 404 (Caddy: `on_demand_tls { ask <PUBLIC_URL>/api/v1/domains/check }`).',
      security: SECURITY.public,
      request: { query: DomainCheckQuery },
      responses: {
        200: jsonContent(z.object({ domain: z.string() }), 'Served here'),
        ...commonErrors,
        404: problemResponse('Not a domain of this server'),
      },
    }),
    async (c) => {
      const domain = hostName(c.req.valid('query').domain);
      const match = domain ? await deps.helpCenterHosts.match(deps.env, domain) : { kind: 'app' as const };
      if (match.kind !== 'site') throw notFound('Domain');
      return c.json({ domain }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/search-misses',
      operationId: 'listKbSearchMisses',
      tags: ['Knowledge base'],
      summary: 'Searches that found nothing (widget and help centre), most frequent first',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { query: z.object({ limit: queryInt({ min: 1, max: 100, default: 20 }) }) },
      responses: {
        200: jsonContent(z.object({ data: z.array(SearchMissSchema) }).openapi('KbSearchMissList'), 'The gaps'),
        ...commonErrors,
      },
    }),
    async (c) => {
      await deps.kbCounters.flush();
      const rows = await topMisses(db, c.get('tenantId'), c.req.valid('query').limit);
      return c.json(
        { data: rows.map((r) => ({ locale: r.locale, query: r.query, misses: r.misses, lastAt: r.last_at })) },
        200,
      );
    },
  );

  return router;
}
