// A hand-drawn SVG line chart of tickets created and resolved per day (no chart library, a few hundred bytes).
import type { DayFlow } from '../types.ts';

export type DayPoint = Pick<DayFlow, 'date' | 'created' | 'resolved'>;

const W = 640;
const H = 220;
const PAD = { l: 36, r: 12, t: 12, b: 28 };

export function niceMax(n: number): number {
  if (n <= 4) return 4;
  const step = 10 ** Math.floor(Math.log10(n));
  return Math.ceil(n / step) * step;
}

export function DailyChart({ days }: { days: DayPoint[] }) {
  if (!days.length) return <p class="muted">No tickets in this period yet.</p>;
  const max = niceMax(Math.max(...days.map((d) => Math.max(d.created, d.resolved))));
  const x = (i: number) => PAD.l + (days.length === 1 ? 0 : (i * (W - PAD.l - PAD.r)) / (days.length - 1));
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const line = (k: 'created' | 'resolved') =>
    days.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(d[k]).toFixed(1)}`).join('');
  const every = Math.max(1, Math.ceil(days.length / 8));
  const total = (k: 'created' | 'resolved') => days.reduce((s, d) => s + d[k], 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Tickets created and resolved per day</title>
        <desc id="chart-desc">
          {`${days.length} days from ${days[0].date} to ${days[days.length - 1].date}: ${total('created')} created, ${total('resolved')} resolved.`}
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
        <path class="line-created" d={line('created')} />
        <path class="line-resolved" d={line('resolved')} />
        {days.map((d, i) => (
          <g key={d.date}>
            <circle class="dot-created" cx={x(i)} cy={y(d.created)} r="3">
              <title>{`${d.date}: ${d.created} created`}</title>
            </circle>
            <circle class="dot-resolved" cx={x(i)} cy={y(d.resolved)} r="3">
              <title>{`${d.date}: ${d.resolved} resolved`}</title>
            </circle>
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        <span class="key key-created">Created ({total('created')})</span>
        <span class="key key-resolved">Resolved ({total('resolved')})</span>
      </figcaption>
    </figure>
  );
}
