// createHelpdesk(): the typed API client — openapi-fetch over the generated paths, an API key,
// retries (retry.ts), HelpdeskError for every non-2xx answer, and cursor iteration over lists.
import createClient, {
  type Client,
  type ClientOptions,
  type FetchResponse,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { HelpdeskError } from './errors.ts';
import { retryingFetch, type RetryOptions } from './retry.ts';
import type { paths } from './schema.ts';

export interface HelpdeskOptions extends RetryOptions {
  /** Origin of the Helpdesk server, e.g. `https://help.example.com` (the `/api/v1/…` paths are appended). */
  baseUrl: string;
  /** An API key (`hd_sk_…`), sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Replaces the global fetch (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

type Paths = paths;
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
/** openapi-fetch's answer without its error branch: errors are thrown as HelpdeskError instead. */
type Success<T> = Exclude<T, { error: unknown; data?: never }>;

/** The operation object of a path and method, without the `undefined` of an optional key. */
type Operation<P extends keyof Paths, M extends HttpMethod> = Paths[P][M] extends infer O
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches any operation shape
    O extends Record<string | number, any>
    ? O
    : never
  : never;

type Method<M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Success<FetchResponse<Operation<Path, M>, Init, MediaType>>>;

type GetPath = PathsWithMethod<Paths, 'get'>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- openapi-fetch's own "no init options" type
type GetData<P extends GetPath> = Success<FetchResponse<Operation<P, 'get'>, {}, MediaType>>['data'];
/** GET operations that answer `{ data: [...], nextCursor }`. */
export type ListPath = {
  [P in GetPath]: GetData<P> extends { data: unknown[]; nextCursor: string | null } ? P : never;
}[GetPath];
export type ListItem<P extends ListPath> = GetData<P> extends { data: (infer Item)[] } ? Item : never;
type ListInit<P extends ListPath> = NonNullable<MaybeOptionalInit<Paths[P], 'get'>>;

export interface Helpdesk {
  GET: Method<'get'>;
  POST: Method<'post'>;
  PUT: Method<'put'>;
  PATCH: Method<'patch'>;
  DELETE: Method<'delete'>;
  /**
   * Every item of a list operation, page after page, following `nextCursor` until it is null.
   * `params.query.limit` sets the page size; `cursor` starts after a page you already have.
   */
  paginate<P extends ListPath>(url: P, ...init: InitParam<ListInit<P>>): AsyncIterableIterator<ListItem<P>>;
  /** The underlying openapi-fetch client (its middleware, `request()`), for what the methods above do not cover. */
  readonly raw: Client<Paths>;
}

export function createHelpdesk(options: HelpdeskOptions): Helpdesk {
  if (!options.baseUrl) throw new TypeError('createHelpdesk: baseUrl is required, e.g. "https://help.example.com".');
  if (!options.apiKey)
    throw new TypeError('createHelpdesk: apiKey is required (an hd_sk_… key from Settings → API keys).');
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const clientOptions: ClientOptions = {
    baseUrl: options.baseUrl,
    fetch: retryingFetch(baseFetch, options),
    headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
  };
  const raw = createClient<Paths>(clientOptions);

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE') =>
    async function helpdeskCall(url: string, init?: object) {
      const result = await (
        raw[method] as (url: string, init?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>
      )(url, init);
      if (!result.response.ok) throw HelpdeskError.fromResponse(result.response, result.error);
      return result;
    };
  const GET = call('GET');

  async function* paginate(url: string, init: { params?: { query?: Record<string, unknown> } } = {}) {
    let cursor = init.params?.query?.cursor as string | undefined;
    for (;;) {
      const query = { ...init.params?.query, ...(cursor ? { cursor } : {}) };
      const { data: page } = (await GET(url, { ...init, params: { ...init.params, query } })) as {
        data: { data: unknown[]; nextCursor: string | null };
      };
      yield* page.data;
      if (!page.nextCursor) return;
      // A server handing back the cursor it was given would otherwise loop for ever.
      if (page.nextCursor === cursor) throw new Error(`paginate(${url}): the server answered the same cursor again`);
      cursor = page.nextCursor;
    }
  }

  return {
    GET: GET as Method<'get'>,
    POST: call('POST') as Method<'post'>,
    PUT: call('PUT') as Method<'put'>,
    PATCH: call('PATCH') as Method<'patch'>,
    DELETE: call('DELETE') as Method<'delete'>,
    paginate: paginate as Helpdesk['paginate'],
    raw,
  };
}
