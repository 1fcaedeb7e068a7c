// Fixed-window rate limiting with RateLimit-* headers and 429 + Retry-After; counters live in this process.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';
import { rateLimited } from '../lib/problem.ts';

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  #windows = new Map<string, Window>();
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
    return { allowed: w.count <= limit, remaining: Math.max(0, limit - w.count), resetSeconds: Math.ceil((w.resetAt - now) / 1000) };
  }

  /** Peeks without counting, for limits that only count failures (login). */
  blocked(key: string, limit: number) {
    const w = this.#windows.get(key);
    const now = this.now();
    if (!w || w.resetAt <= now) return null;
    return w.count >= limit ? Math.ceil((w.resetAt - now) / 1000) : null;
  }

  reset(key: string) {
    this.#windows.delete(key);
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
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

/** The client address as seen by this server (the socket), never a spoofable header. */
export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
