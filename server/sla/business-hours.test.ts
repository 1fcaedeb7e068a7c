import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessSecondsBetween, localDayStart } from './business-hours.ts';

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

describe('businessSecondsBetween', () => {
  const berlin = { timezone: 'Europe/Berlin', schedule: weekdays };
  const s = (from: string, to: string, bh: Parameters<typeof businessSecondsBetween>[2]) =>
    businessSecondsBetween(new Date(from), new Date(to), bh);
  const H = 3600;

  it('is calendar time without business hours, and zero backwards', () => {
    expect(s('2026-03-06T16:00:00Z', '2026-03-07T17:30:00Z', null)).toBe(25.5 * H);
    expect(s('2026-03-06T16:00:00Z', '2026-03-06T15:00:00Z', berlin)).toBe(0);
  });

  it.each([
    // [what, from, to, working hours]
    ['inside one day', '2026-03-04T09:00:00Z', '2026-03-04T11:30:00Z', 2.5], // Wed 10:00 → 12:30 Berlin
    ['overnight arrival, answered next morning', '2026-03-04T21:00:00Z', '2026-03-05T09:00:00Z', 1], // Wed 22:00 → Thu 10:00
    ['over the weekend', '2026-03-06T15:00:00Z', '2026-03-09T09:00:00Z', 2], // Fri 16:00 → Mon 10:00
    ['arrival on Saturday', '2026-03-07T10:00:00Z', '2026-03-09T08:30:00Z', 0.5], // Sat → Mon 09:30
    // Berlin leaves winter time on Sunday 29 March 2026: Friday 16:00 CET → Monday 10:00 CEST is still 2 working hours.
    ['across the daylight-saving change', '2026-03-27T15:00:00Z', '2026-03-30T08:00:00Z', 2],
  ])('%s', (_what, from, to, hours) => {
    expect(s(from, to, berlin)).toBe(hours * H);
  });

  it('skips holidays', () => {
    // Fri 3 April 2026 is a holiday: Thu 16:00 → Mon 10:00 is 1 h (Thu) + 1 h (Mon).
    const bh = { ...berlin, holidays: ['2026-04-03'] };
    expect(s('2026-04-02T14:00:00Z', '2026-04-06T08:00:00Z', bh)).toBe(2 * H);
    expect(s('2026-04-02T14:00:00Z', '2026-04-06T08:00:00Z', berlin)).toBe(10 * H);
  });
});
