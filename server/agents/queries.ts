// Agent rows of a tenant: lookups, creation, updates and the active-agent count used by plan limits.
import type { Queryable } from '../db/client.ts';

export interface AgentRecord {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  passwordHash: string | null;
  roleId: string;
  status: 'active' | 'invited' | 'disabled';
  maxOpenTickets: number | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface AgentRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  password_hash: string | null;
  role_id: string;
  status: string;
  max_open_tickets: number | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

function fromRow(r: AgentRow): AgentRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    roleId: r.role_id,
    status: r.status as AgentRecord['status'],
    maxOpenTickets: r.max_open_tickets,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toAgentDto(a: AgentRecord) {
  return {
    id: a.id,
    email: a.email,
    name: a.name,
    roleId: a.roleId,
    status: a.status,
    maxOpenTickets: a.maxOpenTickets,
    lastLoginAt: a.lastLoginAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export async function getAgent(q: Queryable, tenantId: string, agentId: string) {
  const row = await q.get<AgentRow>('SELECT * FROM agents WHERE tenant_id = ? AND id = ?', [tenantId, agentId]);
  return row && fromRow(row);
}

/** Login is the one lookup that precedes knowing the tenant: the email identifies it. */
export async function findAgentByEmailForLogin(q: Queryable, email: string) {
  const row = await q.get<AgentRow>('SELECT * FROM agents WHERE email = ? COLLATE NOCASE', [email]);
  return row && fromRow(row);
}

export async function findAgentByInviteHash(q: Queryable, tokenHash: string) {
  const row = await q.get<AgentRow & { invite_expires_at: string | null }>(
    "SELECT * FROM agents WHERE invite_token_hash = ? AND status = 'invited'",
    [tokenHash],
  );
  return row && { agent: fromRow(row), expiresAt: row.invite_expires_at };
}

export async function emailInUse(q: Queryable, email: string): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM agents WHERE email = ? COLLATE NOCASE', [email]));
}

export async function listAgents(q: Queryable, tenantId: string, after: [string, string] | null, limit: number) {
  const rows = after
    ? await q.all<AgentRow>(
        'SELECT * FROM agents WHERE tenant_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
        [tenantId, after[0], after[1], limit + 1],
      )
    : await q.all<AgentRow>('SELECT * FROM agents WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?', [
        tenantId,
        limit + 1,
      ]);
  return rows.map(fromRow);
}

/** Agents that count against the plan: everyone not disabled. */
export async function countSeatAgents(q: Queryable, tenantId: string): Promise<number> {
  const row = await q.get<{ n: number }>(
    "SELECT count(*) AS n FROM agents WHERE tenant_id = ? AND status != 'disabled'",
    [tenantId],
  );
  return row?.n ?? 0;
}

export async function insertAgent(
  q: Queryable,
  tenantId: string,
  a: {
    id: string;
    email: string;
    name: string;
    passwordHash: string | null;
    roleId: string;
    status: AgentRecord['status'];
    inviteTokenHash?: string | null;
    inviteExpiresAt?: string | null;
    now: string;
  },
) {
  await q.run(
    `INSERT INTO agents (id, tenant_id, email, name, password_hash, role_id, status, invite_token_hash, invite_expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id,
      tenantId,
      a.email,
      a.name,
      a.passwordHash,
      a.roleId,
      a.status,
      a.inviteTokenHash ?? null,
      a.inviteExpiresAt ?? null,
      a.now,
      a.now,
    ],
  );
}

export async function updateAgent(
  q: Queryable,
  tenantId: string,
  agentId: string,
  u: Partial<Pick<AgentRecord, 'name' | 'roleId' | 'status' | 'maxOpenTickets' | 'passwordHash' | 'lastLoginAt'>> & {
    clearInvite?: boolean;
  },
  now: string,
) {
  const sets: string[] = [];
  const args: (string | number | null)[] = [];
  const col: Record<string, string> = {
    name: 'name',
    roleId: 'role_id',
    status: 'status',
    maxOpenTickets: 'max_open_tickets',
    passwordHash: 'password_hash',
    lastLoginAt: 'last_login_at',
  };
  for (const [k, c] of Object.entries(col)) {
    const v = (u as Record<string, string | number | null | undefined>)[k];
    if (v !== undefined) {
      sets.push(`${c} = ?`);
      args.push(v);
    }
  }
  if (u.clearInvite) sets.push('invite_token_hash = NULL, invite_expires_at = NULL');
  sets.push('updated_at = ?');
  args.push(now, tenantId, agentId);
  await q.run(`UPDATE agents SET ${sets.join(', ')} WHERE tenant_id = ? AND id = ?`, args);
}

/** Replaces a pending invitation's token (the old link stops working) and its expiry. */
export async function setInvite(
  q: Queryable,
  tenantId: string,
  agentId: string,
  tokenHash: string,
  expiresAt: string,
  now: string,
) {
  await q.run(
    "UPDATE agents SET invite_token_hash = ?, invite_expires_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND status = 'invited'",
    [tokenHash, expiresAt, now, tenantId, agentId],
  );
}

/** A new sign-in email (SCIM renames a user); the caller has checked no other agent holds it. */
export async function setAgentEmail(q: Queryable, tenantId: string, agentId: string, email: string, now: string) {
  await q.run('UPDATE agents SET email = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
    email,
    now,
    tenantId,
    agentId,
  ]);
}

export async function deleteAgent(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM agents WHERE tenant_id = ? AND id = ?', [tenantId, agentId]);
}

/** Open and pending tickets still assigned to the agent: removing them would leave these without an owner. */
export async function countOpenAssigned(q: Queryable, tenantId: string, agentId: string): Promise<number> {
  const row = await q.get<{ n: number }>(
    "SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND assignee_id = ? AND status IN ('open', 'pending')",
    [tenantId, agentId],
  );
  return row?.n ?? 0;
}
