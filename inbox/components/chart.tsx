// A hand-drawn SVG line chart of tickets created and resolved per day, and optionally open at each day's end (no
// chart library, a few hundred bytes).
import type { DayFlow } from '../types.ts';

export type DayPoint = Pick<DayFlow, 'date' | 'created' | 'resolved'> & { openAtEnd?: number };
type Series = 'created' | 'resolved' | 'openAtEnd';
const NAMES: Record<Series, string> = { created: 'created', resolved: 'resolved', openAtEnd: 'open at day end' };

const W = 640;
const H = 220;
const PAD = { l: 36, r: 12, t: 12, b: 28 };

export function niceMax(n: number): number {
  if (n <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

export function DailyChart({
  days,
  id = 'chart',
  title = 'Tickets created and resolved per day',
  series = ['created', 'resolved'],
}: {
  days: DayPoint[];
  id?: string;
  title?: string;
  series?: Series[];
}) {
  if (!days.length) return <p class="muted">No tickets in this period yet.</p>;
  const value = (d: DayPoint, k: Series) => d[k] ?? 0;
  const max = niceMax(Math.max(...days.map((d) => Math.max(...series.map((k) => value(d, k))))));
  const x = (i: number) => PAD.l + (days.length === 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (days.length - 1));
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const line = (k: Series) =>
    days.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(value(d, k)).toFixed(1)}`).join('');
  const every = Math.max(1, Math.ceil(days.length / 8));
  // Open at the end is a level, not a flow: its figure is the last day's.
  const total = (k: Series) =>
    k === 'openAtEnd' ? value(days[days.length - 1], k) : days.reduce((s, d) => s + value(d, k), 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {`${days.length} days from ${days[0].date} to ${days[days.length - 1].date}: ${series.map((k) => `${total(k)} ${NAMES[k]}`).join(', ')}.`}
        </desc>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line class="grid" x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} />
            <text class="axis" x={PAD.l - 6} y={y(max * f) + 4} text-anchor="end">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % every === 0 ? (
            <text key={d.date} class="axis" x={x(i)} y={H - 8} text-anchor="middle">
              {d.date.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((k) => (
          <path key={k} class={`line-${k}`} d={line(k)} />
        ))}
        {days.map((d, i) => (
          <g key={d.date}>
            {series.map((k) => (
              <circle key={k} class={`dot-${k}`} cx={x(i)} cy={y(value(d, k))} r="3">
                <title>{`${d.date}: ${value(d, k)} ${NAMES[k]}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        {series.map((k) => (
          <span key={k} class={`key key-${k}`}>
            {NAMES[k][0].toUpperCase() + NAMES[k].slice(1)} ({total(k)})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
