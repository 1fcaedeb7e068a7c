// Starts Debian's redis-server on loopback, a free port and its own temp dir, with nothing persisted (tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../mail/outbound-test-support.ts';

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
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`${REDIS_SERVER} did not start (${e.message}); install redis-server`))),
  );
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
    if (await Promise.race([ping(port), spawnError])) break;
    if (i > 200) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
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
