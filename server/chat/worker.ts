// The chat sweeper: marks agents whose heartbeat lapsed offline (visitors hear if nobody is left), ends unanswered
// chats and chats whose visitor left, and assigns waiting chats (agents whose heartbeat lapsed no longer count). Runs beside the server; any number of processes may run it on one database.
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { expirePresence, sweepChats } from './service.ts';

export function startChatSweeper(deps: Deps, everyMs = 15_000): Worker {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= expirePresence(deps, deps.now())
      .then(() => sweepChats(deps.db, deps.now()))
      .catch((err: Error) => deps.logger.warn('chat sweep failed', { error: err.message }))
      .finally(() => (running = null));
  }, everyMs);
  timer.unref?.();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
