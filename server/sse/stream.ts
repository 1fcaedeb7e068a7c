// Streams a tenant's event log as Server-Sent Events: resumable by seq (Last-Event-ID), polled from the
// database so events written by any process on the same database arrive, with heartbeats.
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv, Deps } from '../types.ts';
import { latestEventSeq, type StoredEvent } from '../events/log.ts';
import { invalidField } from '../lib/problem.ts';
import type { Signal } from '../chat/signal-bus.ts';

export interface StreamTiming {
  /** How often the event table is read. */
  pollMs: number;
  /** A comment line after this much silence keeps proxies from closing the connection. */
  heartbeatMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { pollMs: 300, heartbeatMs: 15_000 };
const BATCH = 200;

/** An event many streams send unchanged (the shared reads hand them the same object) is serialised once. */
const serialised = new WeakMap<object, string>();
function eventJson(data: unknown): string {
  if (data === null || typeof data !== 'object') return JSON.stringify(data);
  let json = serialised.get(data);
  if (json === undefined) serialised.set(data, (json = JSON.stringify(data)));
  return json;
}

/** Where to resume: Last-Event-ID (header, or ?lastEventId= for clients that cannot set it), else "from now". */
export async function startSeq(c: Context<AppEnv>, deps: Deps, tenantId: string): Promise<number> {
  const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId');
  if (raw === undefined || raw === '') return latestEventSeq(deps.db, tenantId);
  if (!/^\d{1,15}$/.test(raw)) throw invalidField('Last-Event-ID', 'must be the id of an event from this stream');
  return Number(raw);
}

/**
 * `project` decides what a subscriber sees of each event (null: nothing). Events are sent with
 * `id` = their sequence number, so a reconnecting EventSource resumes exactly after the last one it got.
 */
export function streamEvents(
  c: Context<AppEnv>,
  deps: Deps,
  tenantId: string,
  from: number,
  project: (e: StoredEvent) => Promise<unknown | null>,
  timing: StreamTiming = DEFAULT_TIMING,
  /** What a subscriber sees of an ephemeral signal (typing); null: nothing. Absent: no signals. */
  projectSignal?: (s: Signal) => Promise<unknown | null>,
  /** Checked before each read: false (the session ended, the agent was deactivated) ends the stream. */
  stillValid?: () => Promise<boolean>,
) {
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    let open = true;
    let wake: (() => void) | null = null;
    const stop = () => {
      open = false;
      wake?.();
    };
    stream.onAbort(stop);
    c.req.raw.signal?.addEventListener('abort', stop);
    // A commit (of this process, or of any node through Redis) may carry an event: read soon rather than
    // at the next poll. A short delay folds a burst of commits into one read per stream.
    let soon: NodeJS.Timeout | null = null;
    // With Redis every node's commits wake the stream, so the poll is only a backstop for a lost wake-up.
    const pollMs = deps.cluster.shared ? Math.max(timing.pollMs, deps.cluster.backstopPollMs) : timing.pollMs;
    const unsubscribe = deps.cluster.onCommit(() => {
      soon ??= setTimeout(() => {
        soon = null;
        // Mid-read, the read may have started before this commit: read once more instead of sleeping.
        if (wake) wake();
        else missed = true;
      }, 20);
    });
    let missed = false;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (missed) {
          missed = false;
          return resolve();
        }
        const t = setTimeout(() => {
          wake = null;
          resolve();
        }, ms);
        wake = () => {
          clearTimeout(t);
          wake = null;
          resolve();
        };
      });

    let cursor = from;
    let lastWrite = Date.now();
    await stream.write(`retry: 2000\n: connected\n\n`);
    // Signals go out as they come, without an `id:`, so Last-Event-ID replay never sees them.
    const unsignal = projectSignal
      ? deps.signals.subscribe(tenantId, (sig) => {
          void projectSignal(sig)
            .then((data) =>
              open && data !== null ? stream.writeSSE({ event: sig.type, data: JSON.stringify(data) }) : undefined,
            )
            .catch(() => undefined);
        })
      : () => undefined;
    try {
      while (open) {
        if (stillValid && !(await stillValid())) break;
        const events = await deps.eventReads.after(tenantId, cursor, BATCH);
        for (const e of events) {
          if (!open) break;
          cursor = e.seq;
          const data = await project(e);
          if (data === null) continue;
          await stream.writeSSE({ id: String(e.seq), event: e.type, data: eventJson(data) });
          lastWrite = Date.now();
        }
        if (events.length === BATCH) continue;
        if (Date.now() - lastWrite >= timing.heartbeatMs) {
          await stream.write(': heartbeat\n\n');
          lastWrite = Date.now();
        }
        if (open) await sleep(pollMs);
      }
    } catch (err) {
      // The database went away (shutdown) or the client left mid-write: end this stream quietly.
      if (open) deps.logger.warn('event stream ended', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      unsignal();
      unsubscribe();
      if (soon) clearTimeout(soon);
    }
  });
}

/** The OpenAPI response of a stream route. */
export const sseResponse = (description: string) => ({
  200: {
    description,
    content: {
      'text/event-stream': {
        schema: z.string().openapi({ example: 'id: 42\nevent: ticket.created\ndata: {"id":"tkt_…"}\n\n' }),
      },
    },
  },
});

export const ResumeQuery = z.object({
  lastEventId: z
    .string()
    .optional()
    .openapi({ description: 'Resume after this event id (same as the Last-Event-ID header).' }),
});
