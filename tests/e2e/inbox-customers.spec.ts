// Customers: the directory with search and paging, a customer's profile with their tickets, linked from the ticket page.
import { test, expect } from '../support/server.ts';
import { apiSession, PHONE, screenshot, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

test('find a customer by name, open their profile and tickets, correct their name; page through the directory', async ({
  page,
  server,
}) => {
  const prefix = unique('zed').replace(/\W+/g, '').toLowerCase();
  const email = `${prefix}-main@example.com`;
  const filed = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Leaky tent'),
    message: 'Water came in.',
    email,
    name: `${prefix} Zimmer`,
  });
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Second question'),
    message: 'And the pegs?',
    email,
  });
  const api = await apiSession(server.baseURL);
  for (let i = 0; i < 26; i++)
    expect(
      (
        await api.post('/api/v1/customers', { data: { email: `${prefix}-${String(i).padStart(2, '0')}@example.com` } })
      ).status(),
    ).toBe(201);

  await signIn(page);
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(prefix);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.getByRole('list', { name: 'Customers' }).getByRole('listitem');
  await expect(rows).toHaveCount(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(27);
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'customers-desktop');
  await screenshot(page, 'customers-phone', PHONE);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByLabel('Search customers').fill(`${prefix} zim`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(1);
  await rows.getByRole('link', { name: `${prefix} Zimmer` }).click();

  await expect(page.getByRole('heading', { level: 1, name: `${prefix} Zimmer` })).toBeVisible();
  const profile = page.getByRole('region', { name: 'Profile' });
  await expect(profile).toContainText(email);
  await expect(profile).toContainText('Customer since');
  const tickets = page.getByRole('region', { name: 'Tickets' });
  await expect(tickets.getByRole('listitem')).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'customer-profile-desktop');
  await screenshot(page, 'customer-profile-phone', PHONE);
  await page.setViewportSize({ width: 1280, height: 800 });

  await profile.getByRole('button', { name: 'Edit customer' }).click();
  await profile.getByLabel('Name').fill('Zoe Zimmer');
  await profile.getByRole('button', { name: 'Save customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zoe Zimmer' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Zoe Zimmer' })).toBeVisible();

  // From the profile to one of their tickets, and from the ticket's customer card back to the profile.
  await tickets.getByRole('link', { name: /Leaky tent/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/tickets/${filed.ticket.id}$`));
  await page.getByRole('region', { name: 'Customer' }).getByRole('link', { name: 'Customer profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zoe Zimmer' })).toBeVisible();
  const requesterId = (await (await api.get(`/api/v1/tickets/${filed.ticket.id}`)).json()).requester.id;
  expect((await (await api.get(`/api/v1/customers/${requesterId}`)).json()).name).toBe('Zoe Zimmer');
  await api.dispose();
});
