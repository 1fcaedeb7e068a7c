// Dashboard: the analytics figures for a period and the created/resolved chart.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';
import { DailyChart, type DayPoint } from '../components/chart.tsx';

type Dashboard = Record<string, unknown>;

const label = (k: string) => k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** Number-valued fields, flattened one level, shown as figure cards. */
export function figuresOf(d: Dashboard): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number') out.push([label(k), v]);
    else if (v && typeof v === 'object' && !Array.isArray(v))
      for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'number') out.push([`${label(k)}: ${label(k2).toLowerCase()}`, v2]);
  }
  return out;
}

export function daysOf(d: Dashboard): DayPoint[] {
  for (const v of Object.values(d)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && v[0] && ('created' in v[0] || 'resolved' in v[0])) {
      return v.map((p: any) => ({ date: String(p.date ?? p.day ?? ''), created: Number(p.created ?? 0), resolved: Number(p.resolved ?? 0) }));
    }
  }
  return [];
}

export function DashboardPage() {
  const [days, setDays] = useState(14);
  const data = useLoad(() => api.get<Dashboard>('/analytics/dashboard', { days }), [days]);
  return (
    <section class="page dashboard" aria-labelledby="dash-title">
      <div class="page-head">
        <h1 id="dash-title">Dashboard</h1>
        <label>
          Period{' '}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            <option value={7}>Last 7 days</option>
            <option value={14}>Last 14 days</option>
            <option value={30}>Last 30 days</option>
          </select>
        </label>
      </div>
      <ErrorNotice error={data.error} />
      {data.data && (
        <>
          <ul class="figures plain">
            {figuresOf(data.data).map(([k, v]) => (
              <li key={k} class="card figure">
                <span class="figure-value">{Number.isInteger(v) ? v : v.toFixed(1)}</span>
                <span class="figure-label">{k}</span>
              </li>
            ))}
          </ul>
          <section class="card">
            <h2>Tickets per day</h2>
            <DailyChart days={daysOf(data.data)} />
          </section>
        </>
      )}
    </section>
  );
}
