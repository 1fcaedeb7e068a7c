// Helpers for the inbox specs: sign in through the form, API sessions for "other people", widget calls, axe, screenshots.
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_LOGIN } from '../support/server.ts';

export async function signIn(page: Page, creds: { email: string; password: string } = DEMO_LOGIN) {
  await page.goto('/inbox/');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** A cookie session as another browser would hold it (same-origin Origin header for writes). */
/**
 * A visitor files a ticket through the real widget on the demo shop, as a person would; answers the widget's
 * dialog, showing the confirmation. The server refuses forms sent faster than a person types, so the page's
 * clock is installed and moved on before sending.
 */
export async function fileInDemoWidget(
  visitor: Page,
  baseURL: string,
  form: { name: string; email: string; subject: string; message: string },
) {
  await visitor.clock.install();
  await visitor.goto(`${baseURL}/demo`);
  await visitor.getByRole('button', { name: 'Help', exact: true }).click();
  const widget = visitor.getByRole('dialog');
  await widget.getByRole('button', { name: 'Contact us' }).click();
  await widget.getByLabel('Name').fill(form.name);
  await widget.getByLabel('Email').fill(form.email);
  await widget.getByLabel('Subject').fill(form.subject);
  await widget.getByLabel('Message').fill(form.message);
  await visitor.clock.fastForward(3000);
  await widget.getByRole('button', { name: /send|submit/i }).click();
  await expect(widget.getByText('we got your request')).toBeVisible();
  return widget;
}

export async function apiSession(
  baseURL: string,
  creds: { email: string; password: string } = DEMO_LOGIN,
): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await ctx.post('/api/v1/auth/login', { data: creds });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

export async function me(
  api: APIRequestContext,
): Promise<{ agent: { id: string }; tenant: { id: string; widgetKey: string } }> {
  return (await api.get('/api/v1/me')).json();
}

let seq = 0;
/** A subject no other test in this worker uses. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Creates a second agent with a password (owner session required) and returns its login. */
export async function createAgent(owner: APIRequestContext, roleId: string) {
  const email = `${roleId}-${Date.now().toString(36)}${(seq++).toString(36)}@example.com`;
  const creds = { email, password: 'second-agent-password' };
  const res = await owner.post('/api/v1/agents', {
    data: { name: `${roleId[0].toUpperCase()}${roleId.slice(1)} Person`, email, roleId, password: creds.password },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { ...creds, id: (await res.json()).id as string };
}

/** Files a ticket the way the widget does (publishable key), returning the ticket and the visitor token. */
export async function widgetTicket(
  baseURL: string,
  widgetKey: string,
  body: { subject: string; message: string; email: string; name?: string },
) {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-widget-key': widgetKey } });
  const res = await ctx.post('/api/v1/widget/tickets', { data: body });
  expect(res.status(), await res.text()).toBe(201);
  const json = await res.json();
  await ctx.dispose();
  return json as { ticket: { id: string; number: number }; visitorToken: string };
}

/** What a visitor's widget may read: their tickets with public messages only. */
export async function visitorTickets(baseURL: string, widgetKey: string, token: string) {
  const ctx = await request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-widget-key': widgetKey, authorization: `Bearer ${token}` },
  });
  const res = await ctx.get('/api/v1/widget/tickets');
  expect(res.status()).toBe(200);
  const json = await res.json();
  await ctx.dispose();
  return json.data as { id: string; messages: { body: string; internal?: boolean }[] }[];
}

/** Axe findings of serious or critical impact, as readable strings (empty when clean). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A screenshot at the given size in the test's output folder (for looking at, not comparing): the whole page on a desktop, the first screen on a phone. */
export async function screenshot(page: Page, name: string, size = DESKTOP) {
  await page.setViewportSize(size);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: size.width >= DESKTOP.width });
}

/** A tenant of its own (signup), so a spec can change settings without touching the shared demo tenant. */
export async function ownTenant(baseURL: string, label: string) {
  const email = `${unique(label).replace(/\W+/g, '-')}@example.com`;
  const password = `${label} password 1`;
  const res = await fetch(`${baseURL}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantName: `${label} Co`,
      name: `${label[0].toUpperCase()}${label.slice(1)} Owner`,
      email,
      password,
    }),
  });
  expect(res.status).toBe(201);
  const body = await res.json();
  return {
    email,
    password,
    tenant: body.tenant as { id: string; widgetKey: string },
    agent: body.agent as { id: string },
  };
}
