// The loop a background worker runs: a tick now, then again after `pollMs` (at once while it is busy), and at
// once after any commit it hears of — so work written by this process (or, with Redis, any node) starts right
// after its commit, and other processes' work at the next poll. Used by the webhook dispatcher and the mail worker.

export interface PollLoop<T> {
  /** One tick now (tests and runOnce call it directly); stop() waits for it. */
  tick(): Promise<T>;
  /** Runs a tick soon; during a tick, right after it, so a wake-up is never lost to a poll wait. */
  wake(): void;
  /**
   * Starts ticking, and wakes on every commit `onCommit` reports — except the commits of its own ticks, which
   * would otherwise wake the next tick for ever.
   */
  start(onCommit: (listener: () => void) => () => void): void;
  /** Stops scheduling ticks; resolves once the running one has finished. */
  stop(): Promise<void>;
}

export function createPollLoop<T>(opts: {
  pollMs: number;
  tick: () => Promise<T>;
  /** Whether the tick left work that should not wait for the next poll. */
  busy: (result: T) => boolean;
  onError: (err: unknown) => void;
}): PollLoop<T> {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let wakeRequested = false;
  let looping = false;
  let stopped = false;
  let ticking: Promise<unknown> = Promise.resolve();
  let unsubscribe = () => {};

  function tick() {
    const t = opts.tick();
    ticking = t.catch(() => undefined);
    return t;
  }
  function schedule(ms: number) {
    if (stopped || running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(loop, ms);
  }
  function wake() {
    if (!looping || stopped) return;
    if (running) wakeRequested = true;
    else schedule(0);
  }
  async function loop() {
    timer = null;
    running = true;
    wakeRequested = false;
    let busy = false;
    try {
      busy = opts.busy(await tick());
    } catch (err) {
      opts.onError(err);
    } finally {
      running = false;
    }
    schedule(busy || wakeRequested ? 0 : opts.pollMs);
  }

  return {
    tick,
    wake,
    start(onCommit) {
      if (looping) return;
      looping = true;
      unsubscribe = onCommit(() => {
        if (!running) wake();
      });
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking;
    },
  };
}
