// The chat sweeper: marks agents whose heartbeat lapsed offline (visitors hear if nobody is left), ends unanswered
// chats and chats whose visitor left, and assigns waiting chats (agents whose heartbeat lapsed no longer count). Runs beside the server; any number of processes may run it on one database.
import { startPeriodic } from '../lib/periodic-worker.ts';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { expirePresence, sweepChats } from './service.ts';

export function startChatSweeper(deps: Deps, everyMs = 15_000): Worker {
  return startPeriodic(deps.logger, 'chat sweep failed', everyMs, () =>
    expirePresence(deps, deps.now()).then(() => sweepChats(deps.db, deps.now())),
  );
}
