// Zod schemas for the knowledge base: request bodies and the shapes served to agents and the widget.
import { z } from '@hono/zod-openapi';
import { text, withoutControls } from '../lib/text.ts';
import { queryInt } from '../lib/query-int.ts';

export const MAX_BODY_BYTES = 200 * 1024;

/** Private-use characters are the snippet sentinels (see search.ts), so stored text never carries them. */
const stripSentinels = (s: string) => s.replace(/[\uE000\uE001]/g, '');

export const SlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes.')
  .openapi({ example: 'reset-your-password' });

export const LocaleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})?$/, 'Use a language tag such as "en", "de" or "pt-br".')
  .openapi({ example: 'en' });

const Title = z
  .string()
  .transform(stripSentinels)
  .pipe(text({ max: 200, nonEmpty: 'Title must not be empty.' }));
const Body = withoutControls(z.string(), true)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= MAX_BODY_BYTES, 'Body must be at most 200 KB.')
  .openapi({ description: 'Markdown source, at most 200 KB; served as sanitized HTML' });
const Position = z.number().int().min(-1_000_000).max(1_000_000);
const CategoryRef = z.string().min(1).max(64).nullable().openapi({ description: 'kbc_… of this tenant, or null' });

export const ArticleStatusSchema = z.enum(['draft', 'published']);

export const CreateArticleBody = z
  .object({
    title: Title,
    body: Body,
    slug: SlugSchema.optional().openapi({
      description: 'Unique per tenant and locale; derived from the title when omitted',
    }),
    status: ArticleStatusSchema.default('draft'),
    categoryId: CategoryRef.optional(),
    locale: LocaleSchema.default('en'),
    position: Position.default(0),
  })
  .strict()
  .openapi('CreateKbArticle');
export type CreateArticleInput = z.infer<typeof CreateArticleBody>;

export const UpdateArticleBody = z
  .object({
    title: Title,
    body: Body,
    slug: SlugSchema,
    status: ArticleStatusSchema,
    categoryId: CategoryRef,
    locale: LocaleSchema,
    position: Position,
  })
  .partial()
  .strict()
  .openapi('UpdateKbArticle');
export type UpdateArticleInput = z.infer<typeof UpdateArticleBody>;

export const PreviewBody = z.object({ body: Body }).strict().openapi('KbPreviewInput');
export const PreviewSchema = z
  .object({
    bodyHtml: z.string().openapi({ description: 'Sanitized HTML, exactly as the article would be published' }),
  })
  .openapi('KbPreview');

export const ArticleStatsSchema = z
  .object({
    views: z.number().int(),
    helpful: z.number().int(),
    notHelpful: z.number().int(),
    suggested: z.number().int().openapi({ description: 'Times shown as a suggestion while a visitor typed a ticket' }),
    deflections: z.number().int().openapi({ description: 'Visitors who said "this answered my question"' }),
    suggestedThenTicket: z
      .number()
      .int()
      .openapi({ description: 'Suggested in a widget session that still filed a ticket' }),
  })
  .openapi('KbArticleStats');

