// A background job run every `everyMs`, one pass at a time (a slow pass is not overlapped by the next), on a timer
// that does not keep the process alive; a failed pass is logged and the next one runs as usual. stop() waits for
// the pass under way.
import type { Logger } from './logger.ts';

export function startPeriodic(
  logger: Pick<Logger, 'warn'>,
  failure: string,
  everyMs: number,
  pass: () => Promise<unknown>,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= pass()
      .catch((err: Error) => logger.warn(failure, { error: err.message }))
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
