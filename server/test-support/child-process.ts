// The servers tests start from Debian's packages (redis-server, nginx, pebble, caddy, …): spawned with their output
// kept for the error message, waited on until they answer, and killed at the end.
import { spawn, type ChildProcess } from 'node:child_process';

export interface TestChild {
  child: ChildProcess;
  output: () => string;
}

/** `hint`: what to install when the binary is missing, shown in the error. */
export function startChild(
  bin: string,
  args: string[],
  opts: { env?: Record<string, string>; hint?: string } = {},
): TestChild {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  child.once('error', (e) => (output += `\n${bin} did not start: ${e.message}${opts.hint ? `; ${opts.hint}` : ''}`));
  return { child, output: () => output };
}

/** Polls `ok` every 25 ms (10 s at most); throws with the child's output if it exits or never answers. */
export async function waitUntil(what: string, c: TestChild, ok: () => Promise<boolean>, detail = () => '') {
  for (let i = 0; i < 400; i++) {
    if (c.child.exitCode !== null) throw new Error(`${what} exited:\n${c.output()}${detail()}`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  c.child.kill('SIGKILL');
  throw new Error(`${what} did not answer:\n${c.output()}${detail()}`);
}

export async function stopChild(c: TestChild | undefined, signal: NodeJS.Signals = 'SIGKILL') {
  if (!c || c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill(signal);
  await new Promise((r) => c.child.once('exit', r));
}
