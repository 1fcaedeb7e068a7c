// SCIM rows of a tenant: the bearer token (hashed), which agents the identity provider manages, its groups and their
// members. Every query takes the tenant first; agents themselves are read and written through agents/queries.ts.
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { sha256 } from '../lib/crypto.ts';

// ---- token -------------------------------------------------------------------------------------------------------

export interface ScimTokenRecord {
  id: string;
  tenantId: string;
  hint: string;
  createdBy: string | null;
  createdAt: string;
}

interface TokenRow {
  id: string;
  tenant_id: string;
  hint: string;
  created_by: string | null;
  created_at: string;
}

const tokenFromRow = (r: TokenRow): ScimTokenRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  hint: r.hint,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** The live token a bearer value names, whichever tenant it belongs to (the value identifies the tenant). */
export async function findActiveScimToken(q: Queryable, token: string) {
  const row = await q.get<TokenRow>(
    'SELECT id, tenant_id, hint, created_by, created_at FROM scim_tokens WHERE token_hash = ? AND revoked_at IS NULL',
    [sha256(token)],
  );
  return row && tokenFromRow(row);
}

export async function getActiveScimToken(q: Queryable, tenantId: string) {
  const row = await q.get<TokenRow>(
    'SELECT id, tenant_id, hint, created_by, created_at FROM scim_tokens WHERE tenant_id = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1',
    [tenantId],
  );
  return row && tokenFromRow(row);
}

/** Revokes every live token of the tenant; how many. */
export async function revokeScimTokens(q: Queryable, tenantId: string, now: string) {
  const r = await q.run('UPDATE scim_tokens SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL', [
    now,
    tenantId,
  ]);
  return r.changes;
}

export async function insertScimToken(
  q: Queryable,
  tenantId: string,
  t: { id: string; token: string; hint: string; createdBy: string | null; now: string },
) {
  await q.run(
    'INSERT INTO scim_tokens (id, tenant_id, token_hash, hint, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [t.id, tenantId, sha256(t.token), t.hint, t.createdBy, t.now],
  );
}

// ---- users (the SCIM link of an agent) ---------------------------------------------------------------------------

export interface ScimUserLink {
  agentId: string;
  externalId: string | null;
  deletedAt: string | null;
}

export async function getScimLink(q: Queryable, tenantId: string, agentId: string) {
  const row = await q.get<{ agent_id: string; external_id: string | null; deleted_at: string | null }>(
    'SELECT agent_id, external_id, deleted_at FROM scim_users WHERE tenant_id = ? AND agent_id = ?',
    [tenantId, agentId],
  );
  return row && { agentId: row.agent_id, externalId: row.external_id, deletedAt: row.deleted_at };
}

export async function scimLinksOf(q: Queryable, tenantId: string, agentIds: readonly string[]) {
  if (agentIds.length === 0) return new Map<string, ScimUserLink>();
  const rows = await q.all<{ agent_id: string; external_id: string | null; deleted_at: string | null }>(
    `SELECT agent_id, external_id, deleted_at FROM scim_users WHERE tenant_id = ? AND agent_id IN (${placeholders(agentIds.length)})`,
    [tenantId, ...agentIds],
  );
  return new Map(
    rows.map((r) => [r.agent_id, { agentId: r.agent_id, externalId: r.external_id, deletedAt: r.deleted_at }]),
  );
}

/** Creates or updates the link; `deletedAt` null brings a deleted user back. */
export async function putScimLink(
  q: Queryable,
  tenantId: string,
  agentId: string,
  link: { externalId: string | null; deletedAt: string | null },
  now: string,
) {
  await q.run(
    `INSERT INTO scim_users (tenant_id, agent_id, external_id, deleted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET external_id = excluded.external_id, deleted_at = excluded.deleted_at,
       updated_at = excluded.updated_at`,
    [tenantId, agentId, link.externalId, link.deletedAt, now, now],
  );
}

/** Which agent ids SCIM may see: agents of the tenant that SCIM has not deleted, filtered, in creation order. */
export async function listScimAgentIds(
  q: Queryable,
  tenantId: string,
  filter: { column: 'email' | 'id' | 'external_id' | 'active'; value: string | boolean } | null,
  offset: number,
  limit: number,
) {
  const where = ['a.tenant_id = ?', 'u.deleted_at IS NULL'];
  const args: (string | number)[] = [tenantId];
  const byColumn = { email: 'a.email = ? COLLATE NOCASE', id: 'a.id = ?', external_id: 'u.external_id = ?' } as const;
  if (filter && filter.column !== 'active') {
    where.push(byColumn[filter.column]);
    args.push(String(filter.value));
  }
  if (filter?.column === 'active') where.push(filter.value ? "a.status = 'active'" : "a.status != 'active'");
  const from = `FROM agents a LEFT JOIN scim_users u ON u.tenant_id = a.tenant_id AND u.agent_id = a.id WHERE ${where.join(' AND ')}`;
  const total = (await q.get<{ n: number }>(`SELECT count(*) AS n ${from}`, args))?.n ?? 0;
  const rows = await q.all<{ id: string }>(`SELECT a.id ${from} ORDER BY a.created_at, a.id LIMIT ? OFFSET ?`, [
    ...args,
    limit,
    offset,
  ]);
  return { total, ids: rows.map((r) => r.id) };
}

