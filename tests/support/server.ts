// Playwright fixture: starts a real Helpdesk server per worker (own port, own database, seeded demo tenant).
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PLATFORM_TOKEN = 'e2e-platform-token-0123456789';
export const DEMO_LOGIN = { email: 'demo@helpdesk.local', password: 'demo-password' };

export interface RunningServer {
  baseURL: string;
  port: number;
  /** Demo tenant id and widget key, read through the platform API. */
  demo: { tenantId: string; widgetKey: string };
  stop(): Promise<void>;
}

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

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-e2e-'));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseURL,
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      SEED_DEMO: '1',
      ALLOW_PRIVATE_WEBHOOKS: '1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const r = await fetch(`${baseURL}/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const tenants = await (await fetch(`${baseURL}/api/v1/tenants`, { headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } })).json();
  const demoTenant = tenants.data[0];
  return {
    baseURL,
    port,
    demo: { tenantId: demoTenant.id, widgetKey: demoTenant.widgetKey },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `server` is shared by the tests of one worker; tests that need isolation create their own tenant. */
export const test = base.extend<{}, { server: RunningServer }>({
  server: [
    async ({}, use) => {
      const s = await startServer();
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.baseURL),
});

export { expect } from '@playwright/test';
