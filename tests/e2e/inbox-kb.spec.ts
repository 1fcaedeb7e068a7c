// Knowledge base in the inbox: a category, an article written in Markdown with a preview, published and found by the widget.
import { test, expect } from '../support/server.ts';
import { signIn, unique } from './inbox-support.ts';

test('write an article with a live preview, publish it, and the widget finds it; unpublish hides it', async ({
  page,
  server,
  request,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Knowledge base' }).click();
  const category = unique('Trail care');
  await page.getByLabel('New category name').fill(category);
  await page.getByRole('button', { name: 'Add category' }).click();
  await expect(page.locator('.cat-list')).toContainText(category);

  await page.getByRole('link', { name: 'New article' }).click();
  const word = `gaiters${Date.now().toString(36)}`;
  await page.getByLabel('Title').fill(`Cleaning ${word}`);
  await page.getByLabel('Category').selectOption({ label: category });
  await page
    .getByLabel('Body (Markdown)')
    .fill(`# Cleaning ${word}\n\nRinse with **cold** water.\n\n- brush\n- dry\n\n<script>alert(1)</script>`);
  const preview = page.locator('.editor-preview');
  await expect(preview.getByRole('heading', { name: `Cleaning ${word}` })).toBeVisible();
  await expect(preview.locator('strong')).toHaveText('cold');
  // the preview is the server's rendering: the script is dropped before saving, as it is once saved
  await expect(preview.locator('li')).toHaveCount(2);
  await expect(preview.locator('script')).toHaveCount(0);
  await expect(preview).not.toContainText('alert(1)');

  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('.notice-ok')).toContainText('published');
  await page.getByRole('button', { name: 'As saved' }).click();
  await expect(preview.locator('li')).toHaveCount(2);
  await expect(preview.locator('script')).toHaveCount(0);

  const search = () =>
    request
      .get(`/api/v1/widget/kb/search?q=${word}`, { headers: { 'x-widget-key': server.demo.widgetKey } })
      .then((r) => r.json());
  expect((await search()).data.map((h: { title: string }) => h.title)).toContain(`Cleaning ${word}`);

  await page.getByRole('button', { name: 'Unpublish' }).click();
  await expect(page.locator('.notice-ok')).toContainText('draft');
  expect((await search()).data).toEqual([]);
});
