// The weekly summary's text and HTML: last week's figures, each beside the week before, and a link to the reports.
import { escapeHtml } from '../lib/html.ts';

export interface WeekFigures {
  created: number;
  resolved: number;
  /** Medians, in business time when the tenant has hours, else in calendar time. */
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  slaCompliance: number | null;
  csatScore: number | null;
  csatResponses: number;
}

export interface WeeklySummaryInput {
  tenant: { name: string };
  /** The reported week's Monday, as a local date. */
  weekStart: string;
  timezone: string;
  business: boolean;
  week: WeekFigures;
  before: WeekFigures;
  openNow: number;
  /** The agent's role sees part of the tickets: the figures say so. */
  limited: boolean;
  reportsUrl: string;
  settingsUrl: string;
}

/** 95 s → "2 min", 5400 s → "1 h 30 min", 200000 s → "2 d 7 h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  const min = Math.round(seconds / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const percent = (n: number | null) => (n === null ? '–' : `${n}%`);

function rows(i: WeeklySummaryInput): [string, string, string][] {
  const w = i.week;
  const b = i.before;
  const time = i.business ? ' (business hours)' : '';
  return [
    ['Tickets created', String(w.created), String(b.created)],
    ['Tickets resolved', String(w.resolved), String(b.resolved)],
    [`Median first response${time}`, duration(w.firstResponseSeconds), duration(b.firstResponseSeconds)],
    [`Median resolution${time}`, duration(w.resolutionSeconds), duration(b.resolutionSeconds)],
    ['SLA targets met', percent(w.slaCompliance), percent(b.slaCompliance)],
    [`CSAT (${w.csatResponses} ratings)`, percent(w.csatScore), percent(b.csatScore)],
  ];
}

export function renderWeeklySummary(i: WeeklySummaryInput): { subject: string; text: string; html: string } {
  const subject = `${i.tenant.name}: your week from ${i.weekStart}`;
  const lead = `The week from Monday ${i.weekStart} (${i.timezone})${
    i.limited ? ', for the tickets your role lets you see' : ''
  }, beside the week before.`;
  const table = rows(i);
  const open = `Open or pending now: ${i.openNow}`;
  const footer = `You get this because you asked for the weekly summary in ${i.tenant.name}'s help desk. Turn it off: ${i.settingsUrl}`;
  const width = Math.max(...table.map((r) => r[0].length));
  const text = [
    i.tenant.name,
    '',
    lead,
    '',
    `${''.padEnd(width)}  last week  week before`,
    ...table.map(([label, now, then]) => `${label.padEnd(width)}  ${now.padStart(9)}  ${then.padStart(11)}`),
    '',
    open,
    '',
    `Reports: ${i.reportsUrl}`,
    '',
    '--',
    footer,
    '',
  ].join('\n');
  const cell = 'padding:6px 10px;border-bottom:1px solid #e4e7eb';
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(i.tenant.name)}</h1>
<p style="margin:0 0 16px">${escapeHtml(lead)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%;font-size:14px">
<tr><th style="${cell};text-align:left"></th><th style="${cell};text-align:right">Last week</th><th style="${cell};text-align:right;color:#52606d">Week before</th></tr>
${table
  .map(
    ([label, now, then]) =>
      `<tr><td style="${cell}">${escapeHtml(label)}</td><td style="${cell};text-align:right;font-weight:600">${escapeHtml(now)}</td><td style="${cell};text-align:right;color:#52606d">${escapeHtml(then)}</td></tr>`,
  )
  .join('\n')}
</table>
<p style="margin:16px 0">${escapeHtml(open)}</p>
<p style="margin:0 0 16px"><a href="${escapeHtml(i.reportsUrl)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:8px 16px;border-radius:6px">Open the reports</a></p>
<p style="margin:0;color:#7b8794;font-size:12px">${escapeHtml(footer)}</p>
</div></body></html>
`;
  return { subject, text, html };
}
