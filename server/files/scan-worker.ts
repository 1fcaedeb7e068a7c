// The virus scanner: with CLAMAV_URL set, a background worker streams every file in status `scanning` from
// storage to clamd and records the verdict (scan-service.ts recordScan). It wakes after each commit of this
// process (a new upload) and polls for other processes' uploads. While clamd is down the files stay
// `scanning` (never served) and the worker retries with back-off, logging the outage once, not per file.
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { ClamdUnavailable, createClamd, type Clamd, type ClamdOptions } from './clamd.ts';
import { listScanning } from './queries.ts';
import { recordScan } from './scan-service.ts';

export interface ScanWorkerOptions {
  /** Wait between passes when there was nothing to do. Default 2 s. */
  pollMs?: number;
  /** Back-off while clamd is unreachable: from `minMs`, doubling up to `maxMs`. Default 1 s … 60 s. */
  backoff?: { minMs: number; maxMs: number };
  /** Files read per query. */
  batch?: number;
  clamd?: ClamdOptions;
}

export type ScanWorkerDeps = Pick<Deps, 'db' | 'env' | 'logger' | 'now' | 'storage'>;

export interface ScanWorker extends Worker {
  /** One pass over the waiting files (what the loop runs); answers how many got a verdict. */
  pass(): Promise<number>;
  start(): void;
  /** Whether the last contact with clamd failed. */
  readonly down: boolean;
}

export function createScanWorker(deps: ScanWorkerDeps, url: string, opts: ScanWorkerOptions = {}): ScanWorker {
  const clamd: Clamd = createClamd(url, opts.clamd);
  const pollMs = opts.pollMs ?? 2000;
  const backoff = opts.backoff ?? { minMs: 1000, maxMs: 60_000 };
  const batch = opts.batch ?? 20;
  let down = false;
  let delayMs = backoff.minMs;
  /** Files that failed on their own (not clamd): tried again after their time, so they never hold up the queue. */
  const retryAt = new Map<string, { at: number; delayMs: number }>();

  function outage(err: Error) {
    if (!down)
      deps.logger.warn('virus scanner: clamd unreachable, files wait in scanning', { error: err.message, url });
    else delayMs = Math.min(delayMs * 2, backoff.maxMs);
    down = true;
  }
  function reachable() {
    if (down) deps.logger.info('virus scanner: clamd reachable again', { url });
    down = false;
    delayMs = backoff.minMs;
  }

  async function pass(): Promise<number> {
    let done = 0;
    for (;;) {
      const now = Date.now();
      const rows = (await listScanning(deps.db, batch + retryAt.size)).filter(
        (r) => (retryAt.get(r.id)?.at ?? 0) <= now,
      );
      if (!rows.length) return done;
      let progressed = false;
      for (const row of rows.slice(0, batch)) {
        try {
          const obj = await deps.storage.get(row.storage_key);
          if (!obj) throw new Error('the stored bytes are missing');
          const verdict = await clamd.scan(obj.body);
          reachable();
          retryAt.delete(row.id);
          if (await recordScan(deps, row, verdict)) done++;
          progressed = true;
        } catch (err) {
          if (err instanceof ClamdUnavailable) {
            outage(err);
            return done;
          }
          const prev = retryAt.get(row.id);
          const wait = prev ? Math.min(prev.delayMs * 2, backoff.maxMs) : backoff.minMs;
          if (!prev)
            deps.logger.warn('virus scanner: could not scan a file, will retry', {
              attachmentId: row.id,
              error: (err as Error).message,
            });
          retryAt.set(row.id, { at: Date.now() + wait, delayMs: wait });
        }
      }
      if (!progressed) return done;
    }
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let wakeRequested = false;
  let stopped = false;
  let unsubscribe = () => {};

  function schedule(ms: number) {
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, ms);
    timer.unref();
  }
  function loop() {
    timer = null;
    wakeRequested = false;
    running = pass()
      .then(() => undefined)
      .catch((err: unknown) => deps.logger.error('virus scanner pass failed', { error: (err as Error).message }))
      .finally(() => {
        running = null;
        // While clamd is down only the back-off timer tries again; new uploads simply wait their turn.
        if (down) schedule(delayMs);
        else schedule(wakeRequested ? 0 : pollMs);
      });
  }

  return {
    pass,
    get down() {
      return down;
    },
    start() {
      unsubscribe = deps.db.onCommit(() => {
        if (running) wakeRequested = true;
        else if (!down) schedule(0);
      });
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}

/** The worker starter registered in server/workers.ts: nothing to do unless CLAMAV_URL is set. */
export function startScanWorker(deps: Deps): Worker {
  if (!deps.env.CLAMAV_URL) return { stop: async () => undefined };
  deps.logger.info('virus scanner on: uploads wait in scanning until clamd passes them', { url: deps.env.CLAMAV_URL });
  const worker = createScanWorker(deps, deps.env.CLAMAV_URL);
  worker.start();
  return worker;
}
