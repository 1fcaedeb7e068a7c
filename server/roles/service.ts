// Role use cases: create, update, delete a custom role — each one transaction with its audit entry.
// The route has checked the caller may grant the role (roles/grants.ts) before any of them runs.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { conflict } from '../lib/problem.ts';
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
      { action: 'role.created', targetType: 'role', targetId: id, details: { permissions: input.permissions } },
      now,
    );
  });
  return (await getRole(db, tenantId, id))!;
}

/** The role a patch makes of `current` (the route checks the caller may grant both). */
export function patchedRole(current: RoleDefinition, patch: Partial<RoleInput>): RoleFields {
  return {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    permissions: patch.permissions ? [...new Set(patch.permissions)] : current.permissions,
    ownTicketsOnly: patch.ownTicketsOnly ?? current.ownTicketsOnly,
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
