// Dashboard: the analytics/dashboard figures and a chart of tickets created and resolved per day.
import { useEffect, useState } from 'preact/hooks';
import { onLiveEvent } from '../state/events.ts';
import { href } from '../state/router.ts';
import { api } from '../api.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';
import { DailyChart, type DayPoint } from '../components/chart.tsx';
import type { DailyReport, Dashboard, LiveTiles } from '../types.ts';

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

async function loadSeries(days: number): Promise<DayPoint[]> {
  const r = await api.get<DailyReport>('/analytics/reports', { days });
  return r.days.map((d) => ({ date: d.date, created: d.created, resolved: d.resolved }));
}

/**
 * The live tiles: read again when the event stream reports a ticket or chat change (at most once a second) and
 * every minute (waiting times and deadlines move with the clock).
 */
function LiveTilesSection() {
  const live = useLoad(() => api.get<LiveTiles>('/analytics/live'), []);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void live.reload();
      }, 1000);
    };
    const off = onLiveEvent((e) => {
      if (e.type.startsWith('ticket.') || e.type.startsWith('chat.') || e.type === 'message.created') soon();
    });
    const minute = setInterval(() => void live.reload(), 60_000);
    return () => {
      off();
      clearInterval(minute);
      if (timer) clearTimeout(timer);
    };
  }, [live.reload]);
  const l = live.data;
  return (
    <section aria-labelledby="live-h">
      <h2 id="live-h" class="sr-only">
        Live now
      </h2>
      <ErrorNotice error={live.error} />
      {l && (
        <ul class="figures plain live-tiles" aria-live="polite">
          <li class="card figure">
            <span class="figure-value">{l.openNow}</span>
            <span class="figure-label">Open now</span>
          </li>
          <li class="card figure">
            <span class="figure-value">{l.oldestWaiting ? duration(l.oldestWaiting.waitingSeconds) : '—'}</span>
            <span class="figure-label">
              {l.oldestWaiting ? (
                <a href={href(`/tickets/${l.oldestWaiting.ticketId}`)}>Oldest waiting: #{l.oldestWaiting.number}</a>
              ) : (
                'Nobody waiting for a first answer'
              )}
            </span>
          </li>
          <li class={`card figure${l.breachingWithinHour ? ' figure-warn' : ''}`}>
            <span class="figure-value">{l.breachingWithinHour}</span>
            <span class="figure-label">SLA due within the hour ({l.breached} overdue)</span>
          </li>
          <li class="card figure">
            <span class="figure-value">{l.agentsAvailable}</span>
            <span class="figure-label">Agents available</span>
          </li>
          <li class="card figure">
            <span class="figure-value">{l.chatsInProgress}</span>
            <span class="figure-label">Chats in progress ({l.chatsQueued} waiting)</span>
          </li>
        </ul>
      )}
    </section>
  );
}

export function DashboardPage() {
  const [days, setDays] = useState(14);
  const data = useLoad(() => api.get<Dashboard>('/analytics/dashboard'), []);
  const series = useLoad(() => loadSeries(days), [days]);
  const d = data.data;
  const figures: [string, string | number][] = d
    ? [
        ['Open', d.open],
        ['Pending', d.pending],
        ['Unassigned', d.unassigned],
        ['Created today', d.createdToday],
        ['Resolved today', d.resolvedToday],
        ['Median first response', duration(d.medianFirstResponseSeconds)],
        ['SLA breaches (30 days)', d.slaBreaches],
        ['CSAT (30 days)', d.csat.score === null ? '–' : `${d.csat.score}% of ${d.csat.responses}`],
      ]
    : [];
  const prio = d ? Object.entries(d.byPriority) : [];
  const prioMax = Math.max(1, ...prio.map(([, n]) => n));
  return (
    <section class="page dashboard" aria-labelledby="dash-title">
      <div class="page-head">
        <h1 id="dash-title">Dashboard</h1>
      </div>
      <LiveTilesSection />
      <ErrorNotice error={data.error} />
      <ul class="figures plain">
        {figures.map(([k, v]) => (
          <li key={k} class="card figure">
            <span class="figure-value">{v}</span>
            <span class="figure-label">{k}</span>
          </li>
        ))}
      </ul>
      <div class="dash-grid">
        <section class="card" aria-labelledby="chart-h">
          <div class="page-head">
            <h2 id="chart-h">Created and resolved per day</h2>
            <label class="inline-label">
              Period{' '}
              <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
                <option value={7}>Last 7 days</option>
                <option value={14}>Last 14 days</option>
                <option value={30}>Last 30 days</option>
              </select>
            </label>
          </div>
          <ErrorNotice error={series.error} />
          {series.data ? <DailyChart days={series.data} /> : <p class="muted">Loading…</p>}
        </section>
        <section class="card" aria-labelledby="prio-h">
          <h2 id="prio-h">Open and pending by priority</h2>
          <ul class="plain bars">
            {prio.map(([k, n]) => (
              <li key={k}>
                <span class="bar-label">{k}</span>
                <span class="bar" aria-hidden="true">
                  <span class={`bar-fill prio-${k}`} style={{ width: `${(n / prioMax) * 100}%` }} />
                </span>
                <span class="bar-n">{n}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}
