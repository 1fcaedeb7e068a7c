// CSAT in the widget: the visitor's thread is open when the agent resolves the ticket through the API; "How did we
// do?" appears live over the visitor's stream, the visitor rates Good with a comment and is thanked, the rating
// stays after a reload (no second question), and the agent sees it on the inbox ticket page.
import { test, expect, dialog, launcher } from '../support/widget-host.ts';
import { apiSession, seriousViolations, signIn, unique } from './inbox-support.ts';

test('resolved while the visitor watches: rate Good in the widget, see it after reload and in the inbox', async ({
  page,
  browser,
  host,
  server,
}) => {
  const agent = await apiSession(server.baseURL);
  const me = await (await agent.get('/api/v1/me')).json();
  const setCsat = (enabled: boolean) =>
    agent.patch(`/api/v1/tenants/${me.tenant.id}`, { data: { settings: { csat: { enabled } } } });
  expect((await setCsat(true)).status()).toBe(200);
  try {
    await page.clock.install();
    const url = await host('plain.html');
    await page.goto(url);
    const subject = unique('Stove will not light');
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'Contact us', exact: true }).click();
    await dialog(page).getByLabel('Name').fill('Cora Camper');
    await dialog(page).getByLabel('Email').fill('cora@example.com');
    await dialog(page).getByLabel('Subject').fill(subject);
    await dialog(page).getByLabel('Message').fill('The igniter clicks but nothing happens.');
    await page.clock.fastForward(3000); // a person takes a few seconds; the server refuses instant forms
    await dialog(page).getByRole('button', { name: 'Send' }).click();
    await expect(dialog(page).getByRole('heading', { name: 'Thanks, we got your request' })).toBeVisible();
    await dialog(page).getByRole('button', { name: 'View my tickets' }).click();
    await dialog(page)
      .getByRole('button', { name: new RegExp(subject) })
      .click();
    await expect(dialog(page).getByRole('heading', { name: subject })).toBeVisible();
    await expect(dialog(page).getByText('How did we do?')).toHaveCount(0);

    // The agent answers and resolves it through the API while the thread is on screen.
    const list = (await (await agent.get('/api/v1/tickets?limit=100')).json()).data as {
      id: string;
      subject: string;
    }[];
    const id = list.find((t) => t.subject === subject)!.id;
    expect(
      (
        await agent.post(`/api/v1/tickets/${id}/messages`, { data: { body: 'Clean the jet; it works again.' } })
      ).status(),
    ).toBe(201);
    expect((await agent.patch(`/api/v1/tickets/${id}`, { data: { status: 'resolved' } })).status()).toBe(200);

    const rate = dialog(page).getByRole('region', { name: 'How did we do?' });
    await expect(rate).toBeVisible({ timeout: 10_000 });
    await expect(dialog(page).locator('.meta .status')).toHaveText('Resolved');
    await rate.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and kind.');
    await page.screenshot({ path: test.info().outputPath('widget-csat-question.png'), animations: 'disabled' });
    expect(await seriousViolations(page)).toEqual([]);
    await rate.getByRole('button', { name: 'Good' }).click();
    const thanks = dialog(page).getByText('Thanks for your rating: Good');
    await expect(thanks).toBeVisible();
    await expect(thanks).toBeFocused();
    await expect(rate).toBeHidden();
    await page.screenshot({ path: test.info().outputPath('widget-csat-thanks.png'), animations: 'disabled' });

    // After a reload the thread shows the rating given, and asks no more.
    await page.reload();
    await launcher(page).click();
    await dialog(page).getByRole('button', { name: 'My tickets', exact: true }).click();
    await dialog(page)
      .getByRole('button', { name: new RegExp(subject) })
      .click();
    await expect(dialog(page).getByText('Thanks for your rating: Good')).toBeVisible();
    await expect(dialog(page).getByText('Quick and kind.')).toBeVisible();
    await expect(dialog(page).getByRole('button', { name: 'Good' })).toHaveCount(0);

    // The agent sees it on the ticket page.
    const inbox = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
    await signIn(inbox);
    await inbox.goto(`/inbox/#/tickets/${id}`);
    const card = inbox.getByRole('region', { name: 'Satisfaction' });
    await expect(card).toContainText('Good');
    await expect(card).toContainText('Quick and kind.');
  } finally {
    await setCsat(false);
  }
});
