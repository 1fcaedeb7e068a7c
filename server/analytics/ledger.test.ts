import { describe, expect, it } from 'vitest';
import { ledgerFor, type HistoryMessage, type HistoryStatusChange, type TicketHistory } from './ledger.ts';

const weekdays = {
  mon: { open: '09:00', close: '17:00' },
  tue: { open: '09:00', close: '17:00' },
  wed: { open: '09:00', close: '17:00' },
  thu: { open: '09:00', close: '17:00' },
  fri: { open: '09:00', close: '17:00' },
};
const berlin = { timezone: 'Europe/Berlin', schedule: weekdays, holidays: ['2026-04-03'] };
const H = 3600;

const customer = (at: string): HistoryMessage => ({ at, authorType: 'customer', authorId: 'cus_1', internal: false });
const agent = (at: string, id = 'agt_ana', internal = false): HistoryMessage => ({
  at,
  authorType: 'agent',
  authorId: id,
  internal,
});
const bot = (at: string): HistoryMessage => ({ at, authorType: 'api', authorId: 'key_1', internal: false });
const status = (
  at: string,
  from: string,
  to: string,
  actorType = 'agent',
  actorId = 'agt_ana',
): HistoryStatusChange => ({
  at,
  from,
  to,
  actorType,
  actorId,
});
const ticket = (h: Partial<TicketHistory> & { createdAt: string }): TicketHistory => ({
  messages: [],
  statusChanges: [],
  firstResponseDueAt: null,
  resolutionDueAt: null,
  ...h,
});
/** [kind, calendar hours, business hours, agent] per row, the figures worked out by hand in the comments. */
const figures = (h: TicketHistory) =>
  ledgerFor(h, berlin).map((r) => [
    r.kind,
    r.calendarSeconds === null ? null : r.calendarSeconds / H,
    r.businessSeconds === null ? null : r.businessSeconds / H,
    r.agentId,
    ...(r.met === null ? [] : [r.met]),
  ]);

