// The embed on an aggressive page: nothing of the page's CSS gets in, nothing of the widget gets out.
import { test, expect, dialog, launcher, widget } from '../support/widget-host.ts';

test.describe('embed on a hostile page', () => {
  test.beforeEach(async ({ page, host }) => {
    await page.goto(await host('hostile.html'));
    await expect(launcher(page)).toBeVisible();
  });

  test('ignores the page CSS, the 10px root font size, and stays above a max-z-index header', async ({ page }) => {
    const launcherStyle = await launcher(page).evaluate((el) => {
      const cs = getComputedStyle(el);
      return {
        fontSize: cs.fontSize,
        family: cs.fontFamily,
        height: el.getBoundingClientRect().height,
        transform: cs.textTransform,
      };
    });
    expect(launcherStyle).toMatchObject({ fontSize: '15px', height: 52, transform: 'none' });
    expect(launcherStyle.family).not.toContain('Comic');

    await launcher(page).click();
    await expect(dialog(page)).toBeVisible();
    const box = (await dialog(page).boundingBox())!;
    expect(Math.round(box.width)).toBe(384);
    // The page queued a prefill with a subject, so the panel opens on the form, focus in its first field.
    const name = dialog(page).getByLabel('Name');
    await expect(name).toBeFocused();
    expect(await name.evaluate((el) => getComputedStyle(el).fontSize)).toBe('14px');
    // The panel's top reaches under the page's fixed header; the close button must still take the click.
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await expect(dialog(page)).toBeHidden();
    await page.screenshot({ path: test.info().outputPath('hostile-closed.png') });
  });

  test('replays queued calls, adds no global but HelpDesk, and shifts no layout', async ({ page }) => {
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __events: string[] }).__events))
      .toContain('ready');
    const added = await page.evaluate(() => {
      const before = new Set((window as unknown as { __globalsBefore: string[] }).__globalsBefore);
      return Object.keys(window).filter((k) => !before.has(k));
    });
    // Everything but HelpDesk was put there by the page itself.
    expect(added.sort()).toEqual(['HelpDesk', 'HelpDeskConfig', '__events', '__globalsBefore'].sort());

    const host = await widget(page).evaluate((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        w: r.width,
        h: r.height,
        open: el.shadowRoot?.mode,
        styles: el.shadowRoot?.querySelectorAll('style').length,
        sheets: el.shadowRoot?.adoptedStyleSheets.length,
        // The page's !important rules on the element itself lose to the shadow's `:host { all: initial !important }`.
        css: [cs.position, cs.margin, cs.padding, cs.borderWidth, cs.opacity, cs.visibility, cs.transform, cs.filter],
      };
    });
    expect(host).toEqual({
      w: 0,
      h: 0,
      open: 'open',
      styles: 0,
      sheets: 1,
      css: ['fixed', '0px', '0px', '0px', '1', 'visible', 'none', 'none'],
    });

    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us' }).click();
    await expect(dialog(page).getByLabel('Name')).toHaveValue('Queued Visitor');
    await expect(dialog(page).getByLabel('Subject')).toHaveValue('Queued before load');
    await page.screenshot({ path: test.info().outputPath('hostile-open.png') });

    const layout = () =>
      page.evaluate(() => ({
        main: JSON.stringify(document.querySelector('main')!.getBoundingClientRect()),
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
    const withWidget = await layout();
    await page.evaluate(() => window.HelpDesk!('destroy'));
    await expect(widget(page)).toHaveCount(0);
    expect(await layout()).toEqual(withWidget);
    expect(await page.evaluate(() => 'HelpDesk' in window)).toBe(false);
  });

  test('destroy removes listeners and stored data, and a fresh load works', async ({ page, server }) => {
    await page.evaluate(() => {
      (window as unknown as { __after: number }).__after = 0;
      window.HelpDesk!('on', 'open', () => (window as unknown as { __after: number }).__after++);
      window.HelpDesk!('destroy');
    });
    await expect(widget(page)).toHaveCount(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('helpdesk')))).toEqual([]);
    await page.evaluate((src) => {
      const s = document.createElement('script');
      s.src = src;
      document.head.appendChild(s);
    }, `${server.baseURL}/embed.js`);
    await expect(launcher(page)).toBeVisible();
    await launcher(page).click();
    await expect(dialog(page)).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __after: number }).__after)).toBe(0); // the old handler went with destroy
  });
});
