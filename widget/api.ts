// The widget's HTTP client: every call carries the publishable key; failures become ApiError with what the visitor needs to know.
import type { TenantConfig } from './config.ts';
// The server's own answer types, type-only: none of the server (or zod) reaches embed.js.
import type { PublicArticle, PublicArticleSummary, SearchHit } from '../server/kb/schemas.ts';
import type { WidgetMessage, WidgetTicketWithThread } from '../server/widget/ticket-schemas.ts';
import type { FieldError, ProblemBody } from '../server/lib/problem.ts';

export type { PublicArticleSummary, SearchHit };
export type Message = WidgetMessage;
export type Ticket = WidgetTicketWithThread;
/** An article opened from a list (a search hit, a popular one) is that item until the article itself (with bodyHtml) has loaded. */
export type Article = SearchHit | PublicArticleSummary | PublicArticle;

export interface NewTicket {
  subject: string;
  message: string;
  email: string;
  name?: string;
  customFields?: Record<string, unknown>;
  website?: string;
  elapsedMs?: number;
  /** The suggestion session, so the owner sees "suggested, then filed anyway". */
  session?: string;
}

/** status 0 means the network failed (offline, DNS, CORS); retryAfter is in seconds. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter = 0,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export type Api = ReturnType<typeof createApi>;

export function createApi(base: string, key: string, token: () => string | null | undefined) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'X-Widget-Key': key };
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${base}/api/v1/widget${path}`, {
        method,
        headers,
        body: JSON.stringify(body), // undefined for no body
      });
    } catch {
      throw new ApiError(0, 'network');
    }
    // No body (204) or not JSON (a proxy's error page) reads as {}.
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const p: Partial<ProblemBody> = data; // our problem+json, or {} when something else answered
      const wait = res.status === 429 ? Math.max(1, parseInt(res.headers.get('retry-after') || '') || 1) : 0;
      throw new ApiError(res.status, p.detail || p.title || `HTTP ${res.status}`, wait, p.errors);
    }
    return data as T;
  }
  const q = encodeURIComponent;
  const kb = '/kb/articles/';
  return {
    config: (locale: string) => call<TenantConfig>('GET', `/config?locale=${locale}`),
    search: (text: string, locale: string) =>
      call<{ data: SearchHit[] }>('GET', `/kb/search?q=${q(text)}&locale=${locale}`),
    /** `session` ties suggestions shown to a later "this answered my question", for the owner's deflection figures. */
    suggest: (text: string, locale: string, session: string) =>
      call<{ data: SearchHit[] }>('GET', `/kb/suggest?q=${q(text)}&locale=${locale}&session=${session}`),
    popular: (locale: string) => call<{ data: PublicArticleSummary[] }>('GET', `/kb/articles?locale=${locale}&limit=5`),
    /** `from`: the search it was opened from, so the server can rank it higher for that search. */
    article: (idOrSlug: string, from?: string) =>
      call<PublicArticle>('GET', kb + q(idOrSlug) + (from ? `?q=${q(from)}` : '')),
    vote: (id: string, helpful: boolean) => call('POST', `${kb}${q(id)}/vote`, { helpful }),
    deflect: (id: string, session: string) => call('POST', `${kb}${q(id)}/deflect`, { session }),
    createTicket: (t: NewTicket) => call<{ ticket: Ticket; visitorToken: string }>('POST', '/tickets', t),
    /** `customer` is who the token belongs to, so the form can prefill their email. */
    tickets: () => call<{ data: Ticket[]; customer?: { email: string; name: string | null } }>('GET', '/tickets'),
    reply: (id: string, body: string) => call<Message>('POST', `/tickets/${q(id)}/messages`, { body }),
    identify: (who: { userId: string; email: string; name?: string; userHash: string }) =>
      call<{ visitorToken: string }>('POST', '/identify', who),
    /** EventSource cannot send headers, so the key and token travel in the query (the server accepts ?key=). */
    eventsUrl: (lastEventId?: string) =>
      `${base}/api/v1/widget/events?key=${q(key)}&token=${q(token() || '')}${lastEventId ? `&lastEventId=${q(lastEventId)}` : ''}`,
  };
}
