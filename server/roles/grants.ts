// Who may hand out which access: nobody grants more than they hold, and owners and admins are the owner's to make.
import type { TenantPrincipal } from '../types.ts';
import { Problem } from '../lib/problem.ts';
import type { Permission } from './permissions.ts';
import type { Priority } from '../sla/schemas.ts';

/** What a grant hands over: a role (built-in or custom, proposed or stored), or an API key's scopes. */
export interface Grant {
  /** The role id; owner and admin are reserved to owners whatever permissions the caller holds. */
  id?: string;
  permissions: readonly Permission[];
  ownTicketsOnly: boolean;
  /** A role's team and priority conditions; absent (an API key): none, i.e. every team and priority. */
  conditions?: { team?: boolean; priorities?: readonly Priority[] };
}

/** The one refusal of this module: 403 naming what the caller would have to hold. */
const cannotGrant = (detail: string, extra: Record<string, unknown> = {}) =>
  new Problem(403, detail, { type: 'https://helpdesk.dev/problems/cannot-grant', extra });
const OWNER_ONLY_ROLES = new Set(['owner', 'admin']);

export const isOwner = (p: TenantPrincipal) => p.kind === 'agent' && p.roleId === 'owner';

/**
 * Throws a 403 naming what is missing unless `p` may hand `grant` to someone (or shape a role into
 * it): every permission must be one `p` holds, a caller limited to own tickets can only pass that
 * limit on, and only an owner makes owners and admins.
 */
export function assertCanGrant(p: TenantPrincipal, grant: Grant) {
  if (grant.id && OWNER_ONLY_ROLES.has(grant.id) && !isOwner(p)) {
    throw cannotGrant('Only an owner can make or change owners and admins.', { role: grant.id, requiredRole: 'owner' });
  }
  const missing = [...new Set(grant.permissions)].filter((perm) => !p.permissions.has(perm)).sort();
  if (missing.length) {
    throw cannotGrant(
      `You cannot grant ${missing.join(', ')}: you do not hold ${missing.length === 1 ? 'it' : 'them'}.`,
      { missing },
    );
  }
  if (p.ownTicketsOnly && !grant.ownTicketsOnly) {
    throw cannotGrant(
      'Your role is limited to your own tickets, so whatever you grant must keep that limit (an API key cannot carry it).',
      {
        missing: ['ownTicketsOnly'],
      },
    );
  }
  // A condition-less grant reaches more tickets than a limited caller: each condition the caller has must be kept.
  if (p.teamOnly && !grant.conditions?.team) {
    throw cannotGrant(
      "Your role is limited to your teams' tickets, so whatever you grant must keep that limit (an API key cannot carry it).",
      { missing: ['conditions.team'] },
    );
  }
  if (p.priorities) {
    const held = new Set(p.priorities);
    const given = grant.conditions?.priorities;
    const beyond = given?.length ? given.filter((x) => !held.has(x)) : null;
    if (!beyond || beyond.length) {
      throw cannotGrant(
        `Your role is limited to ${p.priorities.join(', ')} tickets, so whatever you grant must stay within those priorities.`,
        { missing: ['conditions.priorities'] },
      );
    }
  }
}

/**
 * Changing another agent needs power over the role they hold now (so nobody edits, disables or
 * demotes someone above them) and over the role they are given. Nobody changes their own role or
 * disables themselves; their own name and capacity are theirs to change.
 */
export function assertCanChangeAgent(
  p: TenantPrincipal,
  target: { id: string; role: Grant },
  change: { role?: Grant; disable?: boolean },
) {
  const roleChanges = change.role !== undefined && change.role.id !== target.role.id;
  if (p.kind === 'agent' && p.agentId === target.id) {
    if (roleChanges || change.disable) throw cannotGrant('You cannot disable yourself or change your own role.');
    return;
  }
  assertCanGrant(p, target.role);
  if (roleChanges) assertCanGrant(p, change.role!);
}
