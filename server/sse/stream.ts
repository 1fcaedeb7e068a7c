// Streams a tenant's event log as Server-Sent Events: resumable by seq (Last-Event-ID), polled from the
// database so events written by any process on the same database arrive, with heartbeats.
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { AppEnv, Deps } from '../types.ts';
import { latestEventSeq, type StoredEvent } from '../events/log.ts';
import { invalidField } from '../lib/problem.ts';
import type { Signal } from '../chat/signal-bus.ts';
import { SseSink, sseFrame } from './sink.ts';

export interface StreamTiming {
  /**
   * A stream is woken when its tenant's event log may have grown (server/events/shared-reads.ts); without a wake-up
   * it looks again this often anyway, to end when its session has ended elsewhere and to send heartbeats.
   */
  recheckMs: number;
  /** A comment line after this much silence keeps proxies from closing the connection. */
  heartbeatMs: number;
}

export const DEFAULT_TIMING: StreamTiming = { recheckMs: 5_000, heartbeatMs: 15_000 };
const BATCH = 200;

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
  let open = true;
  let wake: (() => void) | null = null;
  const stop = () => {
    open = false;
    wake?.();
  };
  const sink = new SseSink(stop);
  c.req.raw.signal?.addEventListener('abort', stop);
  // Woken (soon after a commit, or by the backstop poll) when the tenant's event log may have grown. A wake-up
  // that comes mid-read (the read may have started before the commit) makes the next sleep return at once.
  let missed = false;
  const unwatch = deps.eventReads.watch(tenantId, () => {
    if (wake) wake();
    else missed = true;
  });
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

  // Signals go out as they come, without an `id:`, so Last-Event-ID replay never sees them.
  const unsignal = projectSignal
    ? deps.signals.subscribe(tenantId, (sig) => {
        void projectSignal(sig)
          .then((data) => (open && data !== null ? sink.write(sseFrame(sig.type, data)) : undefined))
          .catch(() => undefined);
      })
    : () => undefined;

  const run = async () => {
    let cursor = from;
    let lastWrite = Date.now();
    sink.write(`retry: 2000\n: connected\n\n`);
    try {
      while (open) {
        if (stillValid && !(await stillValid())) break;
        const events = await deps.eventReads.after(tenantId, cursor, BATCH);
        // The frames of one read go out as one chunk: one socket write per stream per wake-up, not one per event.
        const frames: Uint8Array[] = [];
        for (const e of events) {
          if (!open) break;
          cursor = e.seq;
          const data = await project(e);
          if (data !== null) frames.push(sseFrame(e.type, data, String(e.seq)));
        }
        if (frames.length && open) {
          if (!sink.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames))) open = false;
          lastWrite = Date.now();
        }
        if (events.length === BATCH) continue;
        if (Date.now() - lastWrite >= timing.heartbeatMs) {
          if (!sink.write(': heartbeat\n\n')) open = false;
          lastWrite = Date.now();
        }
        if (open) await sleep(Math.min(timing.recheckMs, timing.heartbeatMs - (Date.now() - lastWrite)));
      }
    } catch (err) {
      // The database went away (shutdown): end this stream quietly.
      if (open) deps.logger.warn('event stream ended', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      open = false;
      unsignal();
      unwatch();
      sink.close();
    }
  };
  void run();
  return c.newResponse(sink.body, 200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'Transfer-Encoding': 'chunked',
    'X-Accel-Buffering': 'no',
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
