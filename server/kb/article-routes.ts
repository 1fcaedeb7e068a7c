// Agent routes for articles: list, create, read, edit/publish/unpublish, delete, per-article stats, and search with drafts.
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
import { requireAnyPermission, requirePermission } from '../middleware/permission.ts';
import { decodeCursor, Keyset, pageOf, PageQuerySchema, toPage } from '../lib/pagination.ts';
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { changeArticle, createArticle, removeArticle } from './article-service.ts';
import { renderBody } from './markdown.ts';
import { getArticle, listArticles, toArticleDto } from './article-queries.ts';
import {
  AgentSearchQuery,
  ArticleSchema,
  ArticleStatsSchema,
  ArticleStatusSchema,
  CreateArticleBody,
  LocaleSchema,
  PreviewBody,
  PreviewSchema,
  SearchResultSchema,
  UpdateArticleBody,
} from './schemas.ts';

const TAGS = ['Knowledge base'];
const Params = IdParam('Article', 'kba_…');
const ListQuery = PageQuerySchema.extend({
  status: ArticleStatusSchema.optional(),
  categoryId: z.string().max(64).optional(),
  locale: LocaleSchema.optional(),
});

export function createKbArticleRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  /** Views and suggestions are buffered briefly; anything that shows counters writes them first. */
  const { kbCounters: counters, kbSearchCache: cache } = deps;
  /** One article with its counters up to date, or 404. */
  const readArticle = async (tenantId: string, id: string) => {
    await counters.flush();
    return orNotFound(await getArticle(db, tenantId, id), 'Article');
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/articles',
      operationId: 'listKbArticles',
      tags: TAGS,
      summary: "List articles (drafts included), in the owner's order",
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { query: ListQuery },
      responses: { 200: jsonContent(pageOf(ArticleSchema), 'A page of articles'), ...commonErrors },
    }),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const after = decodeCursor(cursor, Keyset.positionId);
      await counters.flush();
      const rows = await listArticles(db, c.get('tenantId'), filter, after, limit);
      return c.json(
        toPage(rows, limit, (a) => [a.position, a.id], toArticleDto),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/kb/articles',
      operationId: 'createKbArticle',
      tags: TAGS,
      summary: 'Create an article; publishing it emits kb.article.published',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:create')] as const,
      request: { body: jsonBody(CreateArticleBody) },
      responses: {
        201: jsonContent(ArticleSchema, 'Created'),
        409: problemResponse('Slug taken in this locale'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const p = c.get('principal');
      const authorId = p.kind === 'agent' ? p.agentId : null;
      const a = await createArticle(db, actorOf(c), c.get('tenantId'), c.req.valid('json'), authorId, deps.now());
      return c.json(toArticleDto(a), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/kb/preview',
      operationId: 'previewKbArticle',
      tags: TAGS,
      summary: "Render a Markdown body as publishing would, without saving it (the editor's preview)",
      security: SECURITY.tenant,
      middleware: [requireAnyPermission('kb:create', 'kb:update')] as const,
      request: { body: jsonBody(PreviewBody) },
      responses: { 200: jsonContent(PreviewSchema, 'The HTML an article with this body would serve'), ...commonErrors },
    }),
    // The same renderBody as createArticle/changeArticle: what the preview shows is what gets published.
    async (c) => c.json({ bodyHtml: renderBody(c.req.valid('json').body).html }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/articles/{id}',
      operationId: 'getKbArticle',
      tags: TAGS,
      summary: 'Read an article with its Markdown source, HTML and stats',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(ArticleSchema, 'The article'), ...commonErrors },
    }),
    async (c) => {
      const a = await readArticle(c.get('tenantId'), c.req.valid('param').id);
      return c.json(toArticleDto(a), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/kb/articles/{id}',
      operationId: 'updateKbArticle',
      tags: TAGS,
      summary: 'Edit, publish (status: published) or unpublish (status: draft) an article',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:update')] as const,
      request: { params: Params, body: jsonBody(UpdateArticleBody) },
      responses: {
        200: jsonContent(ArticleSchema, 'The article'),
        409: problemResponse('Slug taken in this locale'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const a = await changeArticle(
        db,
        actorOf(c),
        c.get('tenantId'),
        c.req.valid('param').id,
        c.req.valid('json'),
        deps.now(),
      );
      return c.json(toArticleDto(a), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/kb/articles/{id}',
      operationId: 'deleteKbArticle',
      tags: TAGS,
      summary: 'Delete an article (and its search index entry)',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await removeArticle(db, actorOf(c), c.get('tenantId'), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/articles/{id}/stats',
      operationId: 'getKbArticleStats',
      tags: TAGS,
      summary: 'Views, votes, times suggested, deflections, and suggestions followed by a ticket anyway',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(ArticleStatsSchema, "The article's counters"), ...commonErrors },
    }),
    async (c) => {
      const a = await readArticle(c.get('tenantId'), c.req.valid('param').id);
      return c.json(toArticleDto(a).stats, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/kb/search',
      operationId: 'searchKb',
      tags: TAGS,
      summary: 'Search all articles of the tenant, drafts included; best match first',
      security: SECURITY.tenant,
      middleware: [requirePermission('kb:read')] as const,
      request: { query: AgentSearchQuery },
      responses: { 200: jsonContent(SearchResultSchema, 'Hits, best first'), ...commonErrors },
    }),
    async (c) => {
      const { q, locale, limit } = c.req.valid('query');
      const data = await cache.search(c.get('tenantId'), q, { publishedOnly: false, locale, limit, mode: 'all' });
      return c.json({ data }, 200);
    },
  );

  return router;
}
