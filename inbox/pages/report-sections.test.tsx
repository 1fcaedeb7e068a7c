// @vitest-environment happy-dom
// The reports' lower sections: target names, SLA numbers that open their tickets (narrowed to the priority), the
// backlog's day rows opening that day's resolutions, the CSAT comments filtered by rating, and the KB funnel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import {
  BacklogSection,
  CsatComments,
  funnelSteps,
  KbDeflectionSection,
  SlaSection,
  slaKinds,
  targetLabel,
} from './report-sections.tsx';
import type { KbDeflection, SlaTargetRow } from '../types.ts';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const Q = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-31T00:00:00.000Z' };

function serve(answers: Record<string, unknown>) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      const path = new URL(url, 'http://x').pathname.replace('/api/v1', '');
      return json(answers[path]);
    }),
  );
  return calls;
}
async function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(vnode, root));
  await settle();
  return root;
}
const row = (over: Partial<SlaTargetRow>): SlaTargetRow => ({
  priority: 'high',
  target: 'first_response',
  targetMinutes: 30,
  met: 3,
  breached: 1,
  stillOpen: 1,
  compliance: 75,
  ...over,
});

describe('report sections', () => {
  it('names a target with its priority and time, and picks the drill-down kinds of its numbers', () => {
    expect(targetLabel(row({}))).toBe('High · First response (30 min)');
    expect(targetLabel(row({ target: 'resolution', targetMinutes: 480, priority: 'normal' }))).toBe(
      'Normal · Resolution (8 h)',
    );
    expect(targetLabel(row({ targetMinutes: null }))).toBe('High · First response (no target now)');
    expect(slaKinds(row({ target: 'resolution' }))).toEqual({
      met: 'sla_resolution_met',
      breached: 'sla_resolution_breached',
    });
  });

  it('SLA per target: a chart by default, a table on request whose numbers open the tickets of that priority', async () => {
    serve({
      '/analytics/sla': {
        period: Q,
        targets: [
          row({}),
          row({ target: 'resolution', targetMinutes: 480, met: 0, breached: 0, stillOpen: 0, compliance: null }),
        ],
        firstResponse: { met: 3, breached: 1, stillOpen: 1, compliance: 75 },
        resolution: { met: 0, breached: 0, stillOpen: 0, compliance: null },
      },
    });
    const open = vi.fn();
    const root = await mount(<SlaSection q={Q} open={open} />);
    expect(root.querySelector('svg')!.getAttribute('aria-label')).toBe(
      'SLA compliance per target: High · First response (30 min) 75%, High · Resolution (8 h) nothing due',
    );
    // A target with nothing due has a grey track, not a red one (nothing was breached).
    expect([...root.querySelectorAll('rect')].map((r) => r.getAttribute('class'))).toEqual([
      'bar-bad',
      null,
      'bar-none',
      null,
    ]);
    expect(root.querySelector('a[download]')!.getAttribute('href')).toContain('/api/v1/analytics/sla?from=');
    await act(() => (root.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    const breached = root.querySelector('button[aria-label^="High · First response (30 min) breached"]')!;
    expect(breached.textContent).toBe('1');
    await act(() => (breached as HTMLButtonElement).click());
    expect(open).toHaveBeenCalledWith('sla_first_response_breached', 'High · First response (30 min) breached', {
      priority: 'high',
    });
  });

  it("backlog: a day's resolved number opens that day's resolutions", async () => {
    serve({
      '/analytics/backlog': {
        timezone: 'Europe/Berlin',
        openAtStart: 1,
        days: [
          {
            date: '2026-03-02',
            start: '2026-03-01T23:00:00.000Z',
            end: '2026-03-02T23:00:00.000Z',
            created: 2,
            resolved: 1,
            reopened: 0,
            openAtEnd: 2,
          },
        ],
      },
    });
    const open = vi.fn();
    const root = await mount(<BacklogSection q={Q} open={open} />);
    expect(root.querySelector('h2')!.textContent).toBe('Backlog by day (Europe/Berlin)');
    expect(root.querySelector('figcaption')!.textContent).toContain('Open at day end (2)');
    await act(() => (root.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    await act(() => (root.querySelector('button[aria-label^="Resolved 2026-03-02"]') as HTMLButtonElement).click());
    expect(open).toHaveBeenCalledWith('resolution', 'Resolved 2026-03-02', {
      from: '2026-03-01T23:00:00.000Z',
      to: '2026-03-02T23:00:00.000Z',
    });
  });

  it('CSAT comments show as text and reload for one rating', async () => {
    const calls = serve({
      '/analytics/csat/responses': {
        data: [
          {
            id: 'csat_1',
            rating: 'bad',
            comment: '<b>slow</b>',
            at: '2026-03-02T10:00:00.000Z',
            ticketId: 'tkt_1',
            number: 7,
            subject: 'Zip',
            agentId: null,
            agentName: null,
          },
        ],
        nextCursor: null,
      },
    });
    const root = await mount(<CsatComments q={Q} />);
    expect(root.querySelector('.csat-comment')!.textContent).toBe('<b>slow</b>');
    expect(root.querySelector('.csat-comment b')).toBeNull();
    const select = root.querySelector('select')!;
    select.value = 'bad';
    await act(() => void select.dispatchEvent(new Event('change')));
    await settle();
    expect(calls.at(-1)).toContain('rating=bad');
  });

  it('KB deflection: the funnel in order, the rate in words, and the empty searches', async () => {
    const k: KbDeflection = {
      period: Q,
      searches: 10,
      articleViews: 6,
      sessions: { total: 4, searched: 4, viewed: 3, filedTicket: 1, noTicket: 3 },
      deflectionRate: 75,
      emptySearches: [{ query: 'warranty', locale: 'en', count: 3, lastDay: '2026-03-02' }],
    };
    expect(funnelSteps(k).map((s) => s[1])).toEqual([10, 6, 4, 3]);
    const calls = serve({ '/analytics/kb-deflection': k });
    const root = await mount(<KbDeflectionSection q={{ ...Q, teamId: 'team_1' }} />);
    // The KB has no team: only the period goes along.
    expect(calls[0]).not.toContain('teamId');
    expect(root.textContent).toContain('75% of widget sessions that searched or read filed no ticket.');
    expect(root.querySelector('tbody th')!.textContent).toBe('warranty');
  });
});
