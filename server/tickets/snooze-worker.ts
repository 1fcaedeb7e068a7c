// The snooze worker: wakes snoozed tickets whose time has passed (by `deps.now()`, so a test clock moves it).
// Runs beside the server; any number of processes may run it on one database (each wake re-checks in its transaction).
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { wakeDueSnoozes } from './service.ts';

export function startSnoozeWorker(deps: Deps, everyMs = 5_000): Worker {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= wakeDueSnoozes(deps.db, deps.now())
      .catch((err: Error) => deps.logger.warn('snooze wake failed', { error: err.message }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref?.();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