describe('the metric ledger of one ticket', () => {
  it('an overnight arrival: the first response counts only working hours in business time', () => {
    // Wed 22:00 Berlin → Thu 10:00: 12 h on the clock, 1 working hour; solved Thu 12:00 (14 h, 3 h).
    const t = ticket({
      createdAt: '2026-03-04T21:00:00Z',
      messages: [customer('2026-03-04T21:00:00Z'), agent('2026-03-05T09:00:00Z')],
      statusChanges: [status('2026-03-05T11:00:00Z', 'open', 'resolved')],
    });
    expect(figures(t)).toEqual([
      ['first_response', 12, 1, 'agt_ana'],
      ['resolution', 14, 3, 'agt_ana'],
    ]);
  });

  it('a weekend arrival and the daylight-saving change', () => {
    // Sat 28 March 11:00 CET → Mon 30 March 10:00 CEST: 46 h on the clock (the night lost an hour), 1 working hour.
    const t = ticket({
      createdAt: '2026-03-28T10:00:00Z',
      messages: [customer('2026-03-28T10:00:00Z'), agent('2026-03-30T08:00:00Z')],
    });
    expect(figures(t)).toEqual([['first_response', 46, 1, 'agt_ana']]);
  });

  it('a holiday is not working time', () => {
    // Thu 2 April 16:00 → Mon 6 April 10:00, Good Friday a holiday: 1 h Thursday + 1 h Monday.
    const t = ticket({ createdAt: '2026-04-02T14:00:00Z', messages: [agent('2026-04-06T08:00:00Z')] });
    expect(figures(t)).toEqual([['first_response', 90, 2, 'agt_ana']]);
  });

  it('a reopened ticket: the second resolution is measured from the reopen, not from creation', () => {
    const t = ticket({
      createdAt: '2026-03-02T09:00:00Z', // Mon 10:00
      messages: [
        customer('2026-03-02T09:00:00Z'),
        agent('2026-03-02T10:00:00Z'), // 1 h
        customer('2026-03-03T09:00:00Z'), // Tue 10:00, reopens it
        agent('2026-03-03T09:30:00Z'), // next response 0.5 h
      ],
      statusChanges: [
        status('2026-03-02T11:00:00Z', 'open', 'resolved'), // 2 h after creation
        status('2026-03-03T09:00:00Z', 'resolved', 'open', 'customer', 'cus_1'),
        status('2026-03-03T12:00:00Z', 'open', 'closed'), // 3 h after the reopen
      ],
    });
    expect(figures(t)).toEqual([
      ['first_response', 1, 1, 'agt_ana'],
      ['resolution', 2, 2, 'agt_ana'],
      ['reopen', null, null, null],
      ['next_response', 0.5, 0.5, 'agt_ana'],
      ['resolution', 3, 3, 'agt_ana'],
    ]);
  });

  it('a pending pause is recorded as waiting on the customer', () => {
    const t = ticket({
      createdAt: '2026-03-02T09:00:00Z',
      messages: [agent('2026-03-02T09:15:00Z'), customer('2026-03-02T13:00:00Z'), agent('2026-03-02T14:00:00Z')],
      statusChanges: [
        status('2026-03-02T09:15:00Z', 'open', 'pending'),
        status('2026-03-02T13:00:00Z', 'pending', 'open', 'customer', 'cus_1'), // waited 3 h 45
      ],
    });
    expect(figures(t)).toEqual([
      ['first_response', 0.25, 0.25, 'agt_ana'],
      ['waiting', 3.75, 3.75, null],
      ['next_response', 1, 1, 'agt_ana'],
    ]);
  });

  it('a reassignment credits the agent who answered; notes and bots are not agent work', () => {
    const t = ticket({
      createdAt: '2026-03-02T09:00:00Z',
      messages: [
        customer('2026-03-02T09:00:00Z'),
        bot('2026-03-02T09:00:05Z'), // an auto-reply: not a first response
        agent('2026-03-02T09:30:00Z', 'agt_ana', true), // an internal note: not a response either
        agent('2026-03-02T11:00:00Z', 'agt_ben'),
      ],
    });
    const rows = ledgerFor(t, berlin);
    expect(rows.map((r) => [r.kind, r.agentId, r.automated])).toEqual([
      ['automated_reply', null, true],
      ['first_response', 'agt_ben', false],
    ]);
    expect(rows[1].calendarSeconds).toBe(2 * H);
  });

  it('SLA targets: met when answered by the due time, breached after it; only the first resolution counts', () => {
    const t = ticket({
      createdAt: '2026-03-02T09:00:00Z',
      firstResponseDueAt: '2026-03-02T10:00:00Z',
      resolutionDueAt: '2026-03-02T12:00:00Z',
      messages: [agent('2026-03-02T09:59:59Z')],
      statusChanges: [
        status('2026-03-02T12:00:01Z', 'open', 'resolved'),
        status('2026-03-02T13:00:00Z', 'resolved', 'open'),
        status('2026-03-02T13:30:00Z', 'open', 'resolved'),
      ],
    });
    expect(
      ledgerFor(t, berlin)
        .filter((r) => r.kind.startsWith('sla_'))
        .map((r) => [r.kind, r.met]),
    ).toEqual([
      ['sla_first_response', 1],
      ['sla_resolution', 0],
    ]);
  });

  it('closing a resolved ticket is not a second resolution', () => {
    const t = ticket({
      createdAt: '2026-03-02T09:00:00Z',
      statusChanges: [
        status('2026-03-02T10:00:00Z', 'open', 'resolved'),
        status('2026-03-05T10:00:00Z', 'resolved', 'closed'),
      ],
    });
    expect(figures(t)).toEqual([['resolution', 1, 1, 'agt_ana']]);
  });
});
