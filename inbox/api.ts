// The inbox's only door to the server: same-origin fetches to the public API, errors as ApiError.
import { signal } from '@preact/signals';

export interface FieldError {
  path: string;
  message: string;
}

/** A failed call, carrying the server's problem+json so the page can say what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** The whole problem+json body, for the extras a page may act on (tenantStatus, permission, plan…). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** Set when the refusal is because the account is suspended or cancelled. */
  get tenantStatus(): string | undefined {
    return typeof this.problem.tenantStatus === 'string' ? this.problem.tenantStatus : undefined;
  }
  /** The message for one field, so a form can show it beside the input. */
  field(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

/** Set when any call answers 401, so the app can send the agent back to sign-in. */
export const sessionLost = signal(false);

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/v1${path}`, query), {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the body is whatever the server answered; callers type it
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // a proxy error page; fall through to a generic message
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/login') sessionLost.value = true;
    const detail = json?.detail || json?.title || `Request failed (${res.status}).`;
    throw new ApiError(
      res.status,
      detail,
      Array.isArray(json?.errors) ? json.errors : [],
      json && typeof json === 'object' ? json : {},
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};
