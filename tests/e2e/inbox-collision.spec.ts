// Two agents on one ticket (a widget ticket, not a chat), each in their own browser: each sees the other is viewing
// and typing, and the one who replies second is asked "A new message arrived: send anyway?" with the other's reply
// shown, then sends anyway.
import { expect } from '@playwright/test';
import { test } from '../support/server.ts';
import { apiSession, createAgent, signIn, unique, widgetTicket } from './inbox-support.ts';

test('presence badge (viewing and typing) and the send-anyway prompt between two agents', async ({
  browser,
  server,
}) => {
  const owner = await apiSession(server.baseURL);
  const second = await createAgent(owner, 'agent');
  const subject = unique('Blender hums');
  const { ticket } = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject,
    message: 'It hums the national anthem.',
    email: 'hum@example.com',
    name: 'Hana',
  });

  const dana = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
  const agent = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
  await signIn(dana);
  await signIn(agent, second);
  await dana.goto(`/inbox/#/tickets/${ticket.id}`);
  await expect(dana.getByRole('heading', { name: subject })).toBeVisible();
  await agent.goto(`/inbox/#/tickets/${ticket.id}`);
  await expect(agent.getByRole('heading', { name: subject })).toBeVisible();

  // Each sees the other: the second agent from the heartbeat's answer, Dana from the live signal.
  await expect(agent.getByText('Dana Demo is viewing')).toBeVisible();
  await expect(dana.getByText('Agent Person is viewing')).toBeVisible();
  await dana.screenshot({ path: 'test-results/collision-presence.png' });

  // Dana starts writing: the other agent sees it; then they write too, and Dana sees them typing.
  await dana.locator('#reply-body').fill('Have you tried turning it off?');
  const agentPresence = agent.locator('.presence');
  await expect(agentPresence).toHaveText('Dana Demo is viewing · Dana Demo is typing…');
  await expect(dana.locator('.presence')).not.toContainText('typing');
  await agent.locator('#reply-body').fill('Please send us a video of the humming.');
  await expect(dana.locator('.presence')).toHaveText('Agent Person is viewing · Agent Person is typing…');
  await agent.screenshot({ path: 'test-results/collision-typing.png' });
  // The other agent answers first: their typing ends with the reply.
  await agent.getByRole('button', { name: 'Send reply' }).click();
  await expect(agent.getByText('Reply sent.')).toBeVisible();
  await expect(dana.locator('.presence')).toHaveText('Agent Person is viewing');

  await dana.getByRole('button', { name: 'Send reply' }).click();
  const prompt = dana.getByRole('alertdialog', { name: 'A new message arrived: send anyway?' });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByText('Please send us a video of the humming.')).toBeVisible();
  await dana.screenshot({ path: 'test-results/collision-prompt.png' });
  await prompt.getByRole('button', { name: 'Send anyway' }).click();
  await expect(prompt).toBeHidden();
  await expect(dana.getByText('Reply sent.')).toBeVisible();
  await expect(dana.locator('.thread').getByText('Have you tried turning it off?')).toBeVisible();
});

test('snooze a ticket until the customer replies: badge, Wake now, the Snoozed view', async ({ page, server }) => {
  const subject = unique('Kettle sulks');
  const { ticket } = await widgetTicket(server.baseURL, server.demo.widgetKey, {
    subject,
    message: 'It refuses to boil on Mondays.',
    email: 'sulk@example.com',
    name: 'Sol',
  });
  await signIn(page);
  await page.goto(`/inbox/#/tickets/${ticket.id}`);
  await page.getByRole('button', { name: 'Snooze', exact: true }).click();
  await page
    .getByRole('group', { name: 'Snooze until' })
    .getByRole('button', { name: 'Until the customer replies' })
    .click();
  await expect(page.getByText('Snoozed until the customer replies')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Wake now' })).toBeVisible();
  await page.screenshot({ path: 'test-results/snoozed-ticket.png' });

  await page.goto('/inbox/#/');
  await page
    .getByRole('navigation', { name: 'Ticket views' })
    .getByRole('button', { name: /^Snoozed/ })
    .click();
  await expect(page.getByText(subject)).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Ticket views' })
    .getByRole('button', { name: /^All open/ })
    .click();
  await expect(page.getByText(subject)).toBeHidden();
});
