// Public knowledge base for the widget (X-Widget-Key): published articles only, search, suggestions, votes, deflections.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { notFound } from '../lib/problem.ts';
import { queryInt } from '../lib/query-int.ts';
import { listPublicCategories } from '../kb/category-queries.ts';
import { excerpt } from '../kb/markdown.ts';
import { getArticle, getArticleBySlug, listPublished, type ArticleRecord } from '../kb/article-queries.ts';
import { deflectWithArticle, voteOnArticle } from '../kb/feedback-service.ts';
import { searchForVisitor } from '../kb/visitor-search.ts';
import { queryKey } from '../kb/search-query.ts';
import {
  LocaleSchema,
  PublicArticleSchema,
  PublicArticleSummarySchema,
  PublicCategorySchema,
  SearchResultSchema,
  SessionSchema,
  WidgetSearchQuery,
  WidgetSuggestQuery,
} from '../kb/schemas.ts';

const TAGS = ['Widget'];
const ArticleParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'kba_…', description: 'Article id (kba_…) or slug' }),
});
const LocaleQuery = z.object({ locale: LocaleSchema.default('en') });
const ListQuery = LocaleQuery.extend({
  categoryId: z.string().max(64).optional(),
  sort: z
    .enum(['popular', 'position'])
    .default('popular')
    .openapi({ description: "popular: most viewed first; position: the owner's order" }),
  limit: queryInt({ min: 1, max: 100, default: 10 }),
});
const ArticleQuery = z.object({
  locale: LocaleSchema.optional(),
  q: z
    .string()
    .max(1000)
    .optional()
    .openapi({ description: "The search the visitor opened the article from: lifts it in that search's ranking" }),
  session: SessionSchema.optional().openapi({
    description: 'The widget session: the deflection report counts whether it later filed a ticket',
  }),
});
/** Opens one address may add to the search lift per minute; more are served but not counted. */
const OPENS_PER_MINUTE = 20;
const VoteBody = z.object({ helpful: z.boolean() }).openapi('KbVote');
const DeflectBody = z.object({ session: SessionSchema.optional() }).openapi('KbDeflection');
const Ok = z.object({ ok: z.literal(true) });

const publicArticle = (a: ArticleRecord) => ({
  id: a.id,
  title: a.title,
  slug: a.slug,
  bodyHtml: a.bodyHtml,
  categoryId: a.categoryId,
  locale: a.locale,
  publishedAt: a.publishedAt,
  updatedAt: a.updatedAt,
});

