// A minimal EventSource for the benches: each event of the wanted type is keyed by `keyOf(data)`, and `waitFor(key)`
// resolves when that event arrives (or has arrived), with the moment it arrived. It reads over node:http, not fetch:
// a thousand streams read through fetch's web streams cost this process more CPU per event than the server spends
// sending it, and the bench shares the machine with the server it measures.
import http from 'node:http';

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
  const req = http.get(url, { headers, agent: false });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  if (res.statusCode !== 200) {
    req.destroy();
    throw new Error(`stream ${url}: ${res.statusCode}`);
  }
  const seen = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  const marker = `event: ${event}\n`;
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const at = performance.now();
    buffer += chunk;
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
  });
  // closed at the end of the run
  res.on('error', () => undefined);
  req.on('error', () => undefined);
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
    close: () => req.destroy(),
  };
}

/** The p-th percentile of an ascending list. */
export const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
