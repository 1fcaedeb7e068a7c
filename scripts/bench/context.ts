// Shared bench plumbing: real server processes on fresh databases, and autocannon load against them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { spawnServer } from '../spawn-server.ts';
import type { BenchContext, BenchServer, LoadOptions, LoadResult } from './types.ts';

const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const DEFAULT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function runLoad(baseURL: string, o: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(baseURL);
    const instance = autocannon(
      {
        url: baseURL,
        connections: o.connections ?? 20,
        duration: o.durationSeconds ?? DEFAULT_SECONDS,
        requests: [
          {
            method: (o.method ?? 'GET') as 'GET',
            path: o.path,
            headers: o.headers,
            body: o.body,
            ...(o.request
              ? {
                  setupRequest: (req: autocannon.Request) => {
                    const r = o.request!();
                    return { ...req, path: r.path, method: (r.method ?? req.method) as 'GET', headers: { ...req.headers, ...r.headers }, body: r.body };
                  },
                }
              : {}),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          requestsPerSecond: Math.round(result.requests.average),
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          total: result.requests.total,
        });
      },
    );
    void url;
    void instance;
  });
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) the process has used, in ms (Linux /proc; 0 elsewhere). */
function cpuMsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function createBenchContext(tmpDir: string, log: (l: string) => void): BenchContext {
  let n = 0;
  return {
    tmpDir,
    log,
    async startServer(opts = {}) {
      const databaseUrl = opts.databaseUrl ?? `file:${join(tmpDir, `bench-${++n}.db`)}`;
      const spawned = await spawnServer({
        DATABASE_URL: databaseUrl,
        PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
        SEED_DEMO: '0',
        RATE_LIMITS: 'off',
        LOG_LEVEL: 'warn',
        ALLOW_PRIVATE_WEBHOOKS: '1',
        ...opts.env,
      }, 60_000, '127.0.0.1');
      const { baseURL } = spawned;
      const server: BenchServer = {
        baseURL,
        databaseUrl,
        platformToken: PLATFORM_TOKEN,
        load: (o) => runLoad(baseURL, o),
        baseline: (connections = 20) => runLoad(baseURL, { path: '/livez', connections }),
        rssBytes: () => rssOf(spawned.child.pid),
        cpuMs: () => cpuMsOf(spawned.child.pid),
        stop: spawned.stop,
      };
      return server;
    },
    rssRow(server, note) {
      const mb = server.rssBytes() / 1024 / 1024;
      return { name: 'server RSS after this module', value: Math.round(mb * 10) / 10, unit: 'MB', note };
    },
  };
}
