// Fixed-window rate limiting with RateLimit-* headers and 429 + Retry-After, and failure back-off. The Limiter
// interface has two implementations: RateLimiter here (counters in this process) and RedisLimiter
// (cluster/redis-limiter.ts, shared and exact across nodes, when REDIS_URL is set).
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

export interface LimitState {
  allowed: boolean;
  remaining: number;
  resetSeconds: number;
}

/** What one failure did: `blockedSeconds` set means the key was still waiting and nothing was counted. */
export interface BackoffState {
  blockedSeconds: number | null;
  failures: number;
  waitSeconds: number;
  /** True for the one failure that turns waiting on, so a lockout is reported once. */
  startedWaiting: boolean;
}

/** Counters behind every limit. Each call is atomic on its own, so parallel requests cannot slip past a limit. */
export interface Limiter {
  /** Counts one hit against `key`; returns the state after it. */
  hit(key: string, limit: number, windowMs: number): Promise<LimitState>;
  /** The state of `key` without counting. */
  peek(key: string, limit: number, windowMs: number): Promise<LimitState>;
  /** Takes back one hit, for an attempt that was counted up front and turned out fine. */
  refund(key: string): Promise<void>;
  /** While `key` waits after failures, answers the wait; otherwise counts one failure and answers the new wait. */
  backoffAttempt(key: string, policy: BackoffPolicy): Promise<BackoffState>;
  reset(key: string): Promise<void>;
  /** Forgets every counter whose key starts with `prefix`. */
  resetPrefix(prefix: string): Promise<void>;
}

/** Growing waits: `free` failures cost nothing, then the wait doubles with each one, up to `maxWaitMs`. */
export function backoffWaitMs(failures: number, policy: BackoffPolicy): number {
  return failures < policy.free ? 0 : Math.min(policy.maxWaitMs, policy.firstWaitMs * 2 ** (failures - policy.free));
}

/** The in-process Limiter (one node, or the fallback while Redis does not answer); synchronous underneath. */
export class RateLimiter implements Limiter {
  #windows = new Map<string, Window>();
  #backoffs = new Map<string, Backoff>();
  #lastSweep = 0;
  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowMs: number) {
    return this.hitNow(key, limit, windowMs);
  }

  async peek(key: string, limit: number, windowMs: number) {
    return this.peekNow(key, limit, windowMs);
  }

  async refund(key: string) {
    this.refundNow(key);
  }

  async backoffAttempt(key: string, policy: BackoffPolicy): Promise<BackoffState> {
    const blockedSeconds = this.#backoffWait(key);
    if (blockedSeconds !== null)
      return { blockedSeconds, failures: 0, waitSeconds: blockedSeconds, startedWaiting: false };
    return { blockedSeconds: null, ...this.#backoffFailure(key, policy) };
  }

  async reset(key: string) {
    this.#windows.delete(key);
    this.#backoffs.delete(key);
  }

  async resetPrefix(prefix: string) {
    for (const map of [this.#windows, this.#backoffs])
      for (const k of map.keys()) if (k.startsWith(prefix)) map.delete(k);
  }

  hitNow(key: string, limit: number, windowMs: number): LimitState {
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

  peekNow(key: string, limit: number, windowMs: number): LimitState {
    const now = this.now();
    const w = this.#windows.get(key);
    const live = w && w.resetAt > now ? w : { count: 0, resetAt: now + windowMs };
    return {
      allowed: live.count < limit,
      remaining: Math.max(0, limit - live.count),
      resetSeconds: Math.ceil((live.resetAt - now) / 1000),
    };
  }

  refundNow(key: string) {
    const w = this.#windows.get(key);
    if (w && w.count > 0) w.count--;
  }

  /** Seconds until `key` may try again after its failures, or null when it may now. */
  #backoffWait(key: string): number | null {
    const now = this.now();
    const b = this.#backoffs.get(key);
    if (!b || b.forgetAt <= now || b.retryAt <= now) return null;
    return Math.ceil((b.retryAt - now) / 1000);
  }

  /** Counts one failure against `key` and returns the wait it now imposes (0 while failures are free). */
  #backoffFailure(key: string, policy: BackoffPolicy) {
    const now = this.now();
    this.#sweep(now);
    let b = this.#backoffs.get(key);
    if (!b || b.forgetAt <= now) {
      b = { failures: 0, retryAt: now, forgetAt: now };
      this.#backoffs.set(key, b);
    }
    b.failures++;
    const waitMs = backoffWaitMs(b.failures, policy);
    b.retryAt = now + waitMs;
    b.forgetAt = now + Math.max(policy.forgetMs, waitMs);
    return { failures: b.failures, waitSeconds: Math.ceil(waitMs / 1000), startedWaiting: b.failures === policy.free };
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    for (const [k, b] of this.#backoffs) if (b.forgetAt <= now) this.#backoffs.delete(k);
  }
}

export interface RateLimitOptions {
  limiter: Limiter;
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
    const r = await o.limiter.hit(key, o.limit, o.windowMs);
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
