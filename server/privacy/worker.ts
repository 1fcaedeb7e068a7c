// The privacy worker: builds exports and runs erasures that wait in privacy_requests. It wakes after each commit
// of this process (a new request) and polls for other processes' requests; a request left `running` by a stopped
// process is picked up again at start (both jobs can run twice safely: an export is rebuilt, an erasure finds less).
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { createPollLoop } from '../lib/poll-loop.ts';
import { listWaiting, markFailed, markRunning } from './queries.ts';
import { buildExport } from './export-service.ts';
import { runErasure } from './erasure-service.ts';

const MAX_ATTEMPTS = 3;

/** One pass over the waiting requests; answers how many it finished. */
export async function runPrivacyRequests(deps: Deps, batch = 10): Promise<number> {
  let done = 0;
  for (const row of await listWaiting(deps.db, batch)) {
    const at = deps.now().toISOString();
    if (row.attempts >= MAX_ATTEMPTS) {
      await deps.db.tx((tx) => markFailed(tx, row.tenant_id, row.id, 'The request failed several times.', at));
      continue;
    }
    await deps.db.tx((tx) => markRunning(tx, row.tenant_id, row.id, at));
    try {
      if (row.kind === 'export') await buildExport(deps, row);
      else await runErasure(deps, row);
      done++;
    } catch (err) {
      // Logged without the email; the row stays `running` and is tried again on the next pass.
      deps.logger.warn('privacy request failed', {
        requestId: row.id,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return done;
}

export function startPrivacyWorker(deps: Deps, pollMs = 2000): Worker {
  const loop = createPollLoop({
    pollMs,
    tick: () => runPrivacyRequests(deps),
    busy: (n) => n > 0,
    onError: (err) =>
      deps.logger.warn('privacy worker pass failed', { error: err instanceof Error ? err.message : String(err) }),
  });
  loop.start((l) => deps.db.onCommit(l));
  return { stop: () => loop.stop() };
}
