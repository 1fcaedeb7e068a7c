// SDK test support: the real app (harness database) listening on a real 127.0.0.1 port, a tenant and its API key.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createHarness, type Harness, type SignedUp } from '../../server/test-support/harness.ts';

export interface LiveServer {
  h: Harness;
  baseUrl: string;
  tenant: SignedUp;
  apiKey: string;
  close(): Promise<void>;
}

export async function startLiveServer(): Promise<LiveServer> {
  const h = await createHarness();
  const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const tenant = await h.signup();
  const apiKey = await tenant.apiKey();
  return {
    h,
    baseUrl: `http://127.0.0.1:${port}`,
    tenant,
    apiKey,
    close: async () => {
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
    },
  };
}

/** A sleep that waits for nothing and remembers what it was asked to wait. */
export function recordingSleep(onSleep: (ms: number) => void = () => {}) {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      onSleep(ms);
    },
  };
}

export const newTicket = (subject: string) => ({
  subject,
  message: `About ${subject}`,
  requester: { email: 'ada@example.com', name: 'Ada' },
});
