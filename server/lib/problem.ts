// RFC 9457 problem details: the one error shape every endpoint answers with.
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown anywhere in a handler; the error middleware turns it into problem+json. */
export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    opts: { type?: string; title?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = status;
    this.type = opts.type ?? `https://helpdesk.dev/problems/${slug(TITLES[status] ?? 'error')}`;
    this.title = opts.title ?? TITLES[status] ?? 'Error';
    this.extra = opts.extra ?? {};
    this.headers = opts.headers ?? {};
  }

  toJSON(): ProblemBody {
    return { type: this.type, title: this.title, status: this.status, detail: this.message, ...this.extra };
  }
}

function slug(s: string) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

// Named constructors, one per kind of refusal, so the same refusal always has the same type, title and detail.
export const badRequest = (detail: string) => new Problem(400, detail);
export const notFound = (what = 'Resource') => new Problem(404, `${what} not found.`);
/** The row a lookup found, or the 404 for `what` (another tenant's row is not found either). */
export function orNotFound<T>(row: T | null | undefined, what: string): T {
  if (row === null || row === undefined) throw notFound(what);
  return row;
}
export const unauthorized = (detail = 'Missing or invalid credentials.') => new Problem(401, detail);
export const forbidden = (detail: string, extra?: Record<string, unknown>) => new Problem(403, detail, { extra });
export const conflict = (detail: string) => new Problem(409, detail);

/** The caller's role or key lacks `permission` (and each of the `alternatives` that would also do). */
export const missingPermission = (permission: string, alternatives: string[] = []) =>
  new Problem(403, `Missing permission ${[permission, ...alternatives].join(' or ')}.`, {
    type: 'https://helpdesk.dev/problems/missing-permission',
    extra: alternatives.length ? { permission, anyOf: [permission, ...alternatives] } : { permission },
  });

/** A tenant route called with the platform token, which only manages tenants. */
export const platformTokenRefused = () =>
  forbidden('The platform token manages tenants; use a tenant credential here.');

/** A platform route called with a tenant credential. */
export const platformTokenRequired = () => forbidden('This endpoint needs the platform admin token.');

/** A suspended or cancelled tenant; `detail` differs for its members and for its site's visitors. */
export const tenantInactive = (status: string, detail: string) => forbidden(detail, { tenantStatus: status });

/** A cookie-authenticated write that did not come from this site. */
export const crossSiteRefused = () =>
  forbidden('Cross-site request refused: cookie-authenticated writes must come from this site.');

export const tooLarge = (detail = 'Request body is larger than 1 MB.', headers: Record<string, string> = {}) =>
  new Problem(413, detail, { headers });

/** A body of a media type the route does not take (it says which one it wants). */
export const unsupportedMediaType = (detail: string) => new Problem(415, detail);

/** 429 with Retry-After (seconds); the rate-limit middleware adds the RateLimit-* headers. */
export const rateLimited = (retryAfter: number, detail?: string) =>
  new Problem(429, detail ?? `Too many requests. Try again in ${retryAfter} seconds.`, {
    headers: { 'Retry-After': String(retryAfter) },
    extra: { retryAfter },
  });

/** Never says what went wrong, only how to find it in the logs. */
export const internalError = (requestId: string) =>
  new Problem(500, `Something went wrong on our side. Quote request id ${requestId} to support.`);

export function validationProblem(errors: FieldError[], detail = 'The request has invalid fields.') {
  return new Problem(422, detail, { type: 'https://helpdesk.dev/problems/validation', extra: { errors } });
}

/** A single-field validation failure raised by business rules (not by zod). */
export const invalidField = (path: string, message: string) => validationProblem([{ path, message }], message);
