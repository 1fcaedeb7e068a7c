// The reports' lower sections: SLA compliance per target, the CSAT comments, the backlog by day and knowledge-base
// deflection. Each loads its own report for the page's query, draws a light SVG chart with "show as table", opens
// the tickets behind its numbers and links its CSV.
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import { DailyChart } from '../components/chart.tsx';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';
import { usePages } from '../components/use-pages.ts';
import { href } from '../state/router.ts';
import { csvHref, DrillNumber, TableToggle, type OpenDrill } from '../components/report-parts.tsx';
import type { Backlog, CsatResponse, KbDeflection, MetricDrillKind, SlaReport, SlaTargetRow } from '../types.ts';

const TARGET_NAMES: Record<SlaTargetRow['target'], string> = {
  first_response: 'First response',
  resolution: 'Resolution',
};

/** "High · First response (30 min)": how a target is named in the chart, the table and its drill-downs. */
export function targetLabel(r: SlaTargetRow): string {
  const minutes = r.targetMinutes;
  const within = minutes === null ? 'no target now' : minutes % 60 ? `${minutes} min` : `${minutes / 60} h`;
  return `${r.priority[0].toUpperCase()}${r.priority.slice(1)} · ${TARGET_NAMES[r.target]} (${within})`;
}

/** The drill-down kinds of a target's met and breached numbers. */
export const slaKinds = (r: SlaTargetRow): { met: MetricDrillKind; breached: MetricDrillKind } => ({
  met: `sla_${r.target}_met`,
  breached: `sla_${r.target}_breached`,
});

function Head(props: { id: string; title: string; csv?: string; children?: preact.ComponentChildren }) {
  return (
    <div class="page-head">
      <h2 id={props.id}>{props.title}</h2>
      <span>
        {props.children}{' '}
        {props.csv && (
          <a class="btn btn-small btn-ghost" href={props.csv} download>
            Download CSV
          </a>
        )}
      </span>
    </div>
  );
}

