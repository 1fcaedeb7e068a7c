// A minimal EventSource over fetch for the benches: each event of the wanted type is keyed by `keyOf(data)`, and
// `waitFor(key)` resolves when that event arrives (or has arrived), with the moment it arrived.
export interface Stream {
  /** Resolves with performance.now() at the arrival of the event keyed `key` (rejects after 30 s). */
  waitFor(key: string): Promise<number>;
  close(): void;
}

export async function openStream(
  url: string,
  headers: Record<string, string>,
  event: string,
  keyOf: (data: unknown) => string,
): Promise<Stream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${url}: ${res.status}`);
  const seen = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const marker = `event: ${event}\n`;
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes(marker)) continue;
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          const key = keyOf(JSON.parse(data));
          const w = waiters.get(key);
          if (w) {
            waiters.delete(key);
            w(at);
          } else seen.set(key, at);
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return {
    waitFor: (key) => {
      const at = seen.get(key);
      if (at !== undefined) {
        seen.delete(key);
        return Promise.resolve(at);
      }
      return new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "${key}" within 30 s`)), 30_000);
        waiters.set(key, (arrived) => {
          clearTimeout(t);
          resolve(arrived);
        });
      });
    },
    close: () => ac.abort(),
  };
}

/** The p-th percentile of an ascending list. */
export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
