import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, localDayStart } from './business-hours.ts';

const weekdays = {
  mon: { open: '09:00', close: '17:00' },
  tue: { open: '09:00', close: '17:00' },
  wed: { open: '09:00', close: '17:00' },
  thu: { open: '09:00', close: '17:00' },
  fri: { open: '09:00', close: '17:00' },
  sat: null,
  sun: null,
};

describe('business hours', () => {
  it('counts round the clock without business hours', () => {
    expect(addBusinessMinutes(new Date('2026-03-06T16:00:00Z'), 120, null)!.toISOString()).toBe(
      '2026-03-06T18:00:00.000Z',
    );
  });

  it('carries over closing time and the weekend in the tenant time zone', () => {
    // Friday 16:00 in Berlin (UTC+1 in March before DST) + 2 working hours = Monday 10:00 Berlin.
    const due = addBusinessMinutes(new Date('2026-03-06T15:00:00Z'), 120, {
      timezone: 'Europe/Berlin',
      schedule: weekdays,
    });
    expect(due!.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('starts counting at opening time when created outside hours, and skips holidays', () => {
    const bh = { timezone: 'America/New_York', schedule: weekdays, holidays: ['2026-03-09'] };
    // Sunday evening New York → Monday is a holiday → Tuesday 09:00 EDT (UTC-4 after 8 March) + 30 min.
    const due = addBusinessMinutes(new Date('2026-03-08T23:00:00Z'), 30, bh);
    expect(due!.toISOString()).toBe('2026-03-10T13:30:00.000Z');
  });

  it('gives no due time when the schedule never opens', () => {
    expect(addBusinessMinutes(new Date('2026-03-06T15:00:00Z'), 60, { timezone: 'UTC', schedule: {} })).toBeNull();
  });

  it('finds the start of the local day', () => {
    expect(localDayStart(new Date('2026-03-02T03:00:00Z'), 'America/Los_Angeles').toISOString()).toBe(
      '2026-03-01T08:00:00.000Z',
    );
  });
});
