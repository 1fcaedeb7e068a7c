// Counts API calls per tenant and UTC day: in memory per request, written to the database in batches.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Deps } from '../types.ts';

const FLUSH_MS = 5000;

export class ApiCallCounter {
  #pending = new Map<string, number>();
  #lastFlush = 0;
  #flushing: Promise<void> | null = null;
  constructor(private readonly deps: Deps) {}

  count(tenantId: string) {
    const key = `${tenantId}\n${this.deps.now().toISOString().slice(0, 10)}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    if (Date.now() - this.#lastFlush >= FLUSH_MS) void this.flush().catch(() => undefined);
  }

  /** Writes what is pending; concurrent callers share one write. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    this.#lastFlush = Date.now();
    const batch = [...this.#pending];
    this.#pending.clear();
    if (!batch.length) return Promise.resolve();
    this.#flushing = this.deps.db
      .tx(async (tx) => {
        for (const [key, n] of batch) {
          const [tenantId, day] = key.split('\n');
          await tx.run('INSERT INTO api_usage (tenant_id, day, calls) VALUES (?, ?, ?) ON CONFLICT (tenant_id, day) DO UPDATE SET calls = calls + excluded.calls', [tenantId, day, n]);
        }
      })
      .catch((err) => {
        for (const [key, n] of batch) this.#pending.set(key, (this.#pending.get(key) ?? 0) + n);
        throw err;
      })
      .finally(() => {
        this.#flushing = null;
      });
    return this.#flushing;
  }
}

const counters = new WeakMap<Deps, ApiCallCounter>();

/** One counter per app instance, shared by the middleware and GET /usage. */
export function apiCallCounterOf(deps: Deps): ApiCallCounter {
  let c = counters.get(deps);
  if (!c) counters.set(deps, (c = new ApiCallCounter(deps)));
  return c;
}

/** Mounted after the credential middleware: every call made with a tenant credential counts. */
export function countApiCalls(deps: Deps): MiddlewareHandler<AppEnv> {
  const counter = apiCallCounterOf(deps);
  return async function apiCallCounterMiddleware(c, next) {
    const tenantId = c.get('tenantId');
    if (tenantId) counter.count(tenantId);
    await next();
  };
}
