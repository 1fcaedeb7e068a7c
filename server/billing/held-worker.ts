// The held-ticket sweeper: releases tickets kept at a reached allowance once it has room (by `deps.now()`).
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { releaseAllHeld } from './held-service.ts';

export function startHeldTicketSweeper(deps: Deps, everyMs = 30_000): Worker {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= releaseAllHeld(deps.db, deps.now())
      .catch((err: Error) => deps.logger.warn('held ticket release failed', { error: err.message }))
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
