// Playwright fixtures for the mail specs: a real SMTP server capturing what Helpdesk sends, and a Helpdesk
// server (one per worker) that sends to it, with any extra environment the spec needs.
import { test as base } from '@playwright/test';
import { startServer, type RunningServer } from './server.ts';
import { startCaptureSmtp, type CaptureSmtp } from '../../server/mail/outbound-test-support.ts';

export function mailTest(extraEnv: () => Promise<Record<string, string>> = async () => ({})) {
  return base.extend<object, { smtp: CaptureSmtp; serverEnv: Record<string, string>; server: RunningServer }>({
    smtp: [
      async ({}, use) => {
        const smtp = await startCaptureSmtp();
        await use(smtp);
        await smtp.close();
      },
      { scope: 'worker' },
    ],
    serverEnv: [async ({}, use) => use(await extraEnv()), { scope: 'worker' }],
    server: [
      async ({ smtp, serverEnv }, use) => {
        const s = await startServer({ SMTP_URL: smtp.url, MAIL_FROM: 'help@helpdesk.test', ...serverEnv });
        await use(s);
        await s.stop();
      },
      { scope: 'worker' },
    ],
    baseURL: async ({ server }, use) => use(server.baseURL),
  });
}
