// Fixed-window rate limiting with RateLimit-* headers and 429 + Retry-After, and failure back-off; counters live in this process.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import { rateLimited } from '../lib/problem.ts';

interface Window {
  count: number;
  resetAt: number;
}

/** Growing waits after failures: `free` failures cost nothing, then each one doubles the wait. */
export interface BackoffPolicy {
  free: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** A key with no failure for this long starts over. */
  forgetMs: number;
}

interface Backoff {
  failures: number;
  retryAt: number;
  forgetAt: number;
}

export class RateLimiter {
  #windows = new Map<string, Window>();
  #backoffs = new Map<string, Backoff>();
  #lastSweep = 0;
  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit against `key`; returns the state after it. */
  hit(key: string, limit: number, windowMs: number) {
    const now = this.now();
    this.#sweep(now);
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, w);
    }
    w.count++;
    return {
      allowed: w.count <= limit,
      remaining: Math.max(0, limit - w.count),
      resetSeconds: Math.ceil((w.resetAt - now) / 1000),
    };
  }

  /** The state of `key` without counting, for limits that only count failures (login). */
  peek(key: string, limit: number, windowMs: number) {
    const now = this.now();
    const w = this.#windows.get(key);
    const live = w && w.resetAt > now ? w : { count: 0, resetAt: now + windowMs };
    return {
      allowed: live.count < limit,
      remaining: Math.max(0, limit - live.count),
      resetSeconds: Math.ceil((live.resetAt - now) / 1000),
    };
  }

  /** Takes back one hit, for an attempt that was counted up front and turned out fine. */
  refund(key: string) {
    const w = this.#windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  /** Seconds until `key` may try again after its failures, or null when it may now. */
  backoffWait(key: string): number | null {
    const now = this.now();
    const b = this.#backoffs.get(key);
    if (!b || b.forgetAt <= now || b.retryAt <= now) return null;
    return Math.ceil((b.retryAt - now) / 1000);
  }

  /**
   * Counts one failure against `key` and returns the wait it now imposes (0 while failures are free).
   * `startedWaiting` is true for the one failure that turns waiting on, so a lockout is reported once.
   */
  backoffFailure(key: string, policy: BackoffPolicy) {
    const now = this.now();
    this.#sweep(now);
    let b = this.#backoffs.get(key);
    if (!b || b.forgetAt <= now) {
      b = { failures: 0, retryAt: now, forgetAt: now };
      this.#backoffs.set(key, b);
    }
    b.failures++;
    const waitMs =
      b.failures < policy.free ? 0 : Math.min(policy.maxWaitMs, policy.firstWaitMs * 2 ** (b.failures - policy.free));
    b.retryAt = now + waitMs;
    b.forgetAt = now + Math.max(policy.forgetMs, waitMs);
    return { failures: b.failures, waitSeconds: Math.ceil(waitMs / 1000), startedWaiting: b.failures === policy.free };
  }

  reset(key: string) {
    this.#windows.delete(key);
    this.#backoffs.delete(key);
  }

  /** Forgets every counter whose key starts with `prefix`. */
  resetPrefix(prefix: string) {
    for (const map of [this.#windows, this.#backoffs])
      for (const k of map.keys()) if (k.startsWith(prefix)) map.delete(k);
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    for (const [k, b] of this.#backoffs) if (b.forgetAt <= now) this.#backoffs.delete(k);
  }
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  enabled: boolean;
  limit: number;
  windowMs: number;
  /** Which bucket a request counts against; null skips limiting. */
  key: (c: Context<AppEnv>) => string | null;
  message?: (retryAfter: number) => string;
}

export function rateLimit(o: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const key = o.enabled ? o.key(c) : null;
    if (!key) return next();
    const r = o.limiter.hit(key, o.limit, o.windowMs);
    const headers = {
      'RateLimit-Limit': String(o.limit),
      'RateLimit-Remaining': String(r.remaining),
      'RateLimit-Reset': String(r.resetSeconds),
    };
    if (!r.allowed) {
      const p = rateLimited(r.resetSeconds, o.message?.(r.resetSeconds));
      Object.assign(p.headers, headers);
      throw p;
    }
    await next();
    for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}

/** Kept for callers written before client-ip.ts; the client address is decided there. */
export { clientIp } from './client-ip.ts';
