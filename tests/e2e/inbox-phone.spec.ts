// On a phone (390×844) the inbox header is one row and the signed-in agent stays in reach.
import { test, expect } from '../support/server.ts';
import { DESKTOP, PHONE, signIn } from './inbox-support.ts';

test('on a 390 px phone the header is one row and the agent menu is visible, with name, role and sign out', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  await signIn(page);
  const header = page.locator('header.topbar');
  const agent = header.getByRole('button', { name: /Dana Demo/ });
  await expect(agent).toBeVisible();
  const box = (await agent.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);

  // One row: the brand, the links and the end of the bar share a line, and the bar is one line high.
  const rows = await header.evaluate((el) =>
    [...el.children].map((c) => {
      const r = c.getBoundingClientRect();
      return { top: Math.round(r.top), bottom: Math.round(r.bottom) };
    }),
  );
  const headerBox = (await header.boundingBox())!;
  expect(headerBox.height).toBeLessThanOrEqual(60);
  for (const r of rows) expect(r.top).toBeLessThan(rows[0].bottom);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' })).toBeVisible();
  await page.screenshot({ path: '/tmp/misc-phone-header.png' });

  await agent.click();
  await expect(page.locator('#agent-menu-panel')).toContainText('demo@helpdesk.local');
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeInViewport();
  await page.screenshot({ path: '/tmp/misc-phone-menu.png' });
  await page.keyboard.press('Escape');
  await expect(signOut).toBeHidden();
  await expect(agent).toBeFocused();
  await agent.click();
  await signOut.click();
  await expect(page.getByLabel('Password')).toBeVisible();

  // On a desktop the same button spells out the agent's name and role.
  await page.setViewportSize(DESKTOP);
  await signIn(page);
  await expect(page.locator('header.topbar .agent-name')).toHaveText('Dana Demo · Owner');
  await page.screenshot({
    path: '/tmp/misc-desktop-header.png',
    clip: { x: 0, y: 0, width: DESKTOP.width, height: 120 },
  });
});
