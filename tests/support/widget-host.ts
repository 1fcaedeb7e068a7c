// Host pages for widget specs: tests/fixtures/*.html served by a real loopback server on its own port
// (so the page is cross-origin to the Helpdesk server, like a customer's site), the one snippet pasted in and its
// placeholders filled.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { test as base, expect, type RunningServer } from './server.ts';

export interface HostOptions {
  headers?: Record<string, string>;
  locale?: string;
  nonce?: string;
}

/** The snippet the Install page hands out (with a theme), pasted where a fixture says HELPDESK_SNIPPET. */
const SNIPPET = `window.HelpDeskConfig = {
        tenantId: 'TENANT_ID',
        apiKey: 'hd_pk_…',
        locale: 'LOCALE',
        theme: { primaryColor: '#2563eb', position: 'bottom-right' },
        features: { ticketSubmission: true, knowledgeBase: true, liveChat: false },
      };
      (function () {
        var s = document.createElement('script');
        s.src = 'PUBLIC_URL/embed.js';
        s.async = true;
        document.head.appendChild(s);
      })();`;

export function fixtureHtml(name: string, server: RunningServer, o: HostOptions = {}): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .replace('/* HELPDESK_SNIPPET */', SNIPPET)
    .replaceAll('TENANT_ID', server.demo.tenantId)
    .replaceAll('hd_pk_…', server.demo.widgetKey)
    .replaceAll('PUBLIC_URL', server.baseURL)
    .replaceAll('NONCE', o.nonce ?? 'n0nce')
    .replaceAll('LOCALE', o.locale ?? 'en')
    .replaceAll('LANG', o.locale ?? 'en');
}

interface HostServer {
  origin: string;
  pages: Map<string, { body: string; headers: Record<string, string> }>;
}

export const test = base.extend<
  { host: (name: string, o?: HostOptions) => Promise<string> },
  { hostServer: HostServer }
>({
  hostServer: [
    async ({}, use) => {
      const pages: HostServer['pages'] = new Map();
      const srv: Server = createServer((req, res) => {
        const p = pages.get(req.url ?? '');
        if (!p) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...p.headers }).end(p.body);
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const { port } = srv.address() as { port: number };
      await use({ origin: `http://127.0.0.1:${port}`, pages });
      await new Promise((r) => srv.close(r));
    },
    { scope: 'worker' },
  ],
  /** Serves fixture `name` on the host origin and returns its URL. */
  host: async ({ hostServer, server }, use) => {
    await use(async (name, o = {}) => {
      const path = `/${test.info().testId}/${name}`;
      hostServer.pages.set(path, { body: fixtureHtml(name, server, o), headers: o.headers ?? {} });
      return hostServer.origin + path;
    });
  },
});
export { expect };
export type { RunningServer };

/** The widget's shadow host; Playwright locators pierce its open shadow root. */
export const widget = (page: Page) => page.locator('helpdesk-widget');
export const launcher = (page: Page) => widget(page).getByRole('button', { name: /^Help/ });
export const dialog = (page: Page) => widget(page).getByRole('dialog');
