// Hours & SLA: an admin picks a time zone, sets hours, holidays and SLA targets in hours; the API and the widget follow.
import { test, expect } from '../support/server.ts';
import { screenshot, seriousViolations, signIn } from './inbox-support.ts';

test('business hours and SLA targets set in the inbox are what the API and the widget use', async ({
  page,
  server,
}) => {
  await signIn(page);
  const tenantUrl = `/api/v1/tenants/${server.demo.tenantId}`;
  const before = (await (await page.request.get(tenantUrl)).json()).settings;
  const slaBefore = await (await page.request.get('/api/v1/sla-policies')).json();
  try {
    await page.goto('/inbox/#/settings/hours');
    // The time zone is picked, not typed: finding "berlin" leaves one zone, which is chosen.
    await page.getByLabel('Find a time zone').fill('berlin');
    await expect(page.getByText('1 matching zone')).toBeVisible();
    const zone = page.getByLabel('Time zone', { exact: true });
    await expect(zone).toHaveValue('Europe/Berlin');
    for (const d of ['Saturday', 'Sunday']) await page.getByLabel(`Open on ${d}`).uncheck();
    await page.getByLabel('Monday opens').fill('07:30');
    await page.getByLabel('Monday closes').fill('15:00');
    await page.getByLabel('Holidays').fill('2026-12-25\n2026-12-26');
    await page.getByLabel('Track SLA due times').check();
    await page.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const saved = (await (await page.request.get(tenantUrl)).json()).settings;
    expect(saved.slaEnabled).toBe(true);
    expect(saved.businessHours).toMatchObject({
      timezone: 'Europe/Berlin',
      // Monday as edited, Friday as it was (the form starts from the stored hours), the weekend closed
      schedule: {
        mon: { open: '07:30', close: '15:00' },
        fri: before.businessHours?.schedule?.fri ?? { open: '09:00', close: '17:00' },
        sat: null,
        sun: null,
      },
      holidays: ['2026-12-25', '2026-12-26'],
    });

    // SLA targets are entered in hours and stored in minutes.
    await page.getByLabel('urgent first response hours').fill('1.5');
    await page.getByLabel('urgent resolution hours').fill('4');
    await page.getByLabel('low resolution hours').fill('');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'New and re-prioritised tickets' })).toBeVisible();
    const sla = await (await page.request.get('/api/v1/sla-policies')).json();
    expect(sla.urgent).toEqual({ firstResponseMinutes: 90, resolutionMinutes: 240 });
    expect(sla.low.resolutionMinutes).toBeNull();

    // What is not a number of hours is refused before anything is sent, and the form keeps it.
    await page.getByLabel('high first response hours').fill('soon');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByRole('alert')).toHaveText('Please correct the marked field.');
    await expect(page.getByLabel('high first response hours')).toHaveAccessibleDescription(
      /^High first response must be a number of hours/,
    );
    await expect(page.getByLabel('high first response hours')).toHaveValue('soon');
    expect((await (await page.request.get('/api/v1/sla-policies')).json()).high).toEqual(sla.high);

    // After a reload: the picked zone and the hours as saved.
    await page.reload();
    await expect(page.getByLabel('Time zone', { exact: true })).toHaveValue('Europe/Berlin');
    await expect(page.getByLabel('urgent first response hours')).toHaveValue('1.5');

    // A zone from the full list, chosen from the keyboard.
    await page.getByLabel('Time zone', { exact: true }).selectOption('America/New_York');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    expect((await (await page.request.get(tenantUrl)).json()).settings.businessHours.timezone).toBe('America/New_York');

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'hours-desktop');

    // The widget config carries the hours (and says when the team is back when it is closed).
    const cfg = await (
      await page.request.get('/api/v1/widget/config', { headers: { 'x-widget-key': server.demo.widgetKey } })
    ).json();
    expect(cfg.businessHours.timezone).toBe('America/New_York');
    expect(typeof cfg.availability.open).toBe('boolean');
  } finally {
    // The worker's server is shared: put the demo tenant back as it was.
    await page.request.patch(tenantUrl, {
      data: { settings: { businessHours: before.businessHours ?? null, slaEnabled: before.slaEnabled ?? false } },
      headers: { origin: server.baseURL },
    });
    await page.request.put('/api/v1/sla-policies', { data: slaBefore, headers: { origin: server.baseURL } });
  }
});
