// Playwright fixture: starts a real Helpdesk server per worker (own port, own database, seeded demo tenant).
import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../../scripts/spawn-server.ts';

export const PLATFORM_TOKEN = 'e2e-platform-token-0123456789';
export const DEMO_LOGIN = { email: 'demo@helpdesk.local', password: 'demo-password' };

export interface RunningServer {
  baseURL: string;
  port: number;
  /** Demo tenant id and widget key, read through the platform API. */
  demo: { tenantId: string; widgetKey: string };
  stop(): Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-e2e-'));
  const spawned = await spawnServer(
    {
      DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
      STORAGE_URL: `file:${join(dir, 'files')}`,
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      SEED_DEMO: '1',
      ALLOW_PRIVATE_WEBHOOKS: '1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    30_000,
  );
  const { baseURL, port } = spawned;
  const tenants = await (
    await fetch(`${baseURL}/api/v1/tenants`, { headers: { authorization: `Bearer ${PLATFORM_TOKEN}` } })
  ).json();
  const demoTenant = tenants.data[0];
  return {
    baseURL,
    port,
    demo: { tenantId: demoTenant.id, widgetKey: demoTenant.widgetKey },
    stop: async () => {
      await spawned.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `server` is shared by the tests of one worker; tests that need isolation create their own tenant. */
export const test = base.extend<object, { server: RunningServer }>({
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
