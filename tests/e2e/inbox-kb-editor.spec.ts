// The KB editor: language and slug, a table and an image previewed exactly as published, stats, delete, synonyms.
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/server.ts';
import { apiSession, signIn } from './inbox-support.ts';

// A 1×1 PNG, served by the test for the article's image URL: the page never reaches the internet.
async function seriousViolations(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test('edit language and slug, preview a table and an image as published, see the stats, delete with confirmation', async ({
  page,
  baseURL,
}) => {
  await page.route('https://cdn.example/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: PNG }),
  );
  await signIn(page);
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  // every article shows how visitors use it
  await expect(page.locator('.article-row').first()).toContainText(/\d+ views · \d+ helpful · \d+ not helpful/);

  await page.getByRole('link', { name: 'New article' }).click();
  const stamp = Date.now().toString(36);
  await page.getByLabel('Title').fill(`Grössentabelle ${stamp}`);
  await page.getByLabel('Language').fill('de');
  await page.getByLabel('Slug').fill(`groessen-${stamp}`);
  await page
    .getByLabel('Body (Markdown)')
    .fill(
      `| Grösse | Brust |\n| :--- | ---: |\n| M | 96 cm |\n| L | 104 cm |\n\n![Ein Stiefel](https://cdn.example/boot.png)\n\n<script>alert(1)</script>`,
    );
  const preview = page.locator('.editor-preview');
  await expect(preview.getByRole('table')).toBeVisible();
  await expect(preview.getByRole('cell', { name: '104 cm' })).toBeVisible();
  await expect(preview.getByRole('img', { name: 'Ein Stiefel' })).toHaveAttribute(
    'src',
    'https://cdn.example/boot.png',
  );
  await expect(preview.locator('script')).toHaveCount(0);
  const previewed = await preview.locator('.prose').innerHTML();

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.locator('.notice-ok')).toContainText('Saved as draft');
  await expect(page).toHaveURL(/#\/kb\/kba_/);
  const id = page.url().split('/').pop()!;
  await page.getByRole('button', { name: 'As saved' }).click();
  await expect(preview.getByRole('table')).toBeVisible();
  expect(await preview.locator('.prose').innerHTML()).toBe(previewed);
  await expect(page.getByLabel('Slug')).toHaveValue(`groessen-${stamp}`);
  await expect(page.getByRole('region', { name: 'How visitors use this article' })).toContainText('Views');
  await page.screenshot({ path: test.info().outputPath('kb-editor-table.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  const api = await apiSession(baseURL!);
  let saved = await (await api.get(`/api/v1/kb/articles/${id}`)).json();
  expect(saved).toMatchObject({ locale: 'de', slug: `groessen-${stamp}` });

  // change both: the article moves to English under a new slug
  await page.getByLabel('Language').fill('en');
  await page.getByLabel('Slug').fill(`size-chart-${stamp}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('.notice-ok')).toContainText('Saved');
  saved = await (await api.get(`/api/v1/kb/articles/${id}`)).json();
  expect(saved).toMatchObject({ locale: 'en', slug: `size-chart-${stamp}` });

  // a bad slug is refused with the server's reason, and nothing changes
  await page.getByLabel('Slug').fill('Not A Slug!');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/slug/i);
  expect((await (await api.get(`/api/v1/kb/articles/${id}`)).json()).slug).toBe(`size-chart-${stamp}`);

  // cancelling the confirmation keeps the article; accepting deletes it
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: 'Delete article' }).click();
  await expect(page.getByRole('heading', { name: 'Edit article' })).toBeVisible();
  expect((await api.get(`/api/v1/kb/articles/${id}`)).status()).toBe(200);
  page.once('dialog', (d) => {
    expect(d.message()).toContain(`Grössentabelle ${stamp}`);
    void d.accept();
  });
  await page.getByRole('button', { name: 'Delete article' }).click();
  await expect(page.getByRole('heading', { name: 'Knowledge base' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Grössentabelle ${stamp}` })).toHaveCount(0);
  expect((await api.get(`/api/v1/kb/articles/${id}`)).status()).toBe(404);
  await api.dispose();
});

test('search synonyms: add a word on the KB page and the widget finds the articles it means', async ({
  page,
  server,
  request,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  const card = page.getByRole('region', { name: 'Search synonyms' });
  // the demo shop's own synonyms are listed
  await expect(card.getByRole('textbox', { name: 'Word 1', exact: true })).toHaveValue('parcel');
  const word = `gaiter${Date.now().toString(36).replace(/\d/g, '')}`;
  const search = async () =>
    (
      await (
        await request.get(`/api/v1/widget/kb/search?q=${word}`, { headers: { 'x-widget-key': server.demo.widgetKey } })
      ).json()
    ).data.map((h: { title: string }) => h.title);
  expect(await search()).toEqual([]);
  await card.getByRole('button', { name: 'Add a word' }).click();
  const rows = card.locator('.synonym-row');
  const last = rows.last();
  await last.getByRole('textbox').first().fill(word);
  await last.getByRole('textbox').nth(1).fill('boots, hiking boots');
  await card.getByRole('button', { name: 'Save synonyms' }).click();
  await expect(card.getByRole('status')).toContainText('Synonyms saved');
  expect(await search()).toContain('Boot sizing guide');
  await page.screenshot({ path: test.info().outputPath('kb-synonyms.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  // a stopword is refused with the reason beside the form; what was saved stays
  await card.getByRole('button', { name: 'Add a word' }).click();
  await rows.last().getByRole('textbox').first().fill('the');
  await rows.last().getByRole('textbox').nth(1).fill('boots');
  await card.getByRole('button', { name: 'Save synonyms' }).click();
  await expect(card.getByRole('alert')).toContainText('stopword');
  await rows
    .last()
    .getByRole('button', { name: /Remove/ })
    .click();
  const kept = await rows.count();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Search synonyms' }).locator('.synonym-row')).toHaveCount(kept);
  await expect(
    page.getByRole('region', { name: 'Search synonyms' }).getByRole('textbox', { name: `Word ${kept}`, exact: true }),
  ).toHaveValue(word);
  expect(await search()).toContain('Boot sizing guide');
});
