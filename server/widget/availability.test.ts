import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type TestClock } from '../test-support/harness.ts';

let h: Harness;
let clock: TestClock;
beforeEach(async () => {
  clock = testClock('2026-03-07T12:00:00.000Z'); // a Saturday
  h = await createHarness({ clock });
});
afterEach(() => h.close());

describe('widget config availability', () => {
  it('tells a visitor out of hours when the team is back, in their language; nothing while the team is in', async () => {
    const t = await h.signup();
    const week = { open: '09:00', close: '17:00' };
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        settings: {
          businessHours: {
            timezone: 'Europe/Berlin',
            schedule: { mon: week, tue: week, wed: week, thu: week, fri: week, sat: null, sun: null },
          },
        },
      },
    });
    const key = { headers: { 'x-widget-key': t.tenant.widgetKey } };
    const away = await h.json('GET', '/api/v1/widget/config', key);
    expect(away.body.availability).toMatchObject({ open: false, opensAt: '2026-03-09T08:00:00.000Z' });
    expect(away.body.availability.message).toMatch(/^We're away right now\. We'll reply from Monday/);
    const de = await h.json('GET', '/api/v1/widget/config?locale=de', key);
    expect(de.body.availability.message).toMatch(/Montag/);

    clock.set('2026-03-09T10:00:00.000Z');
    const open = await h.json('GET', '/api/v1/widget/config', key);
    expect(open.body.availability).toEqual({ open: true, opensAt: null, message: null });
  });

  it('is always open without business hours', async () => {
    const t = await h.signup();
    const cfg = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(cfg.body.availability).toEqual({ open: true, opensAt: null, message: null });
  });
});
