// Team use cases: create, change (name, members), delete — each one transaction with its audit entry.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { appendEvent } from '../events/log.ts';
import { newId } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import { getTicketRows, saveTicket, toTicket } from '../tickets/queries.ts';
import { removeTeamFromRules } from '../routing/queries.ts';
import {
  deleteTeamRows,
  getTeam,
  insertTeam,
  renameTeam,
  setTeamMembers,
  teamNameTaken,
  ticketIdsOfTeam,
  touchTeam,
  unknownAgents,
} from './queries.ts';
import type { Team, TeamInput, TeamPatch } from './schemas.ts';
import { recordActivity } from '../tickets/activity.ts';

const nameTaken = (name: string) => conflict(`A team named "${name}" already exists.`);

async function checkAgents(db: Db, tenantId: string, agentIds: string[] | undefined): Promise<string[] | undefined> {
  if (agentIds === undefined) return undefined;
  const ids = [...new Set(agentIds)];
  const unknown = await unknownAgents(db, tenantId, ids);
  if (unknown.length) throw invalidField('agentIds', `${unknown.join(', ')}: not an agent of this help desk`);
  return ids;
}

export async function createTeam(db: Db, actor: Actor, input: TeamInput, now: Date): Promise<Team> {
  const tenantId = actorTenant(actor);
  const agentIds = (await checkAgents(db, tenantId, input.agentIds)) ?? [];
  const id = newId('team');
  await db.tx(async (tx) => {
    if (await teamNameTaken(tx, tenantId, input.name)) throw nameTaken(input.name);
    await insertTeam(tx, tenantId, { id, name: input.name, now: now.toISOString() });
    await setTeamMembers(tx, tenantId, id, agentIds);
    await audit(
      actor,
      tx,
      { action: 'team.created', targetType: 'team', targetId: id, details: { name: input.name, agentIds } },
      now,
    );
  });
  return (await getTeam(db, tenantId, id))!;
}

export async function updateTeam(db: Db, actor: Actor, id: string, patch: TeamPatch, now: Date): Promise<Team> {
  const tenantId = actorTenant(actor);
  const agentIds = await checkAgents(db, tenantId, patch.agentIds);
  await db.tx(async (tx) => {
    const current = await getTeam(tx, tenantId, id);
    if (!current) throw notFound('Team');
    const ts = now.toISOString();
    if (patch.name !== undefined && patch.name !== current.name) {
      if (await teamNameTaken(tx, tenantId, patch.name, id)) throw nameTaken(patch.name);
      await renameTeam(tx, tenantId, id, patch.name, ts);
    }
    if (agentIds) {
      await setTeamMembers(tx, tenantId, id, agentIds);
      await touchTeam(tx, tenantId, id, ts);
    }
    const details: Record<string, unknown> = { fields: Object.keys(patch) };
    if (agentIds) {
      details.added = agentIds.filter((a) => !current.agentIds.includes(a));
      details.removed = current.agentIds.filter((a) => !agentIds.includes(a));
    }
    await audit(actor, tx, { action: 'team.updated', targetType: 'team', targetId: id, details }, now);
  });
  return (await getTeam(db, tenantId, id))!;
}

/**
 * Deletes a team: its tickets keep everything but the team (each gets activity and a `ticket.updated` event),
 * and routing rules that set it stop setting a team.
 */
export async function deleteTeam(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const team = await getTeam(tx, tenantId, id);
    if (!team) throw notFound('Team');
    const ts = now.toISOString();
    const rows = await getTicketRows(tx, tenantId, await ticketIdsOfTeam(tx, tenantId, id));
    for (const row of rows) {
      row.team_id = null;
      row.updated_at = ts;
      await saveTicket(tx, row);
      await recordActivity(
        tx,
        tenantId,
        {
          id: newId('act'),
          ticketId: row.id,
          actor: { type: 'system', id: null, name: `Team ${team.name} deleted` },
          action: 'ticket.updated',
          changes: { teamId: { from: id, to: null } },
        },
        ts,
      );
      if (row.spam) continue;
      const ticket = toTicket(row, now);
      await appendEvent(
        tx,
        tenantId,
        { type: 'ticket.updated', data: ticket, audience: 'public', visitorScope: ticket.requester.id },
        now,
      );
    }
    await removeTeamFromRules(tx, tenantId, id, ts);
    await deleteTeamRows(tx, tenantId, id);
    await audit(
      actor,
      tx,
      {
        action: 'team.deleted',
        targetType: 'team',
        targetId: id,
        details: { name: team.name, ticketsUnset: rows.length },
      },
      now,
    );
  });
}
