// Usage periods: calendar months in the tenant's billing cycle, starting on the anchor's day of the month
// (clamped to the month's last day) at the anchor's UTC time of day.

export interface Period {
  start: Date;
  end: Date;
}

function monthStart(anchor: Date, year: number, month: number): Date {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(anchor.getUTCDate(), last),
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/** The period holding `now`; `offset` moves whole periods (−1 the previous one, 1 the next). */
export function periodOf(anchor: Date | string, now: Date, offset = 0): Period {
  const a = typeof anchor === 'string' ? new Date(anchor) : anchor;
  let y = now.getUTCFullYear();
  let m = now.getUTCMonth();
  if (monthStart(a, y, m) > now) m -= 1;
  m += offset;
  y += Math.floor(m / 12);
  m = ((m % 12) + 12) % 12;
  return { start: monthStart(a, y, m), end: monthStart(a, y + Math.floor((m + 1) / 12), (m + 1) % 12) };
}
