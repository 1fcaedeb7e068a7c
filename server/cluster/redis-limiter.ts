// The Limiter on Redis: every node counts in the same keys, each step one Lua script, so limits are exact
// across nodes. Windows and waits are Redis key expiries (Redis's clock, not the nodes'). While Redis does
// not answer, the node counts in its own memory instead: limits stay on, per node, and no request fails.
import type { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.ts';
import type { BackoffPolicy, BackoffState, Limiter, LimitState } from '../middleware/rate-limit.ts';
import type { RateLimiter } from '../middleware/rate-limit.ts';

// KEYS[1] window counter; ARGV[1] window ms. Returns { count, ms until the window ends }.
const HIT = `
local c = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {c, ttl}`;

const PEEK = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = tonumber(ARGV[1]) end
return {c, ttl}`;

const REFUND = `
local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

// KEYS[1] failure count, KEYS[2] "waiting" marker; ARGV free, firstWaitMs, maxWaitMs, forgetMs.
// Returns { blocked ms (0: counted), failures, wait ms }.
const BACKOFF = `
local waiting = redis.call('PTTL', KEYS[2])
if waiting > 0 then return {waiting, 0, 0} end
local f = redis.call('INCR', KEYS[1])
local free = tonumber(ARGV[1])
local wait = 0
if f >= free then wait = math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ math.min(f - free, 60)) end
wait = math.floor(wait)
if wait > 0 then redis.call('SET', KEYS[2], '1', 'PX', wait) end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), wait))
return {0, f, wait}`;

const PREFIX = 'hd:limit:';
const windowKey = (key: string) => `${PREFIX}w:${key}`;
const failuresKey = (key: string) => `${PREFIX}f:${key}`;
const waitingKey = (key: string) => `${PREFIX}b:${key}`;
const seconds = (ms: number) => Math.ceil(ms / 1000);
/** A glob pattern matching exactly the keys that start with `s`. */
const globPrefix = (s: string) => `${s.replace(/[*?[\]\\]/g, '\\$&')}*`;

/** How long the node counts on its own after Redis failed a call, before asking Redis again. */
const RETRY_REDIS_AFTER_MS = 2_000;

export class RedisLimiter implements Limiter {
  #lastWarning = 0;
  #downUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly fallback: RateLimiter,
    private readonly logger: Logger,
  ) {}

  async #run<T>(what: string, onRedis: () => Promise<T>, onFallback: () => Promise<T>): Promise<T> {
    // After a failure, Redis is left alone for a moment, so a hung Redis costs one timeout, not one per request.
    if (performance.now() < this.#downUntil) return onFallback();
    try {
      return await onRedis();
    } catch (err) {
      this.#downUntil = performance.now() + RETRY_REDIS_AFTER_MS;
      if (Date.now() - this.#lastWarning > 10_000) {
        this.#lastWarning = Date.now();
        this.logger.warn('rate limits counted on this node only: Redis does not answer', {
          step: what,
          error: (err as Error).message,
        });
      }
      return onFallback();
    }
  }

  #state(count: number, ttlMs: number, limit: number, allowed: boolean): LimitState {
    return { allowed, remaining: Math.max(0, limit - count), resetSeconds: seconds(ttlMs) };
  }

  hit(key: string, limit: number, windowMs: number) {
    return this.#run(
      'hit',
      async () => {
        const [count, ttl] = (await this.redis.eval(HIT, 1, windowKey(key), windowMs)) as [number, number];
        return this.#state(count, ttl, limit, count <= limit);
      },
      () => this.fallback.hit(key, limit, windowMs),
    );
  }

  peek(key: string, limit: number, windowMs: number) {
    return this.#run(
      'peek',
      async () => {
        const [count, ttl] = (await this.redis.eval(PEEK, 1, windowKey(key), windowMs)) as [number, number];
        return this.#state(count, ttl, limit, count < limit);
      },
      () => this.fallback.peek(key, limit, windowMs),
    );
  }

  refund(key: string) {
    return this.#run(
      'refund',
      async () => void (await this.redis.eval(REFUND, 1, windowKey(key))),
      () => this.fallback.refund(key),
    );
  }

  backoffAttempt(key: string, policy: BackoffPolicy) {
    return this.#run(
      'backoff',
      async (): Promise<BackoffState> => {
        const [blocked, failures, wait] = (await this.redis.eval(
          BACKOFF,
          2,
          failuresKey(key),
          waitingKey(key),
          policy.free,
          policy.firstWaitMs,
          policy.maxWaitMs,
          policy.forgetMs,
        )) as [number, number, number];
        if (blocked > 0)
          return { blockedSeconds: seconds(blocked), failures: 0, waitSeconds: 0, startedWaiting: false };
        return {
          blockedSeconds: null,
          failures,
          waitSeconds: seconds(wait),
          startedWaiting: failures === policy.free,
        };
      },
      () => this.fallback.backoffAttempt(key, policy),
    );
  }

  async reset(key: string) {
    await this.fallback.reset(key);
    await this.#run(
      'reset',
      async () => void (await this.redis.del(windowKey(key), failuresKey(key), waitingKey(key))),
      async () => {},
    );
  }

  async resetPrefix(prefix: string) {
    await this.fallback.resetPrefix(prefix);
    await this.#run(
      'reset',
      async () => {
        for (const key of [windowKey(prefix), failuresKey(prefix), waitingKey(prefix)]) {
          let cursor = '0';
          do {
            const [next, keys] = await this.redis.scan(cursor, 'MATCH', globPrefix(key), 'COUNT', 500);
            if (keys.length) await this.redis.del(...keys);
            cursor = next;
          } while (cursor !== '0');
        }
      },
      async () => {},
    );
  }
}
