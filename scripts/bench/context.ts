// Shared bench plumbing: real server processes on fresh databases, and autocannon load against them.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { BenchContext, BenchServer, LoadOptions, LoadResult } from './types.ts';

const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const DEFAULT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

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

export function createBenchContext(tmpDir: string, log: (l: string) => void): BenchContext {
  let n = 0;
  return {
    tmpDir,
    log,
    async startServer(opts = {}) {
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      const databaseUrl = opts.databaseUrl ?? `file:${join(tmpDir, `bench-${++n}.db`)}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env,
          PORT: String(port),
          PUBLIC_URL: baseURL,
          DATABASE_URL: databaseUrl,
          PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
          SEED_DEMO: '0',
          RATE_LIMITS: 'off',
          LOG_LEVEL: 'warn',
          ALLOW_PRIVATE_WEBHOOKS: '1',
          ...opts.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`bench server exited:\n${output}`);
        try {
          if ((await fetch(`${baseURL}/health`)).ok) break;
        } catch {
          // starting
        }
        if (Date.now() > deadline) throw new Error(`bench server did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const server: BenchServer = {
        baseURL,
        databaseUrl,
        platformToken: PLATFORM_TOKEN,
        load: (o) => runLoad(baseURL, o),
        baseline: (connections = 20) => runLoad(baseURL, { path: '/livez', connections }),
        stop: async () => {
          child.kill('SIGTERM');
          await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
        },
      };
      return server;
    },
  };
}
