// Starts Debian's redis-server on loopback, a free port and its own temp dir, with nothing persisted (tests).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { startChild, waitUntil } from './child-process.ts';

export interface TestRedis {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGSTOP / SIGCONT: Redis stops answering without closing its connections, as a hung server does. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** Sends PING until the server answers PONG. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('error', () => resolve(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

/** `port`: a port to reuse (a restart of the same Redis, as clients see it); default a free one. */
export async function startRedis(port?: number): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-redis-'));
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const c = startChild(REDIS_SERVER, args, { hint: 'install redis-server' });
  const { child } = c;
  await waitUntil('redis-server', c, () => ping(port));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
