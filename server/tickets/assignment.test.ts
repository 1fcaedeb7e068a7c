// Auto-assignment over a simulated day: round-robin, least recently assigned first, within the ticket's team,
// skipping agents away in live-chat presence and agents at capacity.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type ReqOpts,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';

let h: Harness;
let t: SignedUp;
let clock: TestClock;

interface Agent {
  id: string;
  as: ReqOpts;
}

async function agent(name: string): Promise<Agent> {
  const email = `${name.toLowerCase()}@example.com`;
  const made = await h.json('POST', '/api/v1/agents', {
    ...t.as,
    body: { name, email, password: `${name} password 1` },
  });
  expect(made.status).toBe(201);
  const login = await h.json('POST', '/api/v1/auth/login', { body: { email, password: `${name} password 1` } });
  return { id: made.body.id, as: { cookie: sessionCookie(login.res) } };
}

async function settings(s: Record<string, unknown>) {
  const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { settings: s } });
  expect(r.status).toBe(200);
}

let n = 0;
async function file(extra: Record<string, unknown> = {}): Promise<{ id: string; assigneeId: string | null }> {
  const r = await h.json('POST', '/api/v1/tickets', {
    ...t.as,
    body: { subject: `Ticket ${++n}`, message: 'Help', requester: { email: `c${n}@example.com` }, ...extra },
  });
  expect(r.status).toBe(201);
  return r.body;
}

const available = (a: Agent, status: 'online' | 'away' | 'offline') =>
  h.json('PUT', '/api/v1/me/availability', { ...a.as, body: { status } });

beforeEach(async () => {
  clock = testClock('2026-03-02T00:00:00.000Z');
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

describe('auto-assignment', () => {
  it('spreads a day of 300 tickets fairly over the agents available, while agents go away and come back', async () => {
    const owner: Agent = { id: t.agent.id, as: t.as };
    const [ada, bo, cy] = [await agent('Ada'), await agent('Bo'), await agent('Cy')];
    const all = [owner, ada, bo, cy];
    await settings({ autoAssignment: true, chat: { enabled: true } });
    const counts = new Map(all.map((a) => [a.id, 0]));
    // Who is away when: Cy from 08:00 to 16:00, Bo from 12:00 to 14:00 (tickets every 4.8 minutes).
    const awayAt = (a: Agent, minute: number) =>
      (a === cy && minute >= 480 && minute < 960) || (a === bo && minute >= 720 && minute < 840);
    let window = new Map<string, number>();
    let windowKey = '';
    for (let i = 0; i < 300; i++) {
      const minute = i * 4.8;
      clock.set(new Date(Date.parse('2026-03-02T00:00:00.000Z') + minute * 60_000));
      const online = all.filter((a) => !awayAt(a, minute));
      // Each open inbox sends its heartbeat; the others have said they are away.
      for (const a of all) await available(a, awayAt(a, minute) ? 'away' : 'online');
      const key = online.map((a) => a.id).join();
      if (key !== windowKey) {
        // The set of available agents changed: everyone in it is within one ticket of the others over the last stretch.
        const values = [...window.values()];
        if (values.length) expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        const returning = windowKey && online.find((a) => !windowKey.split(',').includes(a.id));
        window = new Map(online.map((a) => [a.id, 0]));
        windowKey = key;
        const ticket = await file();
        // An agent back from away has the oldest turn: the next ticket is theirs.
        if (returning) expect(ticket.assigneeId).toBe(returning.id);
        counts.set(ticket.assigneeId!, counts.get(ticket.assigneeId!)! + 1);
        window.set(ticket.assigneeId!, window.get(ticket.assigneeId!)! + 1);
        continue;
      }
      const ticket = await file();
      expect(online.map((a) => a.id)).toContain(ticket.assigneeId);
      counts.set(ticket.assigneeId!, counts.get(ticket.assigneeId!)! + 1);
      window.set(ticket.assigneeId!, window.get(ticket.assigneeId!)! + 1);
    }
    const values = [...window.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    // Owner and Ada were there all day; Bo missed 2 hours, Cy 8: the day's tickets follow the hours worked.
    const got = all.map((a) => counts.get(a.id)!);
    expect(got.reduce((x, y) => x + y, 0)).toBe(300);
    const [o, a, b, c] = got;
    expect(Math.abs(o - a)).toBeLessThanOrEqual(1);
    expect(o).toBeGreaterThanOrEqual(86);
    expect(o).toBeLessThanOrEqual(89);
    expect(b).toBeGreaterThanOrEqual(73);
    expect(b).toBeLessThanOrEqual(77);
    expect(c).toBeGreaterThanOrEqual(48);
    expect(c).toBeLessThanOrEqual(52);
  }, 120_000);

  it('skips agents at capacity (tenant setting, an agent’s own limit first) and leaves the ticket unassigned when all are', async () => {
    const ada = await agent('Ada');
    await settings({ autoAssignment: true, maxOpenTicketsPerAgent: 2 });
    await h.json('PATCH', `/api/v1/agents/${t.agent.id}`, { ...t.as, body: { maxOpenTickets: 1 } });
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await file()).assigneeId);
    // Neither has had a turn at first, so which of the two goes first is open; the places are not.
    expect(got.slice(0, 3).sort()).toEqual([t.agent.id, ada.id, ada.id].sort());
    expect(got[3]).toBeNull();
    // Resolving one frees a place.
    const adas = (await h.json('GET', `/api/v1/tickets?assignee=${ada.id}`, t.as)).body.data;
    await h.json('PATCH', `/api/v1/tickets/${adas[0].id}`, { ...t.as, body: { status: 'resolved' } });
    expect((await file()).assigneeId).toBe(ada.id);
  });

  it('goes round-robin within the ticket’s team, and over everyone for a ticket of no team', async () => {
    const [ada, bo, cy] = [await agent('Ada'), await agent('Bo'), await agent('Cy')];
    await settings({ autoAssignment: true });
    const team = (
      await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Returns', agentIds: [bo.id, cy.id] } })
    ).body;
    const teamTickets = [];
    for (let i = 0; i < 6; i++) teamTickets.push((await file({ teamId: team.id })).assigneeId);
    const [first, second] = teamTickets;
    expect([first, second].sort()).toEqual([bo.id, cy.id].sort());
    expect(teamTickets).toEqual([first, second, first, second, first, second]);
    // Owner and Ada have had no turn yet, so they come first for a ticket of no team; then the team's, oldest turn first.
    const open = [];
    for (let i = 0; i < 4; i++) open.push((await file()).assigneeId);
    expect(open.slice(0, 2).sort()).toEqual([t.agent.id, ada.id].sort());
    expect(open.slice(2)).toEqual([first, second]);
    // A team with nobody available leaves its ticket unassigned, in the team's queue.
    const empty = (await h.json('POST', '/api/v1/teams', { ...t.as, body: { name: 'Nobody' } })).body;
    expect((await file({ teamId: empty.id })).assigneeId).toBeNull();
  });
});
