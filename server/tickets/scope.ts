// Which of a tenant's tickets a caller may see and change: the one definition every ticket query applies.
import type { Context } from 'hono';
import type { AppEnv, TenantPrincipal } from '../types.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import { placeholders } from '../db/placeholders.ts';
import type { RoleDefinition } from '../roles/permissions.ts';

export interface TicketScope {
  /** False when every ticket of the tenant is in reach, so a caller may skip per-ticket checks. */
  readonly limited: boolean;
  /** The condition on a `tickets` row (columns prefixed with `alias`, bare without one) and its parameters. */
  where(alias?: string): { sql: string; args: string[] };
}

const column = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);

/** For callers that are not a tenant member (the widget acts on one visitor's tickets it already checked, seeds). */
export const EVERY_TICKET: TicketScope = { limited: false, where: () => ({ sql: '1 = 1', args: [] }) };

/**
 * A role with conditions reaches only the tickets meeting every one of them: `own` (assigned to the agent holding
 * it), `team` (the ticket's team is one of the agent's teams; an agent in no team reaches none) and `priorities`.
 */
export function ticketScope(p: ScopeSubject): TicketScope {
  if (!p.ownTicketsOnly && !p.teamOnly && !p.priorities) return EVERY_TICKET;
  // "Own tickets" without an agent to own them reaches none.
  const own = p.ownTicketsOnly ? (p.agentId ?? '') : null;
  const teams = p.teamOnly ? [...p.teamIds] : null;
  const priorities = p.priorities ? [...p.priorities] : null;
  return {
    limited: true,
    where: (alias) => {
      const parts: string[] = [];
      const args: string[] = [];
      if (own !== null) {
        parts.push(`${column(alias, 'assignee_id')} = ?`);
        args.push(own);
      }
      if (teams !== null) {
        parts.push(teams.length ? `${column(alias, 'team_id')} IN (${placeholders(teams.length)})` : '0 = 1');
        args.push(...teams);
      }
      if (priorities !== null) {
        parts.push(`${column(alias, 'priority')} IN (${placeholders(priorities.length)})`);
        args.push(...priorities);
      }
      return { sql: `(${parts.join(' AND ')})`, args };
    },
  };
}

/** What a scope depends on: the role's conditions, and the agent and teams they name. */
export type ScopeSubject = Pick<TenantPrincipal, 'ownTicketsOnly' | 'teamOnly' | 'priorities' | 'teamIds'> & {
  agentId?: string;
};

/** An agent's scope outside a request (a mail about their tickets), from their role and teams. */
export const agentTicketScope = (
  role: Pick<RoleDefinition, 'ownTicketsOnly' | 'conditions'>,
  agentId: string,
  teamIds: readonly string[],
): TicketScope =>
  ticketScope({
    agentId,
    ownTicketsOnly: role.ownTicketsOnly,
    teamOnly: role.conditions.team,
    priorities: role.conditions.priorities?.length ? role.conditions.priorities : null,
    teamIds,
  });

export const ticketScopeOf = (c: Context<AppEnv>): TicketScope => ticketScope(tenantPrincipal(c));
