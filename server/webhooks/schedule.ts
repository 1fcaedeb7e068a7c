// When to try a failed delivery again: Svix's schedule with jitter, and what Retry-After asks for.

/** Delay before retry n (after the n-th failed attempt); attempts = 1 + this length. */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Jitter spreads retries of many deliveries that failed together (±10%), keeping the first under 10 s. */
const JITTER = 0.1;

/** Longest wait a Retry-After header may ask for; beyond this the endpoint is treated as failing. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** Delay before the next attempt after `failedSteps` failures, or null when the schedule is used up. */
export function retryDelayMs(failedSteps: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[failedSteps - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Reads Retry-After (seconds or an HTTP date) into milliseconds from now; null when absent or unusable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  if (ms <= 0) return 0;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
