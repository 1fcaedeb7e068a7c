// Identity-provider groups → roles: one ordered list per tenant (`security.groupRoles`), read by SSO sign-in (a groups
// claim or attribute) and by SCIM (group membership) alike, so a person's role never depends on how they arrived.
import type { Queryable } from '../db/client.ts';
import type { TenantPrincipal } from '../types.ts';
import { invalidField } from '../lib/problem.ts';
import { assertCanGrant } from './grants.ts';
import { getRole } from './queries.ts';

export interface GroupRole {
  group: string;
  roleId: string;
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/**
 * The role of someone in `groups`: the first entry of `mapping` naming one of them (group names compare
 * case-insensitively), else `fallbackRoleId`. Owner is never handed out this way: such an entry is skipped.
 */
export function roleForGroups(
  mapping: readonly GroupRole[],
  groups: readonly string[],
  fallbackRoleId: string,
): string {
  for (const entry of mapping) {
    if (entry.roleId === 'owner') continue;
    if (groups.some((g) => same(g, entry.group))) return entry.roleId;
  }
  return fallbackRoleId;
}

/** A mapping the caller saves: every role must exist in the tenant, be grantable by the caller, and not be owner. */
export async function assertGroupRolesGrantable(
  q: Queryable,
  p: TenantPrincipal,
  tenantId: string,
  mapping: readonly GroupRole[],
): Promise<void> {
  for (const [i, entry] of mapping.entries()) {
    if (entry.roleId === 'owner')
      throw invalidField(`security.groupRoles.${i}.roleId`, 'owners are never made by an identity-provider group');
    const role = await getRole(q, tenantId, entry.roleId);
    if (!role) throw invalidField(`security.groupRoles.${i}.roleId`, `no role "${entry.roleId}" in this account`);
    assertCanGrant(p, { id: role.id, permissions: role.permissions, ownTicketsOnly: role.ownTicketsOnly });
  }
}
