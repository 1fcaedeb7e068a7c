// Reports: response, resolution, SLA and CSAT figures for a period from the metric ledger, filtered by team, agent,
// channel and priority; every figure opens the tickets behind it; distributions, SLA per target, the agent table, CSAT
// comments, the backlog by day, the arrival heatmap and KB deflection (report-sections.tsx), each with "show as table"
// and a CSV download.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { agents, loadAgents } from '../state/agents.ts';
import { api, type Page } from '../api.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';
import { href } from '../state/router.ts';
import { duration } from './dashboard.tsx';
import { csvHref, Figure, TableToggle, type OpenDrill } from '../components/report-parts.tsx';
import { BacklogSection, CsatComments, KbDeflectionSection, SlaSection } from './report-sections.tsx';
import type { AgentReportRow, ArrivalHeatmap, MetricDrillKind, MetricTicket, Metrics, Team } from '../types.ts';

const DAY = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const BUCKET_LABELS = ['< 1 h', '1–4 h', '4–8 h', '8–24 h', '1–3 d', '3–7 d', '> 7 d'];

interface Filters {
  days: number;
  teamId: string;
  agentId: string;
  channel: string;
  priority: string;
}

/** The query every report call takes: the period ends now (rounded to the minute, so reloads share it). */
function queryOf(f: Filters): Record<string, string> {
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  const q: Record<string, string> = {
    from: new Date(to.getTime() - f.days * DAY).toISOString(),
    to: to.toISOString(),
  };
  for (const k of ['teamId', 'agentId', 'channel', 'priority'] as const) if (f[k]) q[k] = f[k];
  return q;
}
function Distribution({ title, m }: { title: string; m: Metrics['firstResponse'] }) {
  const [table, setTable] = useState(false);
  const max = Math.max(1, ...m.buckets.map((b) => b.count));
  const id = title.replace(/\W+/g, '-').toLowerCase();
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <div class="page-head">
        <h2 id={`${id}-h`}>{title}</h2>
        <TableToggle shown={table} set={setTable} what="the distribution" />
      </div>
      {table ? (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Tickets</th>
            </tr>
          </thead>
          <tbody>
            {m.buckets.map((b, i) => (
              <tr key={i}>
                <th scope="row">{BUCKET_LABELS[i]}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <svg
          class="histogram"
          viewBox="0 0 350 150"
          role="img"
          aria-label={`${title}: ${m.buckets.map((b, i) => `${BUCKET_LABELS[i]} ${b.count}`).join(', ')}`}
        >
          {m.buckets.map((b, i) => {
            const h = (b.count / max) * 100;
            return (
              <g key={i}>
                <rect x={i * 50 + 6} y={120 - h} width="38" height={h} rx="3" />
                <text class="axis" x={i * 50 + 25} y={116 - h} text-anchor="middle">
                  {b.count}
                </text>
                <text class="axis" x={i * 50 + 25} y="140" text-anchor="middle">
                  {BUCKET_LABELS[i]}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </section>
  );
}

function Heatmap({ q }: { q: Record<string, string> }) {
  const heat = useLoad(() => api.get<ArrivalHeatmap>('/analytics/heatmap', q), [JSON.stringify(q)]);
  const [table, setTable] = useState(false);
  const counts = heat.data?.counts ?? [];
  const max = Math.max(1, ...counts.flat());
  return (
    <section class="card" aria-labelledby="heat-h">
      <div class="page-head">
        <h2 id="heat-h">When tickets arrive{heat.data ? ` (${heat.data.timezone})` : ''}</h2>
        <span>
          <TableToggle shown={table} set={setTable} what="arrivals" />{' '}
          <a class="btn btn-small btn-ghost" href={csvHref('/analytics/heatmap', q)} download>
            Download CSV
          </a>
        </span>
      </div>
      <ErrorNotice error={heat.error} />
      <div class="heatmap-wrap">
        <table class={table ? 'list-table' : 'heatmap'}>
          <caption class="sr-only">Tickets created per weekday and hour</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {Array.from({ length: 24 }, (_, h) => (
                <th key={h} scope="col">
                  {table || h % 3 === 0 ? String(h).padStart(2, '0') : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {counts.map((hours, d) => (
              <tr key={d}>
                <th scope="row">{WEEKDAYS[d]}</th>
                {hours.map((n, h) => (
                  <td
                    key={h}
                    title={`${WEEKDAYS[d]} ${String(h).padStart(2, '0')}:00: ${n}`}
                    style={table || !n ? undefined : { background: `rgba(37, 99, 235, ${0.12 + (0.88 * n) / max})` }}
                  >
                    {table ? n : <span class="sr-only">{n}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function AgentTable({ q }: { q: Record<string, string> }) {
  const rows = useLoad(() => api.get<{ data: AgentReportRow[] }>('/analytics/agents', q), [JSON.stringify(q)]);
  return (
    <section class="card" aria-labelledby="agents-h">
      <div class="page-head">
        <h2 id="agents-h">Agents</h2>
        <a class="btn btn-small btn-ghost" href={csvHref('/analytics/agents', q)} download>
          Download CSV
        </a>
      </div>
      <ErrorNotice error={rows.error} />
      <table class="list-table">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Handled</th>
            <th scope="col">Responses</th>
            <th scope="col">Resolutions</th>
            <th scope="col">Median first response</th>
            <th scope="col">Median response</th>
            <th scope="col">CSAT</th>
          </tr>
        </thead>
        <tbody>
          {(rows.data?.data ?? []).map((r) => (
            <tr key={r.agentId}>
              <th scope="row">{r.name}</th>
              <td>{r.handled}</td>
              <td>{r.responses}</td>
              <td>{r.resolutions}</td>
              <td>{duration(r.medianFirstResponseSeconds)}</td>
              <td>{duration(r.medianResponseSeconds)}</td>
              <td>{r.csat.score === null ? '—' : `${r.csat.score}% (${r.csat.good + r.csat.bad})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The tickets behind a figure, newest first, a page at a time. */
function DrillDown({
  q,
  kind,
  label,
  close,
}: {
  q: Record<string, string>;
  kind: MetricDrillKind;
  label: string;
  close: () => void;
}) {
  const [pages, setPages] = useState<MetricTicket[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const first = useLoad(async () => {
    const p = await api.get<Page<MetricTicket>>('/analytics/metrics/tickets', { ...q, kind, limit: 25 });
    setPages(p.data);
    setCursor(p.nextCursor);
    return p;
  }, [JSON.stringify(q), kind]);
  async function more() {
    const p = await api.get<Page<MetricTicket>>('/analytics/metrics/tickets', { ...q, kind, limit: 25, cursor });
    setPages([...pages, ...p.data]);
    setCursor(p.nextCursor);
  }
  return (
    <section class="card drill" aria-labelledby="drill-h" tabIndex={-1} ref={(el) => el?.focus()}>
      <div class="page-head">
        <h2 id="drill-h">Tickets behind “{label}”</h2>
        <span>
          <a class="btn btn-small btn-ghost" href={csvHref('/analytics/metrics/tickets', { ...q, kind })} download>
            Download CSV
          </a>{' '}
          <button class="btn btn-small" type="button" onClick={close}>
            Close
          </button>
        </span>
      </div>
      <ErrorNotice error={first.error} />
      {first.data && pages.length === 0 && <p class="muted">No tickets in this period.</p>}
      {pages.length > 0 && (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">When</th>
              <th scope="col">Time</th>
              <th scope="col">Business time</th>
            </tr>
          </thead>
          <tbody>
            {pages.map((r) => (
              <tr key={`${r.ticketId}-${r.at}-${r.kind}`}>
                <td>
                  <a href={href(`/tickets/${r.ticketId}`)}>
                    #{r.number} {r.subject}
                  </a>
                </td>
                <td>{new Date(r.at).toLocaleString()}</td>
                <td>{duration(r.calendarSeconds)}</td>
                <td>{duration(r.businessSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button class="btn" type="button" onClick={more}>
          Show more
        </button>
      )}
    </section>
  );
}

/** One filter: "all" (empty) or one of `options` ([value, label]). */
function FilterSelect(props: {
  label: string;
  all: string;
  value: string;
  options: [string, string][];
  set: (v: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.set(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ReportsPage() {
  const [f, setF] = useState<Filters>({ days: 30, teamId: '', agentId: '', channel: '', priority: '' });
  const [drill, setDrill] = useState<{ kind: MetricDrillKind; label: string; extra?: Record<string, string> } | null>(
    null,
  );
  const key = JSON.stringify(f);
  const q = useMemo(() => queryOf(f), [key]);
  const m = useLoad(() => api.get<Metrics>('/analytics/metrics', q), [key]);
  const teams = useLoad(() => api.get<Page<Team>>('/teams').catch(() => ({ data: [], nextCursor: null })), []);
  useEffect(() => void loadAgents(), []);
  const set = (patch: Partial<Filters>) => {
    setDrill(null);
    setF({ ...f, ...patch });
  };
  const open: OpenDrill = (kind, label, extra) => setDrill({ kind, label, extra });
  const d = m.data;
  const both = (x: Metrics['firstResponse']) => `median ${duration(x.medianSeconds)} · p90 ${duration(x.p90Seconds)}`;
  const business = (x: Metrics['firstResponse']) =>
    `business median ${duration(x.businessMedianSeconds)} · ${x.count} tickets`;
  return (
    <section class="page reports" aria-labelledby="reports-title">
      <div class="page-head">
        <h1 id="reports-title">Reports</h1>
      </div>
      <form class="card filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select value={f.days} onChange={(e) => set({ days: Number(e.currentTarget.value) })}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
            <option value={365}>Last 12 months</option>
          </select>
        </label>
        <FilterSelect
          label="Team"
          all="All teams"
          value={f.teamId}
          options={(teams.data?.data ?? []).map((t) => [t.id, t.name])}
          set={(teamId) => set({ teamId })}
        />
        <FilterSelect
          label="Agent"
          all="All agents"
          value={f.agentId}
          options={agents.value.map((a) => [a.id, a.name])}
          set={(agentId) => set({ agentId })}
        />
        <FilterSelect
          label="Channel"
          all="All channels"
          value={f.channel}
          options={['widget', 'email', 'chat', 'api', 'inbox', 'phone'].map((c) => [c, c])}
          set={(channel) => set({ channel })}
        />
        <FilterSelect
          label="Priority"
          all="All priorities"
          value={f.priority}
          options={['low', 'normal', 'high', 'urgent'].map((p) => [p, p])}
          set={(priority) => set({ priority })}
        />
      </form>
      <ErrorNotice error={m.error} />
      {d && (
        <ul class="figures plain" aria-label="Figures for the period">
          <Figure
            label="First response"
            value={duration(d.firstResponse.medianSeconds)}
            sub={business(d.firstResponse)}
            kind="first_response"
            open={open}
          />
          <Figure
            label="Next response"
            value={duration(d.nextResponse.medianSeconds)}
            sub={business(d.nextResponse)}
            kind="next_response"
            open={open}
          />
          <Figure
            label="Resolution"
            value={duration(d.resolution.medianSeconds)}
            sub={both(d.resolution)}
            kind="resolution"
            open={open}
          />
          <Figure
            label="Waiting on customer"
            value={duration(d.waitingOnCustomer.medianSeconds)}
            sub={`${d.waitingOnCustomer.count} waits`}
            kind="waiting"
            open={open}
          />
          <Figure label="Reopened" value={String(d.reopens)} kind="reopen" open={open} />
          <Figure label="Automated replies" value={String(d.automatedReplies)} kind="automated_reply" open={open} />
          <Figure
            label="SLA compliance"
            value={d.sla.compliance === null ? '—' : `${d.sla.compliance}%`}
            sub={`${d.sla.met} met · ${d.sla.breached} breached`}
            kind="sla_breached"
            open={open}
          />
          <Figure
            label="CSAT"
            value={d.csat.score === null ? '—' : `${d.csat.score}%`}
            sub={`${d.csat.good} good · ${d.csat.bad} bad`}
            open={open}
          />
        </ul>
      )}
      {drill && (
        <DrillDown q={{ ...q, ...drill.extra }} kind={drill.kind} label={drill.label} close={() => setDrill(null)} />
      )}
      {d && (
        <div class="dash-grid">
          <Distribution title="First response times" m={d.firstResponse} />
          <Distribution title="Resolution times" m={d.resolution} />
        </div>
      )}
      <SlaSection q={q} open={open} />
      <AgentTable q={q} />
      <CsatComments q={q} />
      <BacklogSection q={q} open={open} />
      <Heatmap q={q} />
      <KbDeflectionSection q={q} />
    </section>
  );
}
