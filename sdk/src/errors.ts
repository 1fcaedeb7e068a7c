// HelpdeskError: every non-2xx answer of the API, carrying its RFC 9457 problem details.
import type { components } from './schema.ts';

export type FieldError = NonNullable<components['schemas']['Problem']['errors']>[number];

/** The problem+json body; the server may add extension members (for example `retryAfter`). */
export type ProblemDetails = components['schemas']['Problem'] & Record<string, unknown>;

export class HelpdeskError extends Error {
  override readonly name = 'HelpdeskError';
  readonly status: number;
  /** A URI naming the kind of problem; compare on this, not on `title` or `detail`. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** One entry per bad field on a 422. */
  readonly errors: FieldError[];
  /** The whole body, extension members included. */
  readonly problem: ProblemDetails;
  readonly headers: Headers;
  /** The server's `X-Request-Id`, to quote when asking for support. */
  readonly requestId: string | null;

  constructor(status: number, problem: ProblemDetails, headers: Headers = new Headers()) {
    super(`${status} ${problem.title}: ${problem.detail}`);
    this.status = status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
    this.headers = headers;
    this.requestId = headers.get('x-request-id');
  }

  /**
   * From an answer whose body was already read (`body` parsed JSON, or text when it was not JSON).
   * A body that is not problem details (a proxy's HTML page, say) still gives a usable error.
   */
  static fromResponse(response: Response, body: unknown): HelpdeskError {
    return new HelpdeskError(response.status, toProblem(response, body), response.headers);
  }
}

function toProblem(response: Response, body: unknown): ProblemDetails {
  const fallbackTitle = response.statusText || `HTTP ${response.status}`;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    return {
      ...b,
      type: typeof b.type === 'string' ? b.type : 'about:blank',
      title: typeof b.title === 'string' ? b.title : fallbackTitle,
      status: typeof b.status === 'number' ? b.status : response.status,
      detail: typeof b.detail === 'string' ? b.detail : '',
      ...(Array.isArray(b.errors) ? { errors: b.errors as FieldError[] } : {}),
    };
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 500) : '';
  return { type: 'about:blank', title: fallbackTitle, status: response.status, detail: text };
}
