// What crosses nodes: commit wake-ups (SSE streams, the webhook dispatcher, caches) and rate-limit counters.
// Without REDIS_URL both stay in this process, exactly as on one node; with it, each commit is published on
// a Redis channel and every other node's listeners run as if the commit had been their own. The database
// stays the source of truth: a wake-up only says "read again", so a lost one costs a poll interval, never data.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { RateLimiter, type Limiter } from '../middleware/rate-limit.ts';
import { RedisLimiter } from './redis-limiter.ts';

export interface Cluster {
  /** True when commits and limits are shared with other nodes through Redis. */
  readonly shared: boolean;
  /** This node's id in the commit channel. */
  readonly nodeId: string;
  /**
   * With Redis, how often event streams read the database anyway: only a backstop for a lost wake-up,
   * since every node's commits wake them (a test may lengthen it to prove the wake-ups cross).
   */
  backstopPollMs: number;
  /** Resolves once this node hears the other nodes (subscribed on Redis); at once without Redis. */
  ready(): Promise<void>;
  /** Calls `listener` after each commit of this process and, with Redis, of every other node. */
  onCommit(listener: () => void): () => void;
  /**
   * Sends `message` to every subscriber of `topic` on every node, this one included (ephemeral signals such as
   * typing or presence: not stored, so a node that is down or cut off from Redis misses it).
   */
  publish(topic: string, message: string): void;
  subscribe(topic: string, listener: (message: string) => void): () => void;
  /** Disconnects from Redis (shutdown); listeners stay attached to this process's commits. */
  close(): Promise<void>;
}

/** Subscribers of ephemeral signals in this process, by topic. */
class Topics {
  #byTopic = new Map<string, Set<(message: string) => void>>();
  subscribe(topic: string, listener: (message: string) => void) {
    let set = this.#byTopic.get(topic);
    if (!set) this.#byTopic.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#byTopic.delete(topic);
    };
  }
  deliver(topic: string, message: string) {
    for (const l of this.#byTopic.get(topic) ?? []) {
      try {
        l(message);
      } catch {
        // a subscriber's failure is its own
      }
    }
  }
  clear() {
    this.#byTopic.clear();
  }
}

export const COMMIT_CHANNEL = 'hd:commits';
export const SIGNAL_CHANNEL = 'hd:signals';

/** One node: this process's commits and signals only. */
export function localCluster(db: Db): Cluster {
  const topics = new Topics();
  return {
    shared: false,
    nodeId: 'local',
    backstopPollMs: 0,
    ready: async () => {},
    onCommit: (l) => db.onCommit(l),
    publish: (topic, message) => topics.deliver(topic, message),
    subscribe: (topic, l) => topics.subscribe(topic, l),
    close: async () => topics.clear(),
  };
}

function connect(url: string, logger: Logger, role: string) {
  const redis = new Redis(url, {
    // A request waits at most this long for Redis before the limiter counts on this node instead.
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    connectionName: `helpdesk-${role}`,
  });
  let lastError = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    logger.warn('redis connection problem', { role, error: err.message });
  });
  return redis;
}

/** Commits and limits across nodes through the Redis at `url`; created by createApp, closed by its shutdown(). */
export function redisCluster(opts: { db: Db; url: string; logger: Logger; now: () => number }): {
  cluster: Cluster;
  limiter: Limiter;
} {
  const { db, url, logger } = opts;
  const nodeId = randomBytes(8).toString('hex');
  const commands = connect(url, logger, 'commands');
  const subscriber = connect(url, logger, 'subscriber');
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) {
      try {
        l();
      } catch {
        // a listener's failure is its own
      }
    }
  };

  // A burst of commits in one turn of the event loop is one message.
  let pending = false;
  const offLocal = db.onCommit(() => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      commands.publish(COMMIT_CHANNEL, nodeId).catch(() => {
        // logged by the connection; the other nodes' polls still see this commit
      });
    });
  });

  const topics = new Topics();
  let subscribedOnce = false;
  subscriber.on('message', (channel: string, payload: string) => {
    if (channel === COMMIT_CHANNEL) {
      if (payload !== nodeId) notify();
      return;
    }
    try {
      const { from, topic, message } = JSON.parse(payload) as { from: string; topic: string; message: string };
      if (from !== nodeId) topics.deliver(topic, message);
    } catch {
      // not ours
    }
  });
  // ioredis subscribes again after a reconnect; what was committed meanwhile is read now, not at the next poll.
  subscriber.on('ready', () => {
    if (subscribedOnce) notify();
    subscribedOnce = true;
  });
  const subscribed = subscriber.subscribe(COMMIT_CHANNEL, SIGNAL_CHANNEL).then(
    () => undefined,
    (err: Error) => {
      logger.warn('redis subscribe failed; other nodes are seen at the next poll', { error: err.message });
    },
  );

  let closed = false;
  const cluster: Cluster = {
    shared: true,
    nodeId,
    backstopPollMs: 5_000,
    ready: () => subscribed,
    onCommit(listener) {
      const offDb = db.onCommit(listener);
      listeners.add(listener);
      return () => {
        offDb();
        listeners.delete(listener);
      };
    },
    publish(topic, message) {
      topics.deliver(topic, message);
      commands.publish(SIGNAL_CHANNEL, JSON.stringify({ from: nodeId, topic, message })).catch(() => {
        // logged by the connection; a signal is ephemeral
      });
    },
    subscribe: (topic, l) => topics.subscribe(topic, l),
    async close() {
      if (closed) return;
      closed = true;
      offLocal();
      listeners.clear();
      topics.clear();
      commands.disconnect();
      subscriber.disconnect();
    },
  };
  return { cluster, limiter: new RedisLimiter(commands, new RateLimiter(opts.now), logger) };
}
