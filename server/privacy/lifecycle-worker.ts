// The data-lifecycle worker: the retention sweep (each policy once a day) and the purge of tenants whose
// deletion grace period has passed. It polls (hourly by default) and does not wake on commits: nothing it
// does is urgent, and a partial run goes on at once (`busy`).
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { createPollLoop } from '../lib/poll-loop.ts';
import { sweepRetention } from './retention-service.ts';
import { purgeDueTenants } from './tenant-service.ts';

/** Purge steps (each one batch, one transaction) a lifecycle pass takes before yielding to the next pass. */
export const PURGE_STEPS_PER_PASS = 200;

/** One pass; answers how much was left undone (partial runs). */
export async function runLifecycle(deps: Deps): Promise<number> {
  const partial = await sweepRetention(deps);
  // A purge is bounded per pass (PURGE_STEPS_PER_PASS batches); what is left counts as partial, so the loop goes on.
  const { unfinished } = await purgeDueTenants(deps, 5, { maxSteps: PURGE_STEPS_PER_PASS });
  return partial + unfinished;
}

export function startLifecycleWorker(deps: Deps, pollMs = 60 * 60 * 1000): Worker {
  const loop = createPollLoop({
    pollMs,
    tick: () => runLifecycle(deps),
    busy: (n) => n > 0,
    onError: (err) =>
      deps.logger.warn('data lifecycle pass failed', { error: err instanceof Error ? err.message : String(err) }),
  });
  loop.start(() => () => {});
  return { stop: () => loop.stop() };
}
