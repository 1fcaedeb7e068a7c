// Agent routes for the tenant's search synonyms: read them, replace them all (validated against the stemmer, audited).
import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { validationProblem, type FieldError } from '../lib/problem.ts';
import { audit } from '../audit/audit.ts';
import { listSynonyms, replaceSynonyms } from './synonyms.ts';
import { synonymKey } from './search-query.ts';
import { isStopword, stopwordsFor } from './stopwords.ts';
import { SynonymsBody, type SynonymsInput } from './schemas.ts';

const TAGS = ['Knowledge base'];

/** Two terms that search as one ("parcel", "Parcels"), or a term search never looks at, would silently do nothing. */
function problems(body: SynonymsInput): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  for (const [i, g] of body.data.entries()) {
    const key = synonymKey(g.term);
    if (isStopword(g.term, stopwordsFor(undefined))) {
      errors.push({ path: `data.${i}.term`, message: `"${g.term}" is a stopword: searches never look it up.` });
    } else if (seen.has(key)) {
      errors.push({ path: `data.${i}.term`, message: `"${g.term}" searches the same as data.${seen.get(key)}.term; list its synonyms there.` });
    } else {
      seen.set(key, i);
    }
  }
  return errors;
}

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
      const body = c.req.valid('json');
      const errors = problems(body);
      if (errors.length) throw validationProblem(errors);
      // Repeats within a group add nothing to a search; keep each once, in the owner's order.
      const groups = body.data.map((g) => ({ term: g.term, synonyms: [...new Set(g.synonyms)] }));
      const tenantId = c.get('tenantId');
      const now = deps.now();
      await db.tx(async (tx) => {
        await replaceSynonyms(tx, tenantId, groups);
        await audit(c, tx, { action: 'kb.synonyms.updated', targetType: 'kb_synonyms', details: { groups: groups.length, terms: groups.map((g) => g.term) } }, now);
      });
      return c.json({ data: groups }, 200);
    },
  );

  return router;
}
