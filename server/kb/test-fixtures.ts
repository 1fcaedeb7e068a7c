// Test helpers for the knowledge base: a tenant with widget headers and one-line article/category creation.
import { expect } from 'vitest';
import type { Harness, SignedUp } from '../test-support/harness.ts';

export interface KbTenant extends SignedUp {
  widget: { headers: Record<string, string> };
  article(body: Record<string, unknown>): Promise<any>;
  category(body: Record<string, unknown>): Promise<any>;
}

export async function kbTenant(h: Harness): Promise<KbTenant> {
  const t = await h.signup();
  return {
    ...t,
    widget: { headers: { 'x-widget-key': t.tenant.widgetKey } },
    async article(body) {
      const r = await h.json('POST', '/api/v1/kb/articles', { ...t.as, body: { body: 'Some text.', ...body } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
    async category(body) {
      const r = await h.json('POST', '/api/v1/kb/categories', { ...t.as, body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    },
  };
}

/** Titles of search hits, best first. */
export async function searchTitles(
  h: Harness,
  path: string,
  opts: { cookie?: string; headers?: Record<string, string> },
) {
  const r = await h.json('GET', path, opts);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.data as { title: string }[]).map((d) => d.title);
}
