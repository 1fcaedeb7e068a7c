// Agent routes for the tenant's search synonyms: read them, replace them all (validated against the stemmer, audited).
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { actorOf } from '../audit/audit.ts';
import { listSynonyms } from './synonym-queries.ts';
import { SynonymsBody } from './schemas.ts';
import { replaceKbSynonyms } from './synonym-service.ts';

const TAGS = ['Knowledge base'];

export function createKbSynonymRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/synonyms',
      operationId: 'getKbSynonyms',
      tags: TAGS,
      summary: 'The search synonyms: each term also finds its synonyms, in every locale',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      responses: { 200: jsonContent(SynonymsBody, 'Every synonym group, in order'), ...commonErrors },
    }),
    async (c) => c.json({ data: await listSynonyms(db, c.get('tenantId')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/kb/synonyms',
      operationId: 'replaceKbSynonyms',
      tags: TAGS,
      summary: 'Replace every synonym group; searches use them at once',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:update')] as const,
      request: { body: jsonBody(SynonymsBody) },
      responses: { 200: jsonContent(SynonymsBody, 'The groups now in force'), ...commonErrors },
    }),
    async (c) => {
      const groups = await replaceKbSynonyms(db, actorOf(c), c.req.valid('json'), deps.now());
      return c.json({ data: groups }, 200);
    },
  );

  return router;
}