// ---- groups ------------------------------------------------------------------------------------------------------

export interface ScimGroupRecord {
  id: string;
  displayName: string;
  externalId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

const groupFromRow = (r: GroupRow): ScimGroupRecord => ({
  id: r.id,
  displayName: r.display_name,
  externalId: r.external_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function getScimGroup(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<GroupRow>('SELECT * FROM scim_groups WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && groupFromRow(row);
}

export async function scimGroupNameTaken(q: Queryable, tenantId: string, name: string, exceptId: string | null) {
  return !!(await q.get(
    'SELECT 1 FROM scim_groups WHERE tenant_id = ? AND display_name = ? COLLATE NOCASE AND id != ?',
    [tenantId, name, exceptId ?? ''],
  ));
}

export async function listScimGroups(
  q: Queryable,
  tenantId: string,
  filter: { column: 'display_name' | 'id' | 'external_id'; value: string } | null,
  offset: number,
  limit: number,
) {
  const where = ['tenant_id = ?'];
  const args: (string | number)[] = [tenantId];
  if (filter) {
    where.push(filter.column === 'display_name' ? 'display_name = ? COLLATE NOCASE' : `${filter.column} = ?`);
    args.push(filter.value);
  }
  const from = `FROM scim_groups WHERE ${where.join(' AND ')}`;
  const total = (await q.get<{ n: number }>(`SELECT count(*) AS n ${from}`, args))?.n ?? 0;
  const rows = await q.all<GroupRow>(`SELECT * ${from} ORDER BY created_at, id LIMIT ? OFFSET ?`, [
    ...args,
    limit,
    offset,
  ]);
  return { total, groups: rows.map(groupFromRow) };
}

export async function insertScimGroup(
  q: Queryable,
  tenantId: string,
  g: { id: string; displayName: string; externalId: string | null; now: string },
) {
  await q.run(
    'INSERT INTO scim_groups (id, tenant_id, display_name, external_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [g.id, tenantId, g.displayName, g.externalId, g.now, g.now],
  );
}

export async function updateScimGroup(
  q: Queryable,
  tenantId: string,
  id: string,
  g: { displayName: string; externalId: string | null },
  now: string,
) {
  await q.run(
    'UPDATE scim_groups SET display_name = ?, external_id = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
    [g.displayName, g.externalId, now, tenantId, id],
  );
}

export async function deleteScimGroup(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM scim_group_members WHERE tenant_id = ? AND group_id = ?', [tenantId, id]);
  await q.run('DELETE FROM scim_groups WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}

/** Member agent ids of each group, of agents that still exist. */
export async function membersOf(q: Queryable, tenantId: string, groupIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string }[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows = await q.all<{ group_id: string; agent_id: string; name: string }>(
    `SELECT m.group_id, m.agent_id, a.name FROM scim_group_members m
     JOIN agents a ON a.tenant_id = m.tenant_id AND a.id = m.agent_id
     WHERE m.tenant_id = ? AND m.group_id IN (${placeholders(groupIds.length)}) ORDER BY a.created_at, a.id`,
    [tenantId, ...groupIds],
  );
  for (const r of rows) out.get(r.group_id)!.push({ id: r.agent_id, name: r.name });
  return out;
}

/** The groups each agent is in. */
export async function groupsOfAgents(q: Queryable, tenantId: string, agentIds: readonly string[]) {
  const out = new Map<string, { id: string; displayName: string }[]>(agentIds.map((id) => [id, []]));
  if (agentIds.length === 0) return out;
  const rows = await q.all<{ agent_id: string; id: string; display_name: string }>(
    `SELECT m.agent_id, g.id, g.display_name FROM scim_group_members m
     JOIN scim_groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
     WHERE m.tenant_id = ? AND m.agent_id IN (${placeholders(agentIds.length)}) ORDER BY g.created_at, g.id`,
    [tenantId, ...agentIds],
  );
  for (const r of rows) out.get(r.agent_id)!.push({ id: r.id, displayName: r.display_name });
  return out;
}

export async function addGroupMembers(q: Queryable, tenantId: string, groupId: string, agentIds: readonly string[]) {
  for (const agentId of agentIds)
    await q.run(
      'INSERT INTO scim_group_members (tenant_id, group_id, agent_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [tenantId, groupId, agentId],
    );
}

export async function removeGroupMembers(
  q: Queryable,
  tenantId: string,
  groupId: string,
  agentIds: readonly string[] | 'all',
) {
  if (agentIds === 'all') {
    await q.run('DELETE FROM scim_group_members WHERE tenant_id = ? AND group_id = ?', [tenantId, groupId]);
    return;
  }
  if (agentIds.length === 0) return;
  await q.run(
    `DELETE FROM scim_group_members WHERE tenant_id = ? AND group_id = ? AND agent_id IN (${placeholders(agentIds.length)})`,
    [tenantId, groupId, ...agentIds],
  );
}

/** An agent leaves every group (SCIM deleted them). */
export async function removeAgentFromGroups(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM scim_group_members WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}
