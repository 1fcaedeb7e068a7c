// Background work that runs beside the HTTP server (webhook dispatch, outbound mail); stopped on shutdown.
import type { Deps } from './types.ts';
import { startWebhookDispatcher } from './webhooks/dispatcher.ts';
import { startMailWorker } from './mail/sender.ts';
import { startFileJanitor } from './files/janitor.ts';
import { startScanWorker } from './files/scan-worker.ts';
import { startChatSweeper } from './chat/worker.ts';
import { startSnoozeWorker } from './tickets/snooze-worker.ts';
import { startPrivacyWorker } from './privacy/worker.ts';
import { startRollupWorker } from './analytics/rollup-service.ts';
import { startLedgerRebuildWorker } from './analytics/ledger-service.ts';
import { startHeldTicketSweeper } from './billing/held-worker.ts';
import { startBillingSweeper } from './billing/subscriptions/sweep.ts';
import { startLifecycleWorker } from './privacy/lifecycle-worker.ts';
import { startWeeklySummaryWorker } from './analytics/weekly-summary.ts';

export interface Worker {
  stop(): Promise<void>;
}

/** Each module that needs background work adds its starter here. */
export const workerStarters: ((deps: Deps) => Worker)[] = [
  startWebhookDispatcher,
  startMailWorker,
  (deps) => startFileJanitor(deps),
  startScanWorker,
  (deps) => startChatSweeper(deps),
  (deps) => startSnoozeWorker(deps),
  (deps) => startPrivacyWorker(deps),
  (deps) => startRollupWorker(deps),
  (deps) => startLedgerRebuildWorker(deps),
  (deps) => startHeldTicketSweeper(deps),
  (deps) => startBillingSweeper(deps),
  (deps) => startLifecycleWorker(deps),
  (deps) => startWeeklySummaryWorker(deps),
];

export function startWorkers(deps: Deps): Worker {
  const running = workerStarters.map((start) => start(deps));
  return { stop: async () => void (await Promise.all(running.map((w) => w.stop()))) };
}
