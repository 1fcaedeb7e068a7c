import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { kbTenant, type KbTenant } from './test-fixtures.ts';

let h: Harness;
let a: KbTenant;
beforeAll(async () => {
  h = await createHarness();
  a = await kbTenant(h);
});
afterAll(() => h.close());

const preview = (body: unknown, as: { cookie?: string; token?: string } = a.as) =>
  h.json('POST', '/api/v1/kb/preview', { ...as, body });

const TABLE_AND_IMAGE = `# Sizes

| Size | Chest |
| :--- | ---: |
| M | 96 cm |

![A boot](https://cdn.example/boot.png "Boot")

<script>alert(1)</script> <img src="javascript:alert(1)" onerror="x()"> [bad](javascript:alert(1))`;

describe('POST /kb/preview', () => {
  it('renders a table and an image exactly as publishing the article does', async () => {
    const r = await preview({ body: TABLE_AND_IMAGE });
    expect(r.status).toBe(200);
    expect(r.body.bodyHtml).toContain('<table>');
    expect(r.body.bodyHtml).toContain('<th align="left">Size</th>');
    expect(r.body.bodyHtml).toContain('<img src="https://cdn.example/boot.png" alt="A boot" title="Boot" />');
    expect(r.body.bodyHtml).not.toMatch(/<script|onerror|(src|href)="javascript:/);
    const published = await a.article({ title: 'Size chart', body: TABLE_AND_IMAGE, status: 'published' });
    expect(r.body.bodyHtml).toBe(published.bodyHtml);
    const widget = await h.json('GET', `/api/v1/widget/kb/articles/${published.id}`, a.widget);
    expect(widget.body.bodyHtml).toBe(r.body.bodyHtml);
  });

  it('saves nothing', async () => {
    const before = (await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM kb_articles'))!.n;
    await preview({ body: '# Draft only' });
    expect((await h.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM kb_articles'))!.n).toBe(before);
  });

  it('refuses a missing, oversized or extra field with 422, like the article body', async () => {
    for (const body of [{}, { body: 1 }, { body: 'x'.repeat(200 * 1024 + 1) }, { body: 'x', title: 'y' }]) {
      const r = await preview(body);
      expect(r.status).toBe(422);
      expect(r.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('is for people who write articles: kb:create or kb:update', async () => {
    const reader = await a.apiKey(['kb:read']);
    const denied = await preview({ body: 'x' }, { token: reader });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ permission: 'kb:create', anyOf: ['kb:create', 'kb:update'] });
    expect((await preview({ body: 'x' }, { token: await a.apiKey(['kb:update']) })).status).toBe(200);
    expect((await preview({ body: 'x' }, { token: await a.apiKey(['kb:create']) })).status).toBe(200);
    expect((await h.json('POST', '/api/v1/kb/preview', { body: { body: 'x' } })).status).toBe(401);
  });
});
