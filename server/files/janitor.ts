// The file janitor: a background worker that removes the bytes of deleted files and of uploads no message
// took within a day (files/service.ts sweepFiles), at start and then every few minutes.
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { sweepFiles } from './service.ts';

export const JANITOR_INTERVAL_MS = 5 * 60 * 1000;

export function startFileJanitor(deps: Deps, intervalMs = JANITOR_INTERVAL_MS): Worker {
  let running: Promise<void> | null = null;
  const pass = () => {
    running ??= sweepFiles(deps)
      .then(() => undefined)
      .catch((err: unknown) =>
        deps.logger.warn('file janitor pass failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const first = setTimeout(pass, 1000);
  const timer = setInterval(pass, intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
