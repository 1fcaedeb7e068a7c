// Arabic renders right-to-left with the server-sent strings; German switches at run time with setLocale.
import { test, expect, dialog, widget } from '../support/widget-host.ts';

test('Arabic: right-to-left panel with Arabic labels', async ({ page, host }) => {
  await page.goto(await host('plain.html', { locale: 'ar' }));
  const l = widget(page).getByRole('button', { name: 'مساعدة' });
  await l.click();
  await expect(dialog(page)).toBeVisible();
  expect(await widget(page).evaluate((el) => el.shadowRoot!.querySelector('.root')!.getAttribute('dir'))).toBe('rtl');
  await dialog(page).getByRole('button', { name: 'اتصل بنا' }).click();
  const email = dialog(page).getByLabel('البريد الإلكتروني');
  await expect(email).toBeVisible();
  // Logical properties: the label's text starts at the right edge of its field.
  const { text, field } = await widget(page).evaluate((el) => {
    const r = document.createRange();
    r.selectNodeContents(el.shadowRoot!.querySelector('label[for=hd-email]')!);
    const t = r.getBoundingClientRect();
    const f = el.shadowRoot!.querySelector('#hd-email')!.getBoundingClientRect();
    return { text: { left: t.left, right: t.right }, field: { left: f.left, right: f.right } };
  });
  expect(Math.abs(text.right - field.right)).toBeLessThan(2);
  expect(text.left).toBeGreaterThan(field.left + 100);
  await page.screenshot({ path: test.info().outputPath('rtl.png'), animations: 'disabled' });
});

test('setLocale switches language and direction without a reload', async ({ page, host }) => {
  await page.goto(await host('plain.html', { locale: 'ar' }));
  await expect(widget(page).getByRole('button', { name: 'مساعدة' })).toBeVisible();
  await page.evaluate(() => window.HelpDesk!('setLocale', 'de-AT'));
  await widget(page).getByRole('button', { name: 'Hilfe' }).click();
  await expect(dialog(page).getByRole('searchbox', { name: 'Hilfe-Center durchsuchen' })).toBeFocused();
  expect(await widget(page).evaluate((el) => el.shadowRoot!.querySelector('.root')!.getAttribute('dir'))).toBe('ltr');
});
