// Team rows of a tenant and their members; the team of a ticket is tickets.team_id.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { Team, TeamQueueCounts } from './schemas.ts';

interface TeamRow {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

async function withMembers(q: Queryable, tenantId: string, rows: TeamRow[]): Promise<Team[]> {
  if (!rows.length) return [];
  const members = await q.all<{ team_id: string; agent_id: string }>(
    `SELECT m.team_id, m.agent_id FROM team_members m JOIN agents a ON a.id = m.agent_id AND a.tenant_id = m.tenant_id
     WHERE m.tenant_id = ? AND m.team_id IN (${placeholders(rows.length)}) ORDER BY a.created_at, a.id`,
    [tenantId, ...rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    agentIds: members.filter((m) => m.team_id === r.id).map((m) => m.agent_id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function listTeams(q: Queryable, tenantId: string): Promise<Team[]> {
  const rows = await q.all<TeamRow>(
    'SELECT id, name, created_at, updated_at FROM teams WHERE tenant_id = ? ORDER BY name COLLATE NOCASE, id',
    [tenantId],
  );
  return withMembers(q, tenantId, rows);
}

export async function getTeam(q: Queryable, tenantId: string, id: string): Promise<Team | undefined> {
  const row = await q.get<TeamRow>(
    'SELECT id, name, created_at, updated_at FROM teams WHERE tenant_id = ? AND id = ?',
    [tenantId, id],
  );
  return row ? (await withMembers(q, tenantId, [row]))[0] : undefined;
}

export async function teamExists(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM teams WHERE tenant_id = ? AND id = ?', [tenantId, id]));
}

export async function teamNameTaken(q: Queryable, tenantId: string, name: string, exceptId = ''): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM teams WHERE tenant_id = ? AND name = ? COLLATE NOCASE AND id != ?', [
    tenantId,
    name,
    exceptId,
  ]));
}

export async function insertTeam(q: Queryable, tenantId: string, t: { id: string; name: string; now: string }) {
  await q.run('INSERT INTO teams (id, tenant_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [
    t.id,
    tenantId,
    t.name,
    t.now,
    t.now,
  ]);
}

export async function renameTeam(q: Queryable, tenantId: string, id: string, name: string, now: string) {
  await q.run('UPDATE teams SET name = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [name, now, tenantId, id]);
}

export async function touchTeam(q: Queryable, tenantId: string, id: string, now: string) {
  await q.run('UPDATE teams SET updated_at = ? WHERE tenant_id = ? AND id = ?', [now, tenantId, id]);
}

export async function setTeamMembers(q: Queryable, tenantId: string, teamId: string, agentIds: string[]) {
  await q.run('DELETE FROM team_members WHERE tenant_id = ? AND team_id = ?', [tenantId, teamId]);
  for (const agentId of agentIds)
    await q.run('INSERT OR IGNORE INTO team_members (tenant_id, team_id, agent_id) VALUES (?, ?, ?)', [
      tenantId,
      teamId,
      agentId,
    ]);
}

/** The ids of `agentIds` that are no agent of the tenant. */
export async function unknownAgents(q: Queryable, tenantId: string, agentIds: string[]): Promise<string[]> {
  if (!agentIds.length) return [];
  const found = await q.all<{ id: string }>(
    `SELECT id FROM agents WHERE tenant_id = ? AND id IN (${placeholders(agentIds.length)})`,
    [tenantId, ...agentIds],
  );
  const known = new Set(found.map((r) => r.id));
  return agentIds.filter((id) => !known.has(id));
}

/** The tickets of a team (to un-set it on them), and the team row with its members. */
export async function ticketIdsOfTeam(q: Queryable, tenantId: string, teamId: string): Promise<string[]> {
  const rows = await q.all<{ id: string }>('SELECT id FROM tickets WHERE tenant_id = ? AND team_id = ?', [
    tenantId,
    teamId,
  ]);
  return rows.map((r) => r.id);
}

export async function deleteTeamRows(q: Queryable, tenantId: string, teamId: string) {
  await q.run('DELETE FROM team_members WHERE tenant_id = ? AND team_id = ?', [tenantId, teamId]);
  await q.run('DELETE FROM teams WHERE tenant_id = ? AND id = ?', [tenantId, teamId]);
}

export async function removeAgentFromTeams(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM team_members WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}

/** The teams an agent is in (their principal carries them for the team condition). */
export async function teamIdsOfAgent(q: Queryable, tenantId: string, agentId: string): Promise<string[]> {
  const rows = await q.all<{ team_id: string }>(
    'SELECT team_id FROM team_members WHERE tenant_id = ? AND agent_id = ? ORDER BY team_id',
    [tenantId, agentId],
  );
  return rows.map((r) => r.team_id);
}

/** Members of a team (active or not; assignment filters). */
export async function teamMemberIds(q: Queryable, tenantId: string, teamId: string): Promise<string[]> {
  const rows = await q.all<{ agent_id: string }>(
    'SELECT agent_id FROM team_members WHERE tenant_id = ? AND team_id = ?',
    [tenantId, teamId],
  );
  return rows.map((r) => r.agent_id);
}

/** Open or pending tickets per team within the caller's scope: the team views of the queue sidebar. */
export async function teamQueueCounts(q: Queryable, tenantId: string, scope: TicketScope): Promise<TeamQueueCounts> {
  const visible = scope.where('t');
  const rows = await q.all<{ team_id: string | null; open: number; unassigned: number }>(
    `SELECT t.team_id, count(*) AS open, sum(CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned
     FROM tickets t WHERE t.tenant_id = ? AND t.spam = 0 AND t.status IN ('open', 'pending') AND ${visible.sql}
     GROUP BY t.team_id`,
    [tenantId, ...visible.args],
  );
  const byTeam = new Map(rows.map((r) => [r.team_id, r]));
  const teams = await q.all<{ id: string; name: string }>(
    'SELECT id, name FROM teams WHERE tenant_id = ? ORDER BY name COLLATE NOCASE, id',
    [tenantId],
  );
  return {
    data: teams.map((t) => ({
      teamId: t.id,
      name: t.name,
      open: byTeam.get(t.id)?.open ?? 0,
      unassigned: byTeam.get(t.id)?.unassigned ?? 0,
    })),
    none: byTeam.get(null)?.open ?? 0,
  };
}
