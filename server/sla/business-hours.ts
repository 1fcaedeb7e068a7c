// Business-hours arithmetic: adds working minutes to an instant in the tenant's time zone, schedule and holidays.
import type { z } from '@hono/zod-openapi';
import type { BusinessHoursSchema } from '../tenants/schemas.ts';

export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;
/** A schedule with no open day would never finish counting; stop after this many days. */
const MAX_DAYS = 400;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's wall-clock formatter (en-US, 24 h, to the second), made once per zone. */
export function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface LocalParts {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

function localParts(ms: number, tz: string): LocalParts {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, m: p.month, d: p.day, hh: p.hour, mm: p.minute, ss: p.second };
}

/** Offset of `tz` from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetAt(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in `tz` (a time skipped by DST resolves forward). */
export function zonedTimeToUtc(y: number, m: number, d: number, minutes: number, tz: string): number {
  const wall = Date.UTC(y, m - 1, d) + minutes * MINUTE;
  let guess = wall - offsetAt(wall, tz);
  const second = wall - offsetAt(guess, tz);
  if (second !== guess) guess = second;
  return guess;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Open window of a local date in minutes since local midnight, or null when closed. */
function windowOf(bh: BusinessHours, y: number, m: number, d: number): [number, number] | null {
  const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (bh.holidays?.includes(date)) return null;
  if (!bh.schedule) return [0, 24 * 60];
  const day = bh.schedule[DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]];
  if (!day) return null;
  const open = toMinutes(day.open);
  const close = day.close === '00:00' ? 24 * 60 : toMinutes(day.close);
  return close > open ? [open, close] : null;
}

/**
 * The instant `minutes` working minutes after `start`. Without business hours time runs
 * round the clock; a schedule that never opens gives null (no due time can be promised).
 */
export function addBusinessMinutes(start: Date, minutes: number, bh: BusinessHours | null | undefined): Date | null {
  if (!bh || (!bh.schedule && !bh.holidays?.length)) return new Date(start.getTime() + minutes * MINUTE);
  const tz = bh.timezone ?? 'UTC';
  let remaining = minutes * MINUTE;
  let cursor = start.getTime();
  const first = localParts(cursor, tz);
  let day = Date.UTC(first.y, first.m - 1, first.d);
  for (let i = 0; i < MAX_DAYS; i++, day += 24 * 60 * MINUTE) {
    const dt = new Date(day);
    const [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
    const win = windowOf(bh, y, m, d);
    if (!win) continue;
    const open = zonedTimeToUtc(y, m, d, win[0], tz);
    const close = zonedTimeToUtc(y, m, d, win[1], tz);
    const from = Math.max(open, cursor);
    if (from >= close) continue;
    if (close - from >= remaining) return new Date(from + remaining);
    remaining -= close - from;
    cursor = close;
  }
  return null;
}

/**
 * Working seconds between two instants in the tenant's schedule, holidays and time zone (DST days are as long as
 * the clock says). Without business hours it is the calendar time; `to` before `from` counts as zero.
 */
export function businessSecondsBetween(from: Date, to: Date, bh: BusinessHours | null | undefined): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  if (!bh || (!bh.schedule && !bh.holidays?.length)) return Math.round((end - start) / 1000);
  const tz = bh.timezone ?? 'UTC';
  const first = localParts(start, tz);
  let total = 0;
  for (let day = Date.UTC(first.y, first.m - 1, first.d), i = 0; i < 3660; i++, day += 24 * 60 * MINUTE) {
    const dt = new Date(day);
    const [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
    if (zonedTimeToUtc(y, m, d, 0, tz) >= end) break;
    const win = windowOf(bh, y, m, d);
    if (!win) continue;
    const open = Math.max(zonedTimeToUtc(y, m, d, win[0], tz), start);
    const close = Math.min(zonedTimeToUtc(y, m, d, win[1], tz), end);
    if (close > open) total += close - open;
  }
  return Math.round(total / 1000);
}

/** The local calendar date (YYYY-MM-DD) of an instant in `tz`. */
export function localDate(at: Date, tz: string): string {
  const p = localParts(at.getTime(), tz);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `tz`, and the UTC instant that day starts. */
export function localDayStart(at: Date, tz: string): Date {
  const p = localParts(at.getTime(), tz);
  return new Date(zonedTimeToUtc(p.y, p.m, p.d, 0, tz));
}
