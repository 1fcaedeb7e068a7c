// Pure state helpers: view queries, the snippet, per-day buckets, hash routes.
import { describe, expect, it } from 'vitest';
import { neighbour, queryFor, rememberOrder, tickets } from './queue.ts';
import { parseHash } from './router.ts';
import { snippetFor } from '../pages/settings/install.tsx';
import type { Tenant, Ticket } from '../types.ts';

describe('queryFor', () => {
  const none = { priority: '', tag: '', assignee: '', q: '', sort: 'updated' };
  it("asks the list API for the server's view, so the list is what the view's count counts", () => {
    expect(queryFor('mine', none)).toEqual({ view: 'mine', sort: 'updated' });
    expect(queryFor('unassigned', none)).toEqual({ view: 'unassigned', sort: 'updated' });
    expect(queryFor('resolved', none)).toEqual({ view: 'resolved', sort: 'updated' });
  });
  it('adds filters and lets the view own the assignee', () => {
    const f = { priority: 'urgent', tag: 'vip', assignee: 'agt_1', q: '', sort: 'slaDue' };
    expect(queryFor('open', f)).toEqual({
      view: 'open',
      sort: 'slaDue',
      order: 'asc',
      priority: 'urgent',
      tag: 'vip',
      assignee: 'agt_1',
    });
    expect(queryFor('unassigned', f).assignee).toBeUndefined();
  });
  it('leaves the view out of a search unless its chip is kept', () => {
    const f = { priority: 'urgent', tag: '', assignee: '', q: ' refund ', sort: 'updated' };
    expect(queryFor('open', f)).toEqual({ sort: 'updated', priority: 'urgent', q: 'refund' });
    expect(queryFor('open', f, true)).toEqual({ view: 'open', sort: 'updated', priority: 'urgent', q: 'refund' });
  });
  it('asks for a team queue as GET /teams/queue counts it, open and pending of that team, with the filters', () => {
    const f = { priority: '', tag: '', assignee: 'agt_1', q: '', sort: 'updated' };
    expect(queryFor('mine', f, false, 'team_1')).toEqual({
      teamId: 'team_1',
      status: 'open,pending',
      sort: 'updated',
      assignee: 'agt_1',
    });
    expect(queryFor('open', none, false, 'none')).toEqual({ teamId: 'none', status: 'open,pending', sort: 'updated' });
    expect(queryFor('open', { ...none, q: 'x' }, false, 'team_1')).toEqual({ sort: 'updated', q: 'x' });
  });
});

describe('snippetFor', () => {
  it("fills in the tenant's ids and this server's origin, and leaves the look to the branding settings", () => {
    const t = {
      id: 'ten_1',
      widgetKey: 'hd_pk_abc',
      branding: { primaryColor: '#0f766e', launcherPosition: 'bottom-left' },
    } as Tenant;
    const s = snippetFor(t, 'https://help.example.com');
    expect(s).toContain("tenantId: 'ten_1'");
    expect(s).toContain("apiKey: 'hd_pk_abc'");
    expect(s).toContain("s.src = 'https://help.example.com/embed.js'");
    // A theme in the snippet would override every later change made in Settings → Branding.
    expect(s).not.toMatch(/theme|primaryColor|position|#0f766e/);
  });
});

describe('parseHash', () => {
  it('splits path parts and query', () => {
    const r = parseHash('#/accept-invite?token=abc');
    expect(r.parts).toEqual(['accept-invite']);
    expect(r.query.get('token')).toBe('abc');
    expect(parseHash('').parts).toEqual([]);
  });
});

describe('neighbour', () => {
  const rows = (ids: string[]) => ids.map((id) => ({ id }) as Ticket);
  it('steps through the order the agent saw, even after the live queue reorders', () => {
    tickets.value = rows(['a', 'b', 'c', 'd']);
    rememberOrder();
    expect(neighbour('b', 1)).toBe('c');
    expect(neighbour('b', -1)).toBe('a');
    // b was answered (jumps to the top) and then resolved (leaves the view): j/k keep their meaning
    tickets.value = rows(['b', 'a', 'c', 'd']);
    tickets.value = rows(['a', 'c', 'd']);
    expect(neighbour('b', 1)).toBe('c');
    expect(neighbour('b', -1)).toBe('a');
    expect(neighbour('a', -1)).toBeUndefined();
    // a ticket opened from elsewhere falls back to the live list
    expect(neighbour('zzz', 1)).toBe('a');
  });
});

describe('hours form', () => {
  it('round-trips stored business hours, and shows "no hours" as open every day', async () => {
    const { hoursFormOf, settingsOf } = await import('../pages/settings/service-hours.tsx');
    const stored = {
      businessHours: {
        timezone: 'Europe/Berlin',
        schedule: { mon: { open: '08:00', close: '18:00' }, sat: null },
        holidays: ['2026-12-25'],
      },
      slaEnabled: true,
      autoAssignment: false,
    };
    const form = hoursFormOf(stored);
    expect(form.days.mon).toEqual({ open: true, from: '08:00', to: '18:00' });
    expect(form.days.sat.open).toBe(false);
    expect(form.days.tue.open).toBe(false); // a schedule without Tuesday means closed on Tuesday
    const back = settingsOf({ ...form, holidays: '2026-12-25\n 2026-12-26 ' });
    expect(back.businessHours?.schedule).toMatchObject({
      mon: { open: '08:00', close: '18:00' },
      sat: null,
      tue: null,
    });
    expect(back.businessHours?.holidays).toEqual(['2026-12-25', '2026-12-26']);
    expect(hoursFormOf({}).days.sun.open).toBe(true);
  });
});

describe('custom field inputs', () => {
  it('turn what an agent types into stored values, and labels into keys', async () => {
    const { valueFrom } = await import('../components/custom-field-values.tsx');
    const { keyFromLabel } = await import('../pages/settings/ticket-fields.tsx');
    expect(valueFrom({ type: 'number' }, ' 42 ')).toBe(42);
    expect(valueFrom({ type: 'text' }, '  ')).toBeNull();
    expect(valueFrom({ type: 'checkbox' }, true)).toBe(true);
    expect(valueFrom({ type: 'select' }, 'Tent')).toBe('Tent');
    expect(keyFromLabel('Order number')).toBe('order_number');
    expect(keyFromLabel('2nd Größe!')).toBe('nd_gro_e');
  });
});
