// A fetch that retries network errors, 5xx and 429 with back-off, honouring Retry-After / RateLimit-Reset,
// and gives a POST one Idempotency-Key for all of its attempts so a retry never creates twice.

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  /** Attempts per call, the first included (default 3; 1 turns retries off). */
  maxAttempts?: number;
  /** First back-off step when the server names no wait; doubles per attempt, with jitter (default 500 ms). */
  baseDelayMs?: number;
  /** A wait longer than this is not waited for: the answer is returned (and thrown) instead (default 60 s). */
  maxDelayMs?: number;
  /** Injected in tests to record the waits instead of waiting. */
  sleep?: Sleep;
  /** Makes idempotency keys; default crypto.randomUUID(). */
  idempotencyKey?: () => string;
  /** Jitter source (default Math.random). */
  random?: () => number;
}

type Fetch = (request: Request, init?: RequestInit) => Promise<Response>;

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** 429 and 5xx: the request was refused or failed on the way, so trying again can help. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait the server asked for, in ms: `Retry-After` (seconds or an HTTP date), else
 * `RateLimit-Reset` (seconds until the window resets). Null when it named none.
 */
export function serverDelayMs(headers: Headers, now: number = Date.now()): number | null {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Number(reset) * 1000;
  return null;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

export function retryingFetch(fetchImpl: Fetch, o: RetryOptions = {}): Fetch {
  const maxAttempts = Math.max(1, o.maxAttempts ?? 3);
  const baseDelay = o.baseDelayMs ?? 500;
  const maxDelay = o.maxDelayMs ?? 60_000;
  const sleep = o.sleep ?? defaultSleep;
  const newKey = o.idempotencyKey ?? (() => crypto.randomUUID());
  const random = o.random ?? Math.random;
  const backoff = (attempt: number) => Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + random() / 2);

  return async function helpdeskFetch(input, init) {
    let request = input;
    // Once per logical call, before the first attempt: every retry then carries the same key.
    if (request.method === 'POST' && !request.headers.has('idempotency-key')) {
      const headers = new Headers(request.headers);
      headers.set('Idempotency-Key', newKey());
      request = new Request(request, { headers });
    }
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= maxAttempts;
      let response: Response;
      try {
        // A clone per attempt, so the body can be sent again.
        response = await fetchImpl(last ? request : request.clone(), init);
      } catch (err) {
        if (last || isAbort(err) || request.signal.aborted) throw err;
        await sleep(backoff(attempt), request.signal);
        continue;
      }
      if (last || !isRetryableStatus(response.status)) return response;
      const wait = serverDelayMs(response.headers) ?? backoff(attempt);
      if (wait > maxDelay) return response;
      await response.body?.cancel();
      await sleep(wait, request.signal);
    }
  };
}
