// A time zone's clock for reports that place thousands of instants: the arithmetic of sla/business-hours.ts
// (localDate, localDayStart, zonedTimeToUtc), step for step, on Intl `format` (a third of the cost of its
// `formatToParts`) with each instant's offset read once per process: 250 days took ~1,000 formatToParts calls,
// ~4-5 ms, as much as a report's queries. A zone's offsets never change while the process runs.
import { formatter } from './business-hours.ts';

const LOCAL = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/;
/** Offsets remembered per zone (then forgotten and read again), and zones remembered. */
const MAX_OFFSETS = 100_000;
const MAX_ZONES = 100;

export type ZoneClock = ReturnType<typeof makeClock>;
const clocks = new Map<string, ZoneClock>();

/** The clock of `tz`, made once per process (bounded). */
export function zoneClock(tz: string): ZoneClock {
  let c = clocks.get(tz);
  if (!c) {
    if (clocks.size >= MAX_ZONES) clocks.clear();
    clocks.set(tz, (c = makeClock(tz)));
  }
  return c;
}

function makeClock(tz: string) {
  const f = formatter(tz);
  const offsets = new Map<number, number>();
  /** The wall clock at an instant, as if it were UTC (business-hours.ts localParts). */
  const wallAt = (ms: number): number => {
    const p = LOCAL.exec(f.format(new Date(ms)));
    if (p) return Date.UTC(+p[3]!, +p[1]! - 1, +p[2]!, +p[4]!, +p[5]!, +p[6]!);
    const q: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') q[part.type] = Number(part.value);
    return Date.UTC(q.year!, q.month! - 1, q.day!, q.hour!, q.minute!, q.second!);
  };
  const offsetAt = (ms: number): number => {
    let o = offsets.get(ms);
    if (o === undefined) {
      if (offsets.size >= MAX_OFFSETS) offsets.clear();
      offsets.set(ms, (o = wallAt(ms) - Math.floor(ms / 1000) * 1000));
    }
    return o;
  };
  const localOf = (ms: number) => new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms));
  /** The UTC instant local midnight of y-m-d begins (a midnight skipped by DST resolves forward). */
  const midnight = (y: number, m: number, d: number): number => {
    const wall = Date.UTC(y, m - 1, d);
    const guess = wall - offsetAt(wall);
    const second = wall - offsetAt(guess);
    return second !== guess ? second : guess;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    /** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
    offsetAt,
    /** The local date (YYYY-MM-DD) of an instant. */
    dateOf(ms: number): string {
      const l = localOf(ms);
      return `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}`;
    },
    midnight,
    /** The UTC instant the local day holding an instant begins. */
    dayStart(ms: number): number {
      const l = localOf(ms);
      return midnight(l.getUTCFullYear(), l.getUTCMonth() + 1, l.getUTCDate());
    },
  };
}
