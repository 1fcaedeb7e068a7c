// Counts API calls per tenant and UTC day: in memory per request, written to the database in batches.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { AppEnv } from '../types.ts';
import { addApiCalls } from './queries.ts';

const FLUSH_AFTER_MS = 5000;

/**
 * A write per request would put every API call behind the write lock, so counts wait here for at most
 * FLUSH_AFTER_MS. GET /usage and shutdown call flush() first; a crash loses at most that window.
 */
export class ApiCallCounter {
  #pending = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  count(tenantId: string) {
    const key = `${tenantId}\n${this.now().toISOString().slice(0, 10)}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush().catch((err) => this.logger.warn('api call counts not written', { error: (err as Error).message }));
    }, FLUSH_AFTER_MS);
    this.#timer.unref?.();
  }

  /** Writes what is pending; a caller during a write waits for it and then writes what came in meanwhile. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = [...this.#pending];
    this.#pending.clear();
    if (!batch.length) return;
    this.#flushing = this.db
      .tx(async (tx) => {
        for (const [key, n] of batch) {
          const [tenantId, day] = key.split('\n');
          await addApiCalls(tx, tenantId, day, n);
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

/** Mounted after the credential middleware: every call made with a tenant credential counts. */
export function countApiCalls(counter: ApiCallCounter): MiddlewareHandler<AppEnv> {
  return async function apiCallCounterMiddleware(c, next) {
    const tenantId = c.get('tenantId');
    if (tenantId) counter.count(tenantId);
    await next();
  };
}
