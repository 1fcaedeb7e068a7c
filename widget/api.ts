// The widget's HTTP client: every call carries the publishable key; failures become ApiError with what the visitor needs to know.
import type { TenantConfig } from './config.ts';
// The server's own answer types, type-only: none of the server (or zod) reaches embed.js.
import type { PublicArticle, PublicArticleSummary, SearchHit } from '../server/kb/schemas.ts';
import type { WidgetMessage, WidgetTicketWithThread } from '../server/widget/ticket-schemas.ts';
import type { Satisfaction } from '../server/tickets/schemas.ts';
import type { FieldError, ProblemBody } from '../server/lib/problem.ts';
import type { Attachment } from '../server/files/schemas.ts';
import type { z } from '@hono/zod-openapi';
import type { StartedChatSchema, TypingSignal, WidgetChatStatusSchema } from '../server/chat/schemas.ts';

export type { PublicArticleSummary, SearchHit };
export type Message = WidgetMessage;
export type Ticket = WidgetTicketWithThread;
export type { Attachment, TypingSignal };
export type ChatStatus = z.infer<typeof WidgetChatStatusSchema>;
export type StartedChat = z.infer<typeof StartedChatSchema>;
/** What the visitor sees of a chat: state, agent's name, how far the team has read. */
export type WidgetChat = StartedChat['chat'];
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
  attachmentIds?: string[];
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

/** An error answer (problem+json, or {} when something else answered) as an ApiError. */
function failure(status: number, p: Partial<ProblemBody>, retryAfter: string | null) {
  const wait = status === 429 ? Math.max(1, parseInt(retryAfter || '') || 1) : 0;
  return new ApiError(status, p.detail || p.title || `HTTP ${status}`, wait, p.errors);
}

export function createApi(base: string, key: string, token: () => string | null | undefined) {
  function auth() {
    const headers: Record<string, string> = { 'X-Widget-Key': key };
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    return headers;
  }
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = auth();
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
    if (!res.ok) throw failure(res.status, data, res.headers.get('retry-after'));
    return data as T;
  }
  /** One file, by XMLHttpRequest because fetch reports no upload progress; `abort` stops it (rejects with status 0). */
  function upload(file: File, progress: (sent: number) => void, abort: AbortSignal) {
    return new Promise<Attachment>((resolve, reject) => {
      const x = new XMLHttpRequest();
      x.open('POST', `${base}/api/v1/widget/attachments`);
      for (const [k, v] of Object.entries(auth())) x.setRequestHeader(k, v);
      x.responseType = 'json';
      x.upload.onprogress = (e) => progress(e.loaded);
      x.onload = () =>
        x.status < 300
          ? resolve(x.response)
          : reject(failure(x.status, x.response ?? {}, x.getResponseHeader('retry-after')));
      x.onerror = x.onabort = () => reject(new ApiError(0, 'network'));
      abort.onabort = () => x.abort();
      const form = new FormData();
      form.append('file', file);
      x.send(form);
    });
  }
  const q = encodeURIComponent;
  /** Where the visitor is, for the agent. */
  const here = () => ({ page: { url: location.href }, userAgent: navigator.userAgent });
  const kb = '/kb/articles/';
  return {
    config: (locale: string) => call<TenantConfig>('GET', `/config?locale=${locale}`),
    /** `session` (the form's) lets the owner see whether a search spared a ticket. */
    search: (text: string, locale: string, session: string) =>
      call<{ data: SearchHit[] }>('GET', `/kb/search?q=${q(text)}&locale=${locale}&session=${session}`),
    /** `session` ties suggestions shown to a later "this answered my question", for the owner's deflection figures. */
    suggest: (text: string, locale: string, session: string) =>
      call<{ data: SearchHit[] }>('GET', `/kb/suggest?q=${q(text)}&locale=${locale}&session=${session}`),
    popular: (locale: string) => call<{ data: PublicArticleSummary[] }>('GET', `/kb/articles?locale=${locale}&limit=5`),
    /** `from`: the search it was opened from, so the server can rank it higher for that search. */
    article: (idOrSlug: string, session: string, from?: string) =>
      call<PublicArticle>('GET', `${kb}${q(idOrSlug)}${from ? `?q=${q(from)}&` : '?'}session=${session}`),
    vote: (id: string, helpful: boolean) => call('POST', `${kb}${q(id)}/vote`, { helpful }),
    deflect: (id: string, session: string) => call('POST', `${kb}${q(id)}/deflect`, { session }),
    createTicket: (t: NewTicket) => call<{ ticket: Ticket; visitorToken: string }>('POST', '/tickets', t),
    /** `customer` is who the token belongs to, so the form can prefill their email. */
    tickets: () => call<{ data: Ticket[]; customer?: { email: string; name: string | null } }>('GET', '/tickets'),
    /** `attachmentIds`: files uploaded with `upload`; left out of the JSON when undefined. */
    reply: (id: string, body: string, attachmentIds?: string[]) =>
      call<Message>('POST', `/tickets/${q(id)}/messages`, { body, attachmentIds }),
    upload,
    /** "How did we do?" on a resolved ticket; `comment` is left out of the JSON when undefined. */
    rate: (id: string, rating: Satisfaction['rating'], comment?: string) =>
      call<Satisfaction>('POST', `/tickets/${q(id)}/rating`, { rating, comment }),
    chatStatus: () => call<ChatStatus>('GET', '/chat'),
    startChat: (message: string) => call<StartedChat>('POST', '/chats', { message, ...here() }),
    chatContact: (id: string, email: string, name?: string) => call('POST', `/chats/${q(id)}/contact`, { email, name }),
    /** The page the visitor is on; also their heartbeat. */
    chatHere: (id: string) => call('PUT', `/chats/${q(id)}/visitor`, here()),
    /** The visitor is typing, or has read up to a message: the agents see it. */
    tell: (id: string, what: 'typing' | 'read', body?: { upTo: string }) =>
      call('POST', `/tickets/${q(id)}/${what}`, body),
    /** Delete my data: the server mails a confirmation link when the email on the visitor's tickets can receive it. */
    erase: (locale: string) => call('POST', `/erasure-requests?locale=${locale}`),
    identify: (who: { userId: string; email: string; name?: string; userHash: string }) =>
      call<{ visitorToken: string }>('POST', '/identify', who),
    /** EventSource cannot send headers, so the key and token travel in the query (the server accepts ?key=). */
    eventsUrl: (lastEventId?: string) =>
      `${base}/api/v1/widget/events?key=${q(key)}&token=${q(token() || '')}${lastEventId ? `&lastEventId=${q(lastEventId)}` : ''}`,
  };
}
