// The snooze worker: wakes snoozed tickets whose time has passed (by `deps.now()`, so a test clock moves it).
// Runs beside the server; any number of processes may run it on one database (each wake re-checks in its transaction).
import { startPeriodic } from '../lib/periodic-worker.ts';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { wakeDueSnoozes } from './service.ts';

export function startSnoozeWorker(deps: Deps, everyMs = 5_000): Worker {
  return startPeriodic(deps.logger, 'snooze wake failed', everyMs, () => wakeDueSnoozes(deps.db, deps.now()));
}
