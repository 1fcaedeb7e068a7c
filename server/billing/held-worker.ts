// The held-ticket sweeper: releases tickets kept at a reached allowance once it has room (by `deps.now()`).
import { startPeriodic } from '../lib/periodic-worker.ts';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { releaseAllHeld } from './held-service.ts';

export function startHeldTicketSweeper(deps: Deps, everyMs = 30_000): Worker {
  return startPeriodic(deps.logger, 'held ticket release failed', everyMs, () => releaseAllHeld(deps.db, deps.now()));
}
