// At the ticket limit: the owner sees the limit named, what happens to customers' messages, and how many wait.
import { test, expect } from '../support/server.ts';
import { PLATFORM_TOKEN } from '../support/server.ts';
import { apiSession, seriousViolations, signIn, unique, widgetTicket } from './inbox-support.ts';

test('a reached ticket limit shows a status banner counting the held messages', async ({ page, server, request }) => {
  const platform = { authorization: `Bearer ${PLATFORM_TOKEN}` };
  const slug = unique('limit').replace(/\W+/g, '-');
  const owner = { email: `${slug}-owner@example.com`, password: 'limited owner 1' };
  const made = await request.post('/api/v1/tenants', {
    headers: platform,
    data: { name: 'Limited Co', plan: 'starter', owner: { name: 'Lee Limit', ...owner } },
  });
  expect(made.status(), await made.text()).toBe(201);
  const tenant = (await made.json()).tenant;
  const ownerApi = await apiSession(server.baseURL, owner);
  expect(
    (await ownerApi.patch(`/api/v1/tenants/${tenant.id}`, { data: { settings: { maxTickets: 1 } } })).status(),
  ).toBe(200);
  await ownerApi.dispose();
  const first = { subject: 'Within the limit', message: 'One', email: 'one@example.com' };
  await widgetTicket(server.baseURL, tenant.widgetKey, first);
  // Past the limit the visitor is still answered 201: the message is kept, not lost.
  await widgetTicket(server.baseURL, tenant.widgetKey, {
    subject: 'Past the limit',
    message: 'Two',
    email: 'two@example.com',
  });

  await signIn(page, owner);
  const banner = page.getByRole('status', { name: 'Plan limits' });
  await expect(banner).toContainText('Ticket limit reached: 1 of 1 tickets this period.');
  await expect(banner).toContainText('1 message is waiting for the limit to lift.');
  await expect(page.getByText('Within the limit')).toBeVisible();
  await expect(page.getByText('Past the limit')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});
