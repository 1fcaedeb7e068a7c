// Starts `server/main.ts` as a child process on a free port and waits until /health answers (tests and bench).
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../server/test-support/free-port.ts';

export { freePort };

export interface SpawnedServer {
  baseURL: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `env` is added to the parent's environment; PORT, HOST and PUBLIC_URL are chosen here. */
export async function spawnServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  host = 'localhost',
): Promise<SpawnedServer> {
  const port = await freePort();
  const baseURL = `http://${host}:${port}`;
  // SERVER_CPU_PROF=<dir>: each server writes a CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.SERVER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERVER_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseURL, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${baseURL}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseURL,
    port,
    child,
    output: () => output,
    stop: async () => {
      const exited = () => child.exitCode !== null || child.signalCode !== null;
      if (exited()) return;
      child.kill('SIGTERM');
      await new Promise((r) => (exited() ? r(null) : child.once('exit', r)));
    },
  };
}
