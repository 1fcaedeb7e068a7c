// Custom roles of a tenant, and resolving any role id (built-in or custom) to its permissions.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import type { Priority } from '../sla/schemas.ts';
import { BUILT_IN_ROLES, isBuiltInRole, type Permission, type RoleDefinition } from './permissions.ts';

/** What the `conditions` column holds (own stays in `own_tickets_only`). */
export interface StoredConditions {
  team: boolean;
  priorities: Priority[];
}

interface RoleRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  permissions: string;
  own_tickets_only: number;
  conditions: string;
  created_at: string;
  updated_at: string;
}

function fromRow(r: RoleRow): RoleDefinition {
  const stored = parseJson<Partial<StoredConditions>>(r.conditions, {});
  const own = r.own_tickets_only === 1;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    permissions: parseJson<Permission[]>(r.permissions, []),
    ownTicketsOnly: own,
    conditions: {
      own,
      team: stored.team === true,
      ...(stored.priorities?.length ? { priorities: stored.priorities } : {}),
    },
    builtIn: false,
  };
}

export async function getRole(q: Queryable, tenantId: string, roleId: string): Promise<RoleDefinition | undefined> {
  if (isBuiltInRole(roleId)) return BUILT_IN_ROLES[roleId];
  const row = await q.get<RoleRow>('SELECT * FROM roles WHERE tenant_id = ? AND id = ?', [tenantId, roleId]);
  return row && fromRow(row);
}

export async function listRoles(q: Queryable, tenantId: string): Promise<RoleDefinition[]> {
  const rows = await q.all<RoleRow>('SELECT * FROM roles WHERE tenant_id = ? ORDER BY created_at, id', [tenantId]);
  return [...Object.values(BUILT_IN_ROLES), ...rows.map(fromRow)];
}

export async function roleNameTaken(q: Queryable, tenantId: string, name: string, exceptId?: string) {
  if (Object.values(BUILT_IN_ROLES).some((r) => r.name.toLowerCase() === name.toLowerCase())) return true;
  const row = await q.get('SELECT 1 FROM roles WHERE tenant_id = ? AND name = ? COLLATE NOCASE AND id != ?', [
    tenantId,
    name,
    exceptId ?? '',
  ]);
  return !!row;
}

export async function insertRole(
  q: Queryable,
  tenantId: string,
  r: {
    id: string;
    name: string;
    description: string;
    permissions: Permission[];
    ownTicketsOnly: boolean;
    conditions: StoredConditions;
    now: string;
  },
) {
  await q.run(
    `INSERT INTO roles (id, tenant_id, name, description, permissions, own_tickets_only, conditions, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      tenantId,
      r.name,
      r.description,
      JSON.stringify(r.permissions),
      r.ownTicketsOnly ? 1 : 0,
      JSON.stringify(r.conditions),
      r.now,
      r.now,
    ],
  );
}

export async function updateRole(
  q: Queryable,
  tenantId: string,
  roleId: string,
  r: {
    name: string;
    description: string;
    permissions: Permission[];
    ownTicketsOnly: boolean;
    conditions: StoredConditions;
    now: string;
  },
) {
  await q.run(
    `UPDATE roles SET name = ?, description = ?, permissions = ?, own_tickets_only = ?, conditions = ?, updated_at = ?
     WHERE tenant_id = ? AND id = ?`,
    [
      r.name,
      r.description,
      JSON.stringify(r.permissions),
      r.ownTicketsOnly ? 1 : 0,
      JSON.stringify(r.conditions),
      r.now,
      tenantId,
      roleId,
    ],
  );
}

export async function deleteRole(q: Queryable, tenantId: string, roleId: string) {
  await q.run('DELETE FROM roles WHERE tenant_id = ? AND id = ?', [tenantId, roleId]);
}

export async function countAgentsWithRole(q: Queryable, tenantId: string, roleId: string): Promise<number> {
  const row = await q.get<{ n: number }>('SELECT count(*) AS n FROM agents WHERE tenant_id = ? AND role_id = ?', [
    tenantId,
    roleId,
  ]);
  return row?.n ?? 0;
}
