// Hours & SLA: an admin sets business hours, holidays and SLA targets in the inbox; the API and the widget follow.
import { test, expect } from '../support/server.ts';
import { signIn } from './inbox-support.ts';

test('business hours and SLA targets set in the inbox are what the API and the widget use', async ({ page, server }) => {
  await signIn(page);
  const tenantUrl = `/api/v1/tenants/${server.demo.tenantId}`;
  const before = (await (await page.request.get(tenantUrl)).json()).settings;
  const slaBefore = await (await page.request.get('/api/v1/sla-policies')).json();
  try {
    await page.goto('/inbox/#/settings/hours');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    for (const d of ['Saturday', 'Sunday']) await page.getByLabel(`Open on ${d}`).uncheck();
    await page.getByLabel('Monday opens').fill('07:30');
    await page.getByLabel('Monday closes').fill('15:00');
    await page.getByLabel('Holidays').fill('2026-12-25\n2026-12-26');
    await page.getByLabel('Track SLA due times').check();
    await page.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('hours.png'), fullPage: true });

    const saved = (await (await page.request.get(tenantUrl)).json()).settings;
    expect(saved.slaEnabled).toBe(true);
    expect(saved.businessHours).toMatchObject({
      timezone: 'Europe/Berlin',
      // Monday as edited, Friday as it was (the form starts from the stored hours), the weekend closed
      schedule: { mon: { open: '07:30', close: '15:00' }, fri: before.businessHours?.schedule?.fri ?? { open: '09:00', close: '17:00' }, sat: null, sun: null },
      holidays: ['2026-12-25', '2026-12-26'],
    });

    await page.getByLabel('urgent first response minutes').fill('60');
    await page.getByLabel('urgent resolution minutes').fill('240');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'New and re-prioritised tickets' })).toBeVisible();
    const sla = await (await page.request.get('/api/v1/sla-policies')).json();
    expect(sla.urgent).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 240 });

    // A bad time zone is refused with the server's reason, and the form keeps what was typed.
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByRole('alert')).toContainText('IANA time zone');
    await expect(page.getByLabel('Time zone')).toHaveValue('Mars/Olympus');

    // The widget config carries the hours (and says when the team is back when it is closed).
    const cfg = await (await page.request.get('/api/v1/widget/config', { headers: { 'x-widget-key': server.demo.widgetKey } })).json();
    expect(cfg.businessHours.timezone).toBe('Europe/Berlin');
    expect(typeof cfg.availability.open).toBe('boolean');
  } finally {
    // The worker's server is shared: put the demo tenant back as it was.
    await page.request.patch(tenantUrl, { data: { settings: { businessHours: before.businessHours ?? null, slaEnabled: before.slaEnabled ?? false } }, headers: { origin: server.baseURL } });
    await page.request.put('/api/v1/sla-policies', { data: slaBefore, headers: { origin: server.baseURL } });
  }
});