export function SlaSection({ q, open }: { q: Record<string, string>; open: OpenDrill }) {
  const r = useLoad(() => api.get<SlaReport>('/analytics/sla', q), [JSON.stringify(q)]);
  const [table, setTable] = useState(false);
  const rows = r.data?.targets ?? [];
  return (
    <section class="card" aria-labelledby="sla-h">
      <Head id="sla-h" title="SLA per target" csv={csvHref('/analytics/sla', q)}>
        <TableToggle shown={table} set={setTable} what="SLA targets" />
      </Head>
      <ErrorNotice error={r.error} />
      {r.data && !rows.length && <p class="muted">No SLA targets: set them under Settings → SLA.</p>}
      {rows.length > 0 && table && (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Met</th>
              <th scope="col">Breached</th>
              <th scope="col">Still unmet</th>
              <th scope="col">Compliance</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => {
              const label = targetLabel(t);
              const extra = { priority: t.priority };
              return (
                <tr key={`${t.priority}-${t.target}`}>
                  <th scope="row">{label}</th>
                  <td>
                    <DrillNumber n={t.met} label={`${label} met`} kind={slaKinds(t).met} extra={extra} open={open} />
                  </td>
                  <td>
                    <DrillNumber
                      n={t.breached}
                      label={`${label} breached`}
                      kind={slaKinds(t).breached}
                      extra={extra}
                      open={open}
                    />
                  </td>
                  <td>{t.stillOpen}</td>
                  <td>{t.compliance === null ? '—' : `${t.compliance}%`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows.length > 0 && !table && (
        <svg
          class="histogram bars"
          viewBox={`0 0 640 ${rows.length * 34 + 8}`}
          role="img"
          aria-label={`SLA compliance per target: ${rows.map((t) => `${targetLabel(t)} ${t.compliance === null ? 'nothing due' : `${t.compliance}%`}`).join(', ')}`}
        >
          {rows.map((t, i) => {
            const y = i * 34 + 4;
            const w = ((t.compliance ?? 0) / 100) * 300;
            return (
              <g key={`${t.priority}-${t.target}`}>
                <text class="axis" x="0" y={y + 17}>
                  {targetLabel(t)}
                </text>
                {/* The red track is what was breached; a target with nothing due in the period has a grey one. */}
                <rect
                  x="290"
                  y={y}
                  width="300"
                  height="24"
                  rx="3"
                  class={t.compliance === null ? 'bar-none' : 'bar-bad'}
                />
                <rect x="290" y={y} width={w} height="24" rx="3" />
                <text class="axis" x="598" y={y + 17}>
                  {t.compliance === null ? '—' : `${t.compliance}%`}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </section>
  );
}

export function CsatComments({ q }: { q: Record<string, string> }) {
  const [rating, setRating] = useState('');
  const query = { ...q, ...(rating ? { rating } : {}) };
  const list = usePages(
    (cursor) =>
      api.get<Page<CsatResponse>>('/analytics/csat/responses', { ...query, limit: 25, ...(cursor ? { cursor } : {}) }),
    [JSON.stringify(query)],
  );
  return (
    <section class="card" aria-labelledby="csat-h">
      <Head id="csat-h" title="CSAT comments" csv={csvHref('/analytics/csat/responses', { ...query, limit: '100' })}>
        <label>
          Rating{' '}
          <select value={rating} onChange={(e) => setRating(e.currentTarget.value)}>
            <option value="">All ratings</option>
            <option value="good">Good</option>
            <option value="bad">Bad</option>
          </select>
        </label>
      </Head>
      <ErrorNotice error={list.error} />
      {!list.loading && !list.rows.length && <p class="muted">No ratings in this period.</p>}
      {list.rows.length > 0 && (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Rating</th>
              <th scope="col">Comment</th>
              <th scope="col">Ticket</th>
              <th scope="col">Agent</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.rating === 'good' ? 'Good' : 'Bad'}</td>
                <td class="csat-comment">{r.comment ?? <span class="muted">No comment</span>}</td>
                <td>
                  <a href={href(`/tickets/${r.ticketId}`)}>
                    #{r.number} {r.subject}
                  </a>
                </td>
                <td>{r.agentName ?? '—'}</td>
                <td>{new Date(r.at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasMore && (
        <button class="btn" type="button" onClick={list.more}>
          Load more
        </button>
      )}
    </section>
  );
}

export function BacklogSection({ q, open }: { q: Record<string, string>; open: OpenDrill }) {
  const r = useLoad(() => api.get<Backlog>('/analytics/backlog', q), [JSON.stringify(q)]);
  const [table, setTable] = useState(false);
  const days = r.data?.days ?? [];
  return (
    <section class="card" aria-labelledby="backlog-h">
      <Head
        id="backlog-h"
        title={`Backlog by day${r.data ? ` (${r.data.timezone})` : ''}`}
        csv={csvHref('/analytics/backlog', q)}
      >
        <TableToggle shown={table} set={setTable} what="the backlog" />
      </Head>
      <ErrorNotice error={r.error} />
      {r.data && !table && (
        <DailyChart
          days={days}
          id="backlog-chart"
          title="Tickets created, resolved and open per day"
          series={['created', 'resolved', 'openAtEnd']}
        />
      )}
      {r.data && table && (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Created</th>
              <th scope="col">Resolved</th>
              <th scope="col">Reopened</th>
              <th scope="col">Open at day end</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => {
              const extra = { from: d.start, to: d.end };
              return (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td>
                    <DrillNumber n={d.created} label={`Created ${d.date}`} kind="created" extra={extra} open={open} />
                  </td>
                  <td>
                    <DrillNumber
                      n={d.resolved}
                      label={`Resolved ${d.date}`}
                      kind="resolution"
                      extra={extra}
                      open={open}
                    />
                  </td>
                  <td>
                    <DrillNumber n={d.reopened} label={`Reopened ${d.date}`} kind="reopen" extra={extra} open={open} />
                  </td>
                  <td>{d.openAtEnd}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The deflection funnel's steps, widest first. */
export function funnelSteps(k: KbDeflection): [string, number][] {
  return [
    ['Widget searches', k.searches],
    ['Article views', k.articleViews],
    ['Sessions that searched or read', k.sessions.total],
    ['Sessions that filed no ticket', k.sessions.noTicket],
  ];
}

export function KbDeflectionSection({ q }: { q: Record<string, string> }) {
  const period = { from: q.from, to: q.to };
  const r = useLoad(() => api.get<KbDeflection>('/analytics/kb-deflection', period), [JSON.stringify(period)]);
  const [table, setTable] = useState(false);
  const k = r.data;
  const steps = k ? funnelSteps(k) : [];
  const max = Math.max(1, ...steps.map((s) => s[1]));
  return (
    <section class="card" aria-labelledby="kb-h">
      <Head id="kb-h" title="Knowledge base deflection" csv={csvHref('/analytics/kb-deflection', period)}>
        <TableToggle shown={table} set={setTable} what="the funnel" />
      </Head>
      <ErrorNotice error={r.error} />
      {k && (
        <p>
          {k.deflectionRate === null
            ? 'No widget session searched or read an article in this period.'
            : `${k.deflectionRate}% of widget sessions that searched or read filed no ticket.`}
        </p>
      )}
      {k && table && (
        <table class="list-table">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {steps.map(([label, n]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {k && !table && (
        <svg
          class="histogram bars"
          viewBox={`0 0 640 ${steps.length * 34 + 8}`}
          role="img"
          aria-label={`Deflection funnel: ${steps.map(([l, n]) => `${l} ${n}`).join(', ')}`}
        >
          {steps.map(([label, n], i) => (
            <g key={label}>
              <text class="axis" x="0" y={i * 34 + 21}>
                {label}
              </text>
              <rect x="230" y={i * 34 + 4} width={(n / max) * 350} height="24" rx="3" />
              <text class="axis" x={238 + (n / max) * 350} y={i * 34 + 21}>
                {n}
              </text>
            </g>
          ))}
        </svg>
      )}
      {k && (
        <>
          <h3>Searches that found nothing</h3>
          {k.emptySearches.length ? (
            <table class="list-table">
              <thead>
                <tr>
                  <th scope="col">Search</th>
                  <th scope="col">Language</th>
                  <th scope="col">Times</th>
                </tr>
              </thead>
              <tbody>
                {k.emptySearches.map((e) => (
                  <tr key={`${e.locale}-${e.query}`}>
                    <th scope="row">{e.query}</th>
                    <td>{e.locale}</td>
                    <td>{e.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Every search found an article.</p>
          )}
        </>
      )}
    </section>
  );
}
