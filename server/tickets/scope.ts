// Which of a tenant's tickets a caller may see and change: the one definition every ticket query applies.
import type { Context } from 'hono';
import type { AppEnv, TenantPrincipal } from '../types.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';

export interface TicketScope {
  /** False when every ticket of the tenant is in reach, so a caller may skip per-ticket checks. */
  readonly limited: boolean;
  /** The condition on a `tickets` row (columns prefixed with `alias`, bare without one) and its parameters. */
  where(alias?: string): { sql: string; args: string[] };
}

const column = (alias: string | undefined, name: string) => (alias ? `${alias}.${name}` : name);

/** For callers that are not a tenant member (the widget acts on one visitor's tickets it already checked, seeds). */
export const EVERY_TICKET: TicketScope = { limited: false, where: () => ({ sql: '1 = 1', args: [] }) };

/** A role with the "own tickets only" condition reaches only the tickets assigned to the agent holding it. */
export function ticketScope(p: TenantPrincipal): TicketScope {
  if (!p.ownTicketsOnly) return EVERY_TICKET;
  const agentId = p.agentId;
  return { limited: true, where: (alias) => ({ sql: `${column(alias, 'assignee_id')} = ?`, args: [agentId] }) };
}

export const ticketScopeOf = (c: Context<AppEnv>): TicketScope => ticketScope(tenantPrincipal(c));