export const ArticleSchema = z
  .object({
    id: z.string().openapi({ example: 'kba_…' }),
    title: z.string(),
    slug: z.string(),
    body: z.string().openapi({ description: 'Markdown source' }),
    bodyHtml: z.string().openapi({ description: 'Sanitized HTML rendered from body' }),
    categoryId: z.string().nullable(),
    locale: z.string(),
    position: z.number().int(),
    status: ArticleStatusSchema,
    authorId: z.string().nullable(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    stats: ArticleStatsSchema,
  })
  .openapi('KbArticle');
export type ArticleDto = z.infer<typeof ArticleSchema>;

export const PublicArticleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    slug: z.string(),
    bodyHtml: z.string(),
    categoryId: z.string().nullable(),
    locale: z.string(),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('KbPublicArticle');
export type PublicArticle = z.infer<typeof PublicArticleSchema>;

export const PublicArticleSummarySchema = PublicArticleSchema.omit({ bodyHtml: true })
  .extend({ excerpt: z.string().openapi({ description: 'Plain text, the first words of the article' }) })
  .openapi('KbPublicArticleSummary');
export type PublicArticleSummary = z.infer<typeof PublicArticleSummarySchema>;

export const CategoryBody = z
  .object({
    name: text({ max: 100, nonEmpty: 'Name must not be empty.' }),
    slug: SlugSchema.optional().openapi({ description: 'Unique per tenant; derived from the name when omitted' }),
    description: text({ max: 1000, multiline: true }).default(''),
    position: Position.default(0),
  })
  .strict()
  .openapi('KbCategoryInput');
export type CreateCategoryInput = z.infer<typeof CategoryBody>;

export const UpdateCategoryBody = z
  .object({
    name: text({ max: 100, nonEmpty: 'Name must not be empty.' }),
    slug: SlugSchema,
    description: text({ max: 1000, multiline: true }),
    position: Position,
  })
  .partial()
  .strict()
  .openapi('UpdateKbCategory');
export type UpdateCategoryInput = z.infer<typeof UpdateCategoryBody>;

export const CategorySchema = z
  .object({
    id: z.string().openapi({ example: 'kbc_…' }),
    name: z.string(),
    slug: z.string(),
    description: z.string(),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('KbCategory');

export const PublicCategorySchema = CategorySchema.omit({ createdAt: true, updatedAt: true })
  .extend({ articleCount: z.number().int().openapi({ description: 'Published articles in the requested locale' }) })
  .openapi('KbPublicCategory');

export const SearchHitSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    titleHtml: z.string().openapi({ description: 'Title, HTML-escaped, with hits wrapped in <mark>' }),
    snippet: z.string().openapi({ description: 'Body excerpt, HTML-escaped, with hits wrapped in <mark>' }),
    slug: z.string(),
    categoryId: z.string().nullable(),
    locale: z.string(),
    status: ArticleStatusSchema,
    updatedAt: z.string(),
  })
  .openapi('KbSearchHit');
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.object({ data: z.array(SearchHitSchema) }).openapi('KbSearchResult');

const Q = z.string().max(10_000).default('').openapi({ description: 'Free text; the last word matches as a prefix' });
const Limit = queryInt({ min: 1, max: 50, default: 10 });

export const AgentSearchQuery = z.object({
  q: Q,
  locale: LocaleSchema.optional().openapi({ description: 'Only this locale; all locales when omitted' }),
  limit: Limit,
});

export const SessionSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Use 8–64 letters, digits, "_" or "-".')
  .openapi({
    description: 'Random id the widget makes per ticket form, tying suggestions to what the visitor did next',
  });

export const WidgetSearchQuery = z.object({
  q: Q,
  locale: LocaleSchema.default('en'),
  limit: Limit,
  session: SessionSchema.optional().openapi({
    description: 'The widget session: the deflection report counts whether it later filed a ticket',
  }),
});

export const WidgetSuggestQuery = WidgetSearchQuery.extend({
  limit: queryInt({ min: 1, max: 10, default: 5 }),
  session: SessionSchema.optional(),
});

// Refines, not .regex(): a Unicode property class has no portable spelling in a JSON Schema pattern (the /u
// flag leaked into the document, and Python's re cannot compile \p{L}), so the rule is stated in words there.
const WORD = /^[\p{L}\p{N}\p{M}]+$/u;
const PHRASE = /^[\p{L}\p{N}\p{M}]+(?:[ '’.-]+[\p{L}\p{N}\p{M}]+)*$/u;
const WordSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .refine((w) => WORD.test(w), 'Use one word of letters and digits.');
const PhraseSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(60)
  .refine((p) => PHRASE.test(p), 'Use a word or a phrase of letters and digits.')
  .openapi({ description: 'Letters and digits, words joined by spaces, apostrophes, dots or hyphens' });

export const SynonymGroupSchema = z
  .object({
    term: WordSchema.openapi({
      example: 'parcel',
      description: 'The word visitors type; "parcels" and "Parcel" count as the same',
    }),
    synonyms: z
      .array(PhraseSchema)
      .min(1)
      .max(10)
      .openapi({
        example: ['order', 'package', 'delivery'],
        description: 'Words or phrases a search for the term also finds',
      }),
  })
  .strict()
  .openapi('KbSynonymGroup');
export type SynonymGroup = z.infer<typeof SynonymGroupSchema>;

/** Duplicates and stopwords are refused by the route (they depend on the stemmer), not here. */
export const SynonymsBody = z
  .object({ data: z.array(SynonymGroupSchema).max(200) })
  .strict()
  .openapi('KbSynonyms');
export type SynonymsInput = z.infer<typeof SynonymsBody>;
