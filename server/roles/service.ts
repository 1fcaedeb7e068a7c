// Role use cases: create, update, delete a custom role — each one transaction with its audit entry.
// The route has checked the caller may grant the role (roles/grants.ts) before any of them runs.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { conflict, invalidField } from '../lib/problem.ts';
import type { RoleDefinition } from './permissions.ts';
import {
  countAgentsWithRole,
  deleteRole as deleteRoleRow,
  getRole,
  insertRole,
  roleNameTaken,
  updateRole as updateRoleRow,
} from './queries.ts';
import type { RoleFields, RoleInput } from './schemas.ts';

const nameTaken = (name: string) => conflict(`A role named "${name}" already exists.`);

export async function createRole(db: Db, actor: Actor, input: RoleFields, now: Date): Promise<RoleDefinition> {
  const tenantId = actorTenant(actor);
  const id = newId('rol');
  await db.tx(async (tx) => {
    if (await roleNameTaken(tx, tenantId, input.name)) throw nameTaken(input.name);
    await insertRole(tx, tenantId, {
      id,
      ...input,
      permissions: [...new Set(input.permissions)],
      now: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      {
        action: 'role.created',
        targetType: 'role',
        targetId: id,
        details: { permissions: input.permissions, ownTicketsOnly: input.ownTicketsOnly, conditions: input.conditions },
      },
      now,
    );
  });
  return (await getRole(db, tenantId, id))!;
}

/** `ownTicketsOnly` and `conditions.own` name one condition: given both, they must agree. */
function ownOf(input: Partial<RoleInput>, current: boolean): boolean {
  const alias = input.ownTicketsOnly;
  const own = input.conditions?.own;
  if (alias !== undefined && own !== undefined && alias !== own)
    throw invalidField('conditions.own', 'disagrees with ownTicketsOnly (the same condition); send one of them');
  return own ?? alias ?? current;
}

/** The role a create body makes, conditions included (the route checks the caller may grant it). */
export function newRole(input: RoleInput): RoleFields {
  const own = ownOf(input, false);
  return {
    name: input.name,
    description: input.description,
    permissions: [...new Set(input.permissions)],
    ownTicketsOnly: own,
    conditions: { team: input.conditions?.team ?? false, priorities: [...new Set(input.conditions?.priorities ?? [])] },
  };
}

/** The role a patch makes of `current` (the route checks the caller may grant both). */
export function patchedRole(current: RoleDefinition, patch: Partial<RoleInput>): RoleFields {
  const c = patch.conditions;
  return {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    permissions: patch.permissions ? [...new Set(patch.permissions)] : current.permissions,
    ownTicketsOnly: ownOf(patch, current.ownTicketsOnly),
    conditions: {
      team: c?.team ?? current.conditions.team,
      priorities: c?.priorities ? [...new Set(c.priorities)] : (current.conditions.priorities ?? []),
    },
  };
}

export async function updateRole(
  db: Db,
  actor: Actor,
  id: string,
  patch: Partial<RoleInput>,
  next: RoleFields,
  now: Date,
): Promise<RoleDefinition> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    if (patch.name && (await roleNameTaken(tx, tenantId, patch.name, id))) throw nameTaken(patch.name);
    await updateRoleRow(tx, tenantId, id, { ...next, now: now.toISOString() });
    await audit(
      actor,
      tx,
      { action: 'role.updated', targetType: 'role', targetId: id, details: { fields: Object.keys(patch) } },
      now,
    );
  });
  return (await getRole(db, tenantId, id))!;
}

/** A role an agent still holds is 409. */
export async function deleteRole(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const holders = await countAgentsWithRole(tx, tenantId, id);
    if (holders > 0) throw conflict(`${holders} agent(s) still have this role; give them another role first.`);
    await deleteRoleRow(tx, tenantId, id);
    await audit(actor, tx, { action: 'role.deleted', targetType: 'role', targetId: id }, now);
  });
}
