// Canned responses and macros in the inbox: save a shared reply in Settings, insert it with `/` (filled in for the
// customer), send it; save a macro and apply it to two ticked tickets from the bulk bar, and to one from its page.
import { test, expect } from '../support/server.ts';
import { screenshot, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

interface TicketRead {
  status: string;
  tags: string[];
  messages: { body: string; internal: boolean }[];
}

test('a shared canned response, found with / in the reply box, goes out with the customer’s name filled in', async ({
  page,
  server,
}) => {
  const shortcut = unique('thanks').replace(/\W+/g, '-').toLowerCase();
  const title = unique('Thanks for waiting');
  const made = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Parcel late'),
    message: 'Where is my parcel?',
    email: 'paula@example.com',
    name: 'Paula Customer',
  });

  await signIn(page);
  await page.goto('/inbox/#/settings/canned-responses');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Shortcut (optional)').fill(shortcut);
  await page
    .getByLabel('Text')
    .fill('Hi {{customer.name}}, thanks for waiting on ticket #{{ticket.number}}. {{agent.name}}');
  await page.getByLabel('Shared with the whole team (otherwise only you see it)').check();
  await page.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByText(`Added “${title}”.`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('Everyone');
  await screenshot(page, 'canned-settings');

  // An unknown placeholder is refused, naming it, beside the field.
  await page.getByLabel('Title').fill('Typo');
  await page.getByLabel('Text').fill('Hi {{customer.nmae}}');
  await page.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(page.getByText('unknown placeholder: {{customer.nmae}}')).toBeVisible();
  await expect(page.getByLabel('Text')).toHaveAttribute('aria-invalid', 'true');

  await page.goto(`/inbox/#/tickets/${made.ticket.id}`);
  const reply = page.getByLabel('Reply', { exact: true });
  // Typed key by key, as an agent would: `/` in the reply box is not the search shortcut.
  await reply.click();
  await reply.pressSequentially(`/${shortcut.slice(0, 6)}`);
  const list = page.getByRole('listbox', { name: 'Canned replies' });
  await expect(list).toBeVisible();
  const option = list.getByRole('option', { name: new RegExp(title) });
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await expect(reply).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'canned-picker');
  await reply.press('Enter');
  const me = (await (await page.request.get('/api/v1/me')).json()).agent.name as string;
  const text = `Hi Paula Customer, thanks for waiting on ticket #${made.ticket.number}. ${me}`;
  await expect(reply).toHaveValue(text);
  await expect(list).toBeHidden();
  await expect(reply).toBeFocused();
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent.')).toBeVisible();
  const read = (await (await page.request.get(`/api/v1/tickets/${made.ticket.id}`)).json()) as TicketRead;
  expect(read.messages.at(-1)).toMatchObject({ body: text, internal: false });

  // Escape closes the list and leaves what was typed.
  await reply.fill('/');
  await expect(list).toBeVisible();
  await reply.press('Escape');
  await expect(list).toBeHidden();
  await expect(reply).toHaveValue('/');
});

test('a macro applied to two ticked tickets replies to each customer, sets status and tags; and from a ticket page', async ({
  page,
  server,
}) => {
  const name = unique('Courier asked');
  const tag = unique('courier').replace(/\W+/g, '-').toLowerCase();
  const made = [];
  for (const who of ['Ana Alpha', 'Ben Beta', 'Cleo Gamma'])
    made.push(
      await widgetTicket(server.baseURL, server.demo.widgetKey, {
        subject: unique(`Lost parcel of ${who.split(' ')[0]}`),
        message: 'Help',
        email: `${who.split(' ')[0].toLowerCase()}@example.com`,
        name: who,
      }),
    );

  await signIn(page);
  await page.goto('/inbox/#/settings/macros');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Reply to the customer (optional)').fill('Dear {{customer.name}}, we asked the courier.');
  await page.getByLabel('Status').selectOption('pending');
  await page.getByLabel('Add tags').fill(tag);
  await page.getByRole('button', { name: 'Add macro' }).click();
  await expect(page.getByText(`Added “${name}”.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(
    `replies, status pending, tags +${tag}`,
  );
  await screenshot(page, 'macro-settings');

  await page.goto('/inbox/#/');
  await page.getByRole('button', { name: /All open/ }).click();
  for (const t of made.slice(0, 2)) await page.getByLabel(`Select ticket #${t.ticket.number}`).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');
  await bar.getByLabel('Macro to apply').selectOption({ label: name });
  await screenshot(page, 'macro-bulk');
  await bar.getByRole('button', { name: 'Apply macro' }).click();
  await expect(bar).toBeHidden();
  await expect(page.getByText(`Applied “${name}” to 2 tickets.`)).toBeVisible();

  const get = async (id: string) => (await (await page.request.get(`/api/v1/tickets/${id}`)).json()) as TicketRead;
  for (const [i, who] of ['Ana Alpha', 'Ben Beta'].entries()) {
    const t = await get(made[i].ticket.id);
    expect(t.status).toBe('pending');
    expect(t.tags).toContain(tag);
    expect(t.messages.at(-1)).toMatchObject({ body: `Dear ${who}, we asked the courier.`, internal: false });
  }
  const untouched = await get(made[2].ticket.id);
  expect([untouched.status, untouched.messages.length]).toEqual(['open', 1]);

  // From the ticket page: the menu is keyboard-reachable and says what it did.
  await page.goto(`/inbox/#/tickets/${made[2].ticket.id}`);
  await page.getByRole('button', { name: 'Apply macro ▾' }).click();
  await expect(page.getByRole('button', { name, exact: true })).toBeFocused();
  await screenshot(page, 'macro-menu');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Activity' }).or(page.locator('.activity'))).toContainText(
    `applied the macro “${name}”`,
  );
  const after = await get(made[2].ticket.id);
  expect(after.status).toBe('pending');
  expect(after.messages.at(-1)?.body).toBe('Dear Cleo Gamma, we asked the courier.');
});
