// `/rate/<token>`: the page the resolved mail's Good / Bad links open (GET shows the form, never records a vote,
// so mail scanners that follow links change nothing; POST records it through submitRating).
import { Hono, type Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { Problem } from '../lib/problem.ts';
import { tokenHashOf, TOKEN_PATTERN } from './links.ts';
import { pageLocale } from '../lib/page-locale.ts';
import { closedPage, formPage, notFoundPage, PAGE_CSP, pageStrings, refusalText, thanksPage } from './page.ts';
import { RatingBody } from './schemas.ts';
import { refusalOf, submitRating, surveyForToken } from './service.ts';

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': PAGE_CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  Vary: 'Accept-Language',
};
const MAX_FORM_BYTES = 16 * 1024;

const html = (c: Context<AppEnv>, body: string, status: 200 | 404 | 409 | 413 | 422) => c.body(body, status, HEADERS);

export function createCsatPageRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const limited = rateLimit({
    limiter: deps.limiter,
    enabled: deps.env.RATE_LIMITS,
    limit: 30,
    windowMs: 10 * 60 * 1000,
    key: (c) => `csat:page:${clientIp(c)}`,
  });

  const load = async (c: Context<AppEnv>) => {
    const token = c.req.param('token') ?? '';
    if (!TOKEN_PATTERN.test(token)) return null;
    const found = await surveyForToken(deps.db, tokenHashOf(token), deps.now());
    return found ? { ...found, token } : null;
  };

  app.get('/rate/:token', limited, async (c) => {
    const s = pageStrings(pageLocale(c));
    const found = await load(c);
    if (!found) return html(c, notFoundPage(s), 404);
    const { tenant, ticket, survey, refusal } = found;
    if (refusal) return html(c, closedPage(s, tenant.name, refusalText(s, refusal)), 409);
    const asked = c.req.query('rating');
    const rating = asked === 'good' || asked === 'bad' ? asked : survey.rating;
    return html(
      c,
      formPage(s, {
        tenantName: tenant.name,
        ticket,
        action: `/rate/${found.token}`,
        rating,
        comment: survey.comment ?? '',
        rated: survey.rating !== null,
      }),
      200,
    );
  });

  app.post('/rate/:token', limited, async (c) => {
    const s = pageStrings(pageLocale(c));
    const found = await load(c);
    if (!found) return html(c, notFoundPage(s), 404);
    const { tenant, ticket } = found;
    const raw = await c.req.text();
    if (Buffer.byteLength(raw) > MAX_FORM_BYTES) return html(c, closedPage(s, tenant.name, s.tooLong), 413);
    const form = new URLSearchParams(raw);
    const comment = form.get('comment') ?? '';
    const parsed = RatingBody.safeParse({ rating: form.get('rating') ?? undefined, comment: comment || undefined });
    const again = (error: string) =>
      html(
        c,
        formPage(s, {
          tenantName: tenant.name,
          ticket,
          action: `/rate/${found.token}`,
          rating: null,
          comment,
          rated: found.survey.rating !== null,
          error,
        }),
        422,
      );
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return again(field === 'comment' ? s.badComment : s.choose);
    }
    try {
      const { satisfaction } = await submitRating(
        deps.db,
        { kind: 'token', tokenHash: tokenHashOf(found.token) },
        parsed.data,
        deps.now(),
      );
      return html(c, thanksPage(s, tenant.name, satisfaction.rating), 200);
    } catch (e) {
      if (e instanceof Problem && e.status === 409) {
        const code = refusalOf(e.message);
        return html(c, closedPage(s, tenant.name, code ? refusalText(s, code) : e.message), 409);
      }
      if (e instanceof Problem && e.status === 404) return html(c, notFoundPage(s), 404);
      throw e;
    }
  });
  return app;
}