export function createWidgetKbRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const { kbCounters: counters } = deps;
  const writeLimit = rateLimit({
    limiter: deps.limiter,
    enabled: deps.env.RATE_LIMITS,
    limit: 30,
    windowMs: 60_000,
    key: (c) => `kb-widget-write:${c.get('tenantId')}:${clientIp(c)}`,
  });

  /** A published article of this tenant; drafts and other tenants' articles do not exist here. */
  async function publishedArticle(tenantId: string, id: string) {
    const a = await getArticle(db, tenantId, id);
    if (!a || a.status !== 'published') throw notFound('Article');
    return a;
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/kb/search',
      operationId: 'searchWidgetKb',
      tags: TAGS,
      summary: 'Search published articles of one locale; best match first, hits marked in the snippet',
      security: SECURITY.widget,
      request: { query: WidgetSearchQuery },
      responses: { 200: jsonContent(SearchResultSchema, 'Hits, best first'), ...commonErrors },
    }),
    async (c) => {
      const { q, locale, limit, session } = c.req.valid('query');
      const data = await searchForVisitor(deps, c.get('tenantId'), q, { locale, limit, mode: 'all', countMiss: true });
      counters.widgetActivity(c.get('tenantId'), 'search', session);
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/kb/suggest',
      operationId: 'suggestWidgetKbArticles',
      tags: TAGS,
      summary: 'Articles that may answer a ticket being typed (any word matches); each one counts as shown',
      security: SECURITY.widget,
      request: { query: WidgetSuggestQuery },
      responses: { 200: jsonContent(SearchResultSchema, 'Suggestions, best first'), ...commonErrors },
    }),
    async (c) => {
      const { q, locale, limit, session } = c.req.valid('query');
      const tenantId = c.get('tenantId');
      const data = await searchForVisitor(deps, tenantId, q, { locale, limit, mode: 'any' });
      counters.shown(
        tenantId,
        data.map((h) => h.id),
        session,
        deps.now(),
      );
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/kb/categories',
      operationId: 'listWidgetKbCategories',
      tags: TAGS,
      summary: 'Categories in order, with their count of published articles in the locale',
      security: SECURITY.widget,
      request: { query: LocaleQuery },
      responses: {
        200: jsonContent(z.object({ data: z.array(PublicCategorySchema) }), 'All categories'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const rows = await listPublicCategories(db, c.get('tenantId'), c.req.valid('query').locale);
      const data = rows.map(({ createdAt: _c, updatedAt: _u, ...r }) => r);
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/kb/articles',
      operationId: 'listWidgetKbArticles',
      tags: TAGS,
      summary: 'Published articles: popular (most viewed) first by default, optionally one category',
      security: SECURITY.widget,
      request: { query: ListQuery },
      responses: {
        200: jsonContent(z.object({ data: z.array(PublicArticleSummarySchema) }), 'Articles'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const rows = await listPublished(db, c.get('tenantId'), c.req.valid('query'));
      const data = rows.map((a) => {
        const { bodyHtml: _b, ...summary } = publicArticle(a);
        return { ...summary, excerpt: excerpt(a.bodyText) };
      });
      return c.json({ data }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/kb/articles/{id}',
      operationId: 'getWidgetKbArticle',
      tags: TAGS,
      summary:
        'One published article by id or slug, as sanitized HTML; counts a view (and, with q, an open from that search)',
      security: SECURITY.widget,
      request: { params: ArticleParam, query: ArticleQuery },
      responses: { 200: jsonContent(PublicArticleSchema, 'The article'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const { id } = c.req.valid('param');
      const { locale, q, session } = c.req.valid('query');
      const a = id.startsWith('kba_')
        ? await getArticle(db, tenantId, id)
        : await getArticleBySlug(db, tenantId, id.toLowerCase(), locale);
      if (!a || a.status !== 'published') throw notFound('Article');
      counters.view(tenantId, a.id);
      counters.widgetActivity(tenantId, 'view', session);
      const key = q ? queryKey(q, a.locale) : '';
      // One address cannot push an article up on its own: past the limit its opens are not counted.
      const counts = async () =>
        !deps.env.RATE_LIMITS ||
        (await deps.limiter.hit(`kb-opens:${tenantId}:${clientIp(c)}`, OPENS_PER_MINUTE, 60_000)).allowed;
      if (key && (await counts())) counters.opened(tenantId, a.locale, key, a.id);
      return c.json(publicArticle(a), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/kb/articles/{id}/vote',
      operationId: 'voteWidgetKbArticle',
      tags: TAGS,
      summary: 'Vote an article helpful or not helpful (rate-limited per IP)',
      security: SECURITY.widget,
      middleware: [writeLimit] as const,
      request: { params: ArticleParam, body: jsonBody(VoteBody) },
      responses: { 200: jsonContent(Ok, 'Counted'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const a = await publishedArticle(tenantId, c.req.valid('param').id);
      await voteOnArticle(deps, tenantId, a.id, c.req.valid('json').helpful);
      return c.json({ ok: true as const }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/widget/kb/articles/{id}/deflect',
      operationId: 'deflectWidgetKbArticle',
      tags: TAGS,
      summary: '"This answered my question": counts a deflection (rate-limited per IP)',
      security: SECURITY.widget,
      middleware: [writeLimit] as const,
      request: {
        params: ArticleParam,
        body: { required: false, content: { 'application/json': { schema: DeflectBody } } },
      },
      responses: { 200: jsonContent(Ok, 'Counted'), ...commonErrors },
    }),
    async (c) => {
      const tenantId = c.get('tenantId');
      const a = await publishedArticle(tenantId, c.req.valid('param').id);
      const { session } = c.req.valid('json') ?? {};
      await deflectWithArticle(deps, tenantId, a.id, session);
      return c.json({ ok: true as const }, 200);
    },
  );

  return router;
}
