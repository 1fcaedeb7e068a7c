// The customer sidebar: an agent fixes a customer's name; an email that belongs to someone else is refused with the reason.
import { test, expect } from '../support/server.ts';
import { signIn, unique, widgetTicket } from './inbox-support.ts';

test('an agent corrects the customer on a ticket, and a taken email is refused without losing the form', async ({
  page,
  server,
}) => {
  const tag = unique('c').replace(/\W+/g, '');
  const mine = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Who am I'),
    message: 'm',
    email: `${tag}-a@example.com`,
  });
  await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject: unique('Someone else'),
    message: 'm',
    email: `${tag}-b@example.com`,
  });
  await signIn(page);
  await page.goto(`/inbox/#/tickets/${mine.ticket.id}`);
  const card = page.getByRole('region', { name: 'Customer' });
  await expect(card).toContainText('No name given');
  await card.getByRole('button', { name: 'Edit customer' }).click();
  await card.getByLabel('Name').fill('Carla Camper');
  await card.getByRole('button', { name: 'Save customer' }).click();
  await expect(card.locator('.customer-name')).toHaveText('Carla Camper');

  await card.getByRole('button', { name: 'Edit customer' }).click();
  await card.getByLabel('Email').fill(`${tag}-b@example.com`);
  await card.getByRole('button', { name: 'Save customer' }).click();
  await expect(card.getByRole('alert')).toContainText('already exists');
  await expect(card.getByLabel('Email')).toHaveValue(`${tag}-b@example.com`);
});
