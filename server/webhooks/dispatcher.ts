// The webhook dispatcher: a loop of ticks (fan out new events, claim due deliveries, start attempts).
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { randomToken } from '../lib/ids.ts';
import {
  DEFAULT_DELIVERY_OPTIONS,
  logOutcome,
  sendAttempt,
  type DeliveryContext,
  type DeliveryOptions,
} from './deliver.ts';
import { claimDue, fanOut, recordAttempts, releaseLeases, type AttemptResult, type Claim } from './outbox.ts';
import { createPollLoop } from '../lib/poll-loop.ts';
import type { Db } from '../db/client.ts';

export interface DispatcherOptions extends Partial<DeliveryOptions> {
  /** Lease owner name; unique per process. */
  id?: string;
  /** Wait between ticks when there was nothing to do. */
  pollMs?: number;
  /** Attempts this process runs at once. */
  maxInFlight?: number;
  /** Attempts in flight per endpoint, across all processes. */
  perEndpointInFlight?: number;
  /** On stop, how long running attempts may finish before they are cut off. */
  stopGraceMs?: number;
}

export type DispatcherDeps = Pick<Deps, 'db' | 'env' | 'logger' | 'now'> & Partial<Pick<Deps, 'cluster'>>;

export interface Dispatcher {
  readonly id: string;
  /** One pass: fan out, claim, start attempts (not awaited, so a slow endpoint never holds up the next tick). */
  tick(): Promise<{ fannedOut: number; started: number }>;
  /** Resolves when no attempt of this dispatcher is running. */
  idle(): Promise<void>;
  /** tick() then idle(): what tests drive with an injected clock. */
  runOnce(): Promise<{ fannedOut: number; started: number }>;
  inFlight(): number;
  /** Starts the timer loop (production); tests usually call tick() instead. */
  start(): void;
  stop(): Promise<void>;
}

export function createDispatcher(deps: DispatcherDeps, opts: DispatcherOptions = {}): Dispatcher {
  const options: DeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, ...stripUndefined(opts) };
  const pollMs = opts.pollMs ?? 500;
  const maxInFlight = opts.maxInFlight ?? 64;
  const perEndpoint = opts.perEndpointInFlight ?? 16;
  const owner = opts.id ?? `dsp_${randomToken(12)}`;
  const aborter = new AbortController();
  // Every running attempt listens for shutdown on this one signal.
  setMaxListeners(0, aborter.signal);
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: maxInFlight }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: maxInFlight }),
  };
  const ctx: DeliveryContext = {
    db: deps.db,
    logger: deps.logger,
    now: deps.now,
    allowPrivate: deps.env.ALLOW_PRIVATE_WEBHOOKS,
    owner,
    options,
    send: { signal: aborter.signal, agents },
  };
  const inflight = new Map<number, Promise<void>>();
  const cutOff: number[] = [];
  let stopped = false;

  const record = batchedRecorder(deps.db);

  function launch(claim: Claim) {
    const run = sendAttempt(ctx, claim)
      .then(async (item) => {
        if (item === null) return void cutOff.push(claim.seq);
        logOutcome(deps.logger, item, await record(item));
      })
      .catch((err) =>
        deps.logger.error('webhook attempt failed to record', { deliveryId: claim.id, error: (err as Error).message }),
      )
      .finally(() => {
        inflight.delete(claim.seq);
        // A freed slot may let a waiting delivery start now rather than at the next poll.
        wake();
      });
    inflight.set(claim.seq, run);
  }

  async function tickOnce() {
    if (stopped) return { fannedOut: 0, started: 0 };
    const now = deps.now();
    const fannedOut = await fanOut(deps.db, now);
    const claims = await claimDue(deps.db, now, {
      owner,
      leaseMs: options.leaseMs,
      budget: maxInFlight - inflight.size,
      perEndpoint,
    });
    if (stopped) {
      await releaseLeases(
        deps.db,
        owner,
        claims.map((c) => c.seq),
      );
      return { fannedOut, started: 0 };
    }
    for (const c of claims) launch(c);
    return { fannedOut, started: claims.length };
  }

  const poll = createPollLoop({
    pollMs,
    tick: tickOnce,
    busy: (r) => r.fannedOut > 0 || (r.started > 0 && inflight.size < maxInFlight),
    onError: (err) => deps.logger.error('webhook dispatcher tick failed', { error: (err as Error).message }),
  });
  const { tick, wake } = poll;

  async function idle() {
    while (inflight.size > 0) await Promise.all([...inflight.values()]);
  }

  return {
    id: owner,
    tick,
    idle,
    async runOnce() {
      const r = await tick();
      await idle();
      return r;
    },
    inFlight: () => inflight.size,
    start() {
      // Events written by this process (or, with Redis, any node) are fanned out right after their commit.
      poll.start(deps.cluster ? deps.cluster.onCommit : deps.db.onCommit);
    },
    async stop() {
      stopped = true;
      await poll.stop();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([idle(), new Promise<void>((r) => (grace = setTimeout(r, opts.stopGraceMs ?? 3000)))]);
      clearTimeout(grace);
      aborter.abort();
      await idle();
      await releaseLeases(deps.db, owner, cutOff.splice(0));
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * Attempts finish one by one, but writing each in its own transaction would make the database the
 * bottleneck: results that arrive while a write is running go together in the next one.
 */
function batchedRecorder(db: Db) {
  type Waiter = {
    item: AttemptResult;
    resolve: (r: { recorded: boolean; disabled: boolean }) => void;
    reject: (e: unknown) => void;
  };
  const queue: Waiter[] = [];
  let flushing = false;
  async function flush() {
    while (queue.length > 0) {
      const batch = queue.splice(0, 250);
      try {
        const results = await recordAttempts(
          db,
          batch.map((w) => w.item),
        );
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (err) {
        batch.forEach((w) => w.reject(err));
      }
    }
    flushing = false;
  }
  return (item: AttemptResult) =>
    new Promise<{ recorded: boolean; disabled: boolean }>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) {
        flushing = true;
        // After this I/O phase, so responses that arrived together are written together.
        setImmediate(() => void flush());
      }
    });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The worker starter registered in server/workers.ts. */
export function startWebhookDispatcher(deps: Deps): Worker {
  const dispatcher = createDispatcher(deps);
  dispatcher.start();
  return { stop: () => dispatcher.stop() };
}
