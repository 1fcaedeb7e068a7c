// Webhooks: send a test delivery, read what was sent and answered, change the events, rotate the secret (shown once).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { test, expect } from '../support/server.ts';
import { screenshot, seriousViolations, signIn } from './inbox-support.ts';

/** A receiver on 127.0.0.1 (the e2e server allows private webhook URLs) that answers 200 "thanks". */
async function receiver() {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks, got it');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    got,
    close: () => new Promise((r) => server.close(r)),
  };
}

test('an admin tests an endpoint, reads the delivery, changes its events and rotates its secret', async ({
  page,
  server,
}) => {
  const rx = await receiver();
  await signIn(page);
  await page.goto('/inbox/#/settings/webhooks');
  await page.getByLabel('Endpoint URL').fill(rx.url);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const firstSecret = (await page
    .getByRole('status')
    .filter({ hasText: 'Endpoint added' })
    .locator('code')
    .textContent())!;
  expect(firstSecret).toMatch(/^whsec_/);
  const card = page.locator('li.card', { hasText: rx.url });
  const hookId = (await (await page.request.get('/api/v1/webhooks')).json()).data.find(
    (w: { url: string }) => w.url === rx.url,
  ).id;

  try {
    await card.getByRole('button', { name: 'Send test' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Test delivered' })).toContainText(/HTTP 200 in \d+ ms/);
    expect(rx.got).toHaveLength(1);
    expect(new Webhook(firstSecret).verify(rx.got[0].body, rx.got[0].headers as Record<string, string>)).toMatchObject({
      type: 'webhook.ping',
    });

    // The log opened with the ping; its details show the exact body sent and what the receiver answered.
    const row = card.getByRole('row', { name: /webhook\.ping/ });
    await row.getByRole('button', { name: 'Details' }).click();
    const sent = card.getByLabel('Request body');
    await expect(sent).toContainText('"type": "webhook.ping"');
    expect(JSON.parse((await sent.textContent())!)).toEqual(JSON.parse(rx.got[0].body));
    await expect(card.getByLabel('Response body of attempt 1')).toHaveText('thanks, got it');
    await expect(card.locator('.attempts')).toContainText(/#1 · HTTP 200 in \d+ ms/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'webhooks-delivery-desktop');

    // Events: from ticket.created to ticket.resolved + message.created.
    await card.getByRole('button', { name: 'Edit events' }).click();
    const events = card.getByRole('form', { name: `Events of ${rx.url}` });
    await events.getByLabel('ticket.created', { exact: true }).uncheck();
    await events.getByLabel('ticket.resolved', { exact: true }).check();
    await events.getByLabel('message.created', { exact: true }).check();
    await events.getByRole('button', { name: 'Save events' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Events saved' })).toBeVisible();
    await page.reload();
    await expect(card).toContainText('ticket.resolved, message.created');
    expect((await (await page.request.get(`/api/v1/webhooks/${hookId}`)).json()).events).toEqual([
      'ticket.resolved',
      'message.created',
    ]);

    // Rotation: the new secret is shown once; deliveries now verify with it (and, for a day, with the old one).
    page.once('dialog', (d) => d.accept());
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    const newSecret = (await card.getByLabel('New signing secret').textContent())!;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(firstSecret);
    await expect(card).toContainText('old secret valid until');
    await card.getByRole('button', { name: 'Send test' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Test delivered' })).toBeVisible();
    const last = rx.got[rx.got.length - 1];
    expect(new Webhook(newSecret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.ping',
    });
    expect(new Webhook(firstSecret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.ping',
    });
    await page.reload();
    await expect(page.getByText(newSecret)).toHaveCount(0);
  } finally {
    await page.request.delete(`/api/v1/webhooks/${hookId}`, { headers: { origin: server.baseURL } });
    await rx.close();
  }
});
