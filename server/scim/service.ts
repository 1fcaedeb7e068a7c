// SCIM use cases: an identity provider provisions, updates and deprovisions agents and pushes groups whose names map
// to roles (`tenants.security.groupRoles`, roles/group-roles.ts). Each change is one transaction with its audit entry
// (actor "scim", the token's id); deprovisioning (active false, DELETE) ends the agent's sessions in it, so the commit
// empties the credential caches of every node and their cookie stops at once. The owner is never changed by SCIM.
import type { Deps } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { notFound } from '../lib/problem.ts';
import { assertSeatAvailable } from '../agents/service.ts';
import {
  emailInUse,
  findAgentByEmailForLogin,
  getAgent,
  insertAgent,
  setAgentEmail,
  updateAgent,
  type AgentRecord,
} from '../agents/queries.ts';
import { deleteAgentSessions } from '../auth/sessions.ts';
import { deletePasswordReset } from '../auth/password-resets.ts';
import { getRole } from '../roles/queries.ts';
import { roleForGroups } from '../roles/group-roles.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { ScimError, scimBad, scimNotFound } from './errors.ts';
import type { GroupInput, PatchOperation, UserInput } from './schemas.ts';
import { ScimBoolean } from './schemas.ts';
import {
  addGroupMembers,
  deleteScimGroup,
  getScimGroup,
  getScimLink,
  groupsOfAgents,
  insertScimGroup,
  insertScimToken,
  membersOf,
  putScimLink,
  removeAgentFromGroups,
  removeGroupMembers,
  revokeScimTokens,
  scimGroupNameTaken,
  updateScimGroup,
} from './queries.ts';

/** The role a provisioned agent gets when none of their groups is mapped. */
export const DEFAULT_SCIM_ROLE = 'agent';

/** Who calls /scim/v2: the tenant the token belongs to, the token, the client address. */
export interface ScimCaller {
  tenant: TenantRecord;
  tokenId: string;
  ip: string;
}

type ScimDeps = Pick<Deps, 'db' | 'now'>;

const actorOf = (s: ScimCaller): Actor => ({ principal: null, tenantId: s.tenant.id, ip: s.ip });

async function record(
  s: ScimCaller,
  tx: Queryable,
  action: string,
  target: { type: 'agent' | 'scim_group'; id: string },
  details: Record<string, unknown>,
  now: Date,
) {
  await audit(
    actorOf(s),
    tx,
    {
      action,
      targetType: target.type,
      targetId: target.id,
      details,
      actor: { actorType: 'scim', actorId: s.tokenId },
    },
    now,
  );
}

// ---- users -------------------------------------------------------------------------------------------------------

/** What SCIM can set on an agent. */
interface UserState {
  email: string;
  name: string;
  externalId: string | null;
  active: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function stateFromBody(body: UserInput): UserState {
  const emails = body.emails ?? [];
  const email = (emails.find((e) => e.primary === true)?.value ?? emails[0]?.value ?? body.userName).toLowerCase();
  if (!EMAIL.test(email))
    throw scimBad(
      'invalidValue',
      `userName (or the primary email) must be an email address; got ${JSON.stringify(email)}.`,
    );
  const given = [body.name?.givenName, body.name?.familyName].filter(Boolean).join(' ');
  const name = (body.displayName || body.name?.formatted || given || email.split('@')[0]).slice(0, 120);
  return { email, name, externalId: body.externalId ?? null, active: body.active ?? true };
}

/** An agent SCIM may see and change: of this tenant, not deleted through SCIM. */
async function visibleAgent(q: Queryable, tenantId: string, id: string): Promise<AgentRecord> {
  const agent = await getAgent(q, tenantId, id);
  const link = agent && (await getScimLink(q, tenantId, id));
  if (!agent || link?.deletedAt) throw scimNotFound('User', id);
  return agent;
}

const ownerUntouchable = () =>
  new ScimError(
    400,
    'The account owner is not managed by SCIM: they cannot be deactivated, renamed or deleted here.',
    'mutability',
  );

async function endAccess(tx: Queryable, tenantId: string, agentId: string) {
  const ended = await deleteAgentSessions(tx, tenantId, agentId);
  await deletePasswordReset(tx, tenantId, agentId);
  return ended;
}

/** Applies `next` to the agent (email, name, active), writes the link; returns what changed. */
async function applyState(
  tx: Queryable,
  s: ScimCaller,
  agent: AgentRecord,
  next: UserState,
  now: Date,
): Promise<string[]> {
  const tenantId = s.tenant.id;
  const at = now.toISOString();
  const changed: string[] = [];
  const wasActive = agent.status === 'active';
  if (agent.roleId === 'owner' && (next.email !== agent.email.toLowerCase() || !next.active)) throw ownerUntouchable();
  if (next.email !== agent.email.toLowerCase()) {
    const holder = await findAgentByEmailForLogin(tx, next.email);
    if (holder && holder.id !== agent.id)
      throw new ScimError(409, `Another agent already signs in as ${next.email}.`, 'uniqueness');
    await setAgentEmail(tx, tenantId, agent.id, next.email, at);
    changed.push('userName');
  }
  if (next.name !== agent.name) {
    await updateAgent(tx, tenantId, agent.id, { name: next.name }, at);
    changed.push('name');
  }
  if (next.active && !wasActive) {
    if (agent.status === 'disabled') await assertSeatAvailable(tx, s.tenant, now);
    await updateAgent(tx, tenantId, agent.id, { status: 'active', clearInvite: true }, at);
    changed.push('active');
  }
  if (!next.active && agent.status !== 'disabled') {
    await updateAgent(tx, tenantId, agent.id, { status: 'disabled' }, at);
    const ended = await endAccess(tx, tenantId, agent.id);
    await record(
      s,
      tx,
      'scim.user_deactivated',
      { type: 'agent', id: agent.id },
      { email: agent.email, sessionsEnded: ended },
      now,
    );
    changed.push('active');
  }
  const link = await getScimLink(tx, tenantId, agent.id);
  if (!link || link.externalId !== next.externalId || link.deletedAt) {
    await putScimLink(tx, tenantId, agent.id, { externalId: next.externalId, deletedAt: null }, at);
    if (link && link.externalId !== next.externalId) changed.push('externalId');
  }
  return changed;
}

/**
 * Provisions an agent (no password: they sign in with single sign-on, or a reset link), with the default role until
 * a group says otherwise. An email held by another agent is 409 uniqueness; one SCIM deleted earlier comes back.
 */
export async function createScimUser(deps: ScimDeps, s: ScimCaller, body: UserInput): Promise<string> {
  const now = deps.now();
  const state = stateFromBody(body);
  const tenantId = s.tenant.id;
  return deps.db.tx(async (tx) => {
    const existing = await findAgentByEmailForLogin(tx, state.email);
    if (existing) {
      const link = existing.tenantId === tenantId ? await getScimLink(tx, tenantId, existing.id) : undefined;
      if (!link?.deletedAt)
        throw new ScimError(409, `A user with userName ${state.email} already exists.`, 'uniqueness');
      // Deleted through SCIM before: the same person is provisioned again.
      await applyState(tx, s, existing, state, now);
      await record(
        s,
        tx,
        'scim.user_created',
        { type: 'agent', id: existing.id },
        { email: state.email, restored: true },
        now,
      );
      return existing.id;
    }
    if (state.active) await assertSeatAvailable(tx, s.tenant, now);
    if (await emailInUse(tx, state.email))
      throw new ScimError(409, `A user with userName ${state.email} already exists.`, 'uniqueness');
    const id = newId('agt');
    await insertAgent(tx, tenantId, {
      id,
      email: state.email,
      name: state.name,
      passwordHash: null,
      roleId: DEFAULT_SCIM_ROLE,
      status: state.active ? 'active' : 'disabled',
      now: now.toISOString(),
    });
    await putScimLink(tx, tenantId, id, { externalId: state.externalId, deletedAt: null }, now.toISOString());
    await record(
      s,
      tx,
      'scim.user_created',
      { type: 'agent', id },
      { email: state.email, roleId: DEFAULT_SCIM_ROLE, active: state.active },
      now,
    );
    return id;
  });
}

/** PUT: the body is the whole user. */
export async function replaceScimUser(deps: ScimDeps, s: ScimCaller, id: string, body: UserInput) {
  const now = deps.now();
  const state = stateFromBody(body);
  await deps.db.tx(async (tx) => {
    const agent = await visibleAgent(tx, s.tenant.id, id);
    const changed = await applyState(tx, s, agent, state, now);
    await record(s, tx, 'scim.user_replaced', { type: 'agent', id }, { changed }, now);
  });
}

const asString = (v: unknown, path: string): string => {
  if (typeof v !== 'string' || v.length > 254) throw scimBad('invalidValue', `${path} must be a string.`);
  return v;
};

/** One PATCH operation on a user's state; `path` absent means `value` is an object of attributes. */
function patchUser(state: UserState & { givenName?: string; familyName?: string }, op: PatchOperation) {
  const entries: [string, unknown][] =
    op.path != null
      ? [[op.path, op.value]]
      : op.value && typeof op.value === 'object' && !Array.isArray(op.value)
        ? Object.entries(op.value as Record<string, unknown>)
        : (() => {
            throw scimBad('invalidValue', 'An operation without a path needs an object value.');
          })();
  for (const [rawPath, value] of entries) {
    const path = rawPath.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, '');
    const p = path.toLowerCase();
    if (op.op === 'remove') {
      if (p === 'externalid') state.externalId = null;
      else throw scimBad('mutability', `"${path}" cannot be removed.`);
      continue;
    }
    if (p === 'active') {
      const b = ScimBoolean.safeParse(value);
      if (!b.success) throw scimBad('invalidValue', 'active must be true or false.');
      state.active = b.data;
    } else if (p === 'username') state.email = asString(value, path).toLowerCase();
    else if (p === 'displayname' || p === 'name.formatted') state.name = asString(value, path).trim().slice(0, 120);
    else if (p === 'name.givenname') state.givenName = asString(value, path);
    else if (p === 'name.familyname') state.familyName = asString(value, path);
    else if (p === 'name' && value && typeof value === 'object') {
      const n = value as Record<string, unknown>;
      if (n.formatted !== undefined) state.name = asString(n.formatted, 'name.formatted');
      if (n.givenName !== undefined) state.givenName = asString(n.givenName, 'name.givenName');
      if (n.familyName !== undefined) state.familyName = asString(n.familyName, 'name.familyName');
    } else if (p === 'externalid') state.externalId = asString(value, path);
    else if (/^emails(\[.*\])?(\.value)?$/.test(p)) {
      const v = Array.isArray(value) ? (value[0] as { value?: unknown } | undefined)?.value : value;
      state.email = asString(v, path).toLowerCase();
    } else throw scimBad('invalidPath', `"${path}" is not an attribute the help desk keeps.`);
  }
}

/** PATCH Operations (RFC 7644 §3.5.2), including `active: false`, applied all or nothing. */
export async function patchScimUser(deps: ScimDeps, s: ScimCaller, id: string, ops: PatchOperation[]) {
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const agent = await visibleAgent(tx, s.tenant.id, id);
    const link = await getScimLink(tx, s.tenant.id, id);
    const state: UserState & { givenName?: string; familyName?: string } = {
      email: agent.email.toLowerCase(),
      name: agent.name,
      externalId: link?.externalId ?? null,
      active: agent.status === 'active',
    };
    for (const op of ops) patchUser(state, op);
    if (state.givenName !== undefined || state.familyName !== undefined) {
      const [first, ...rest] = agent.name.split(' ');
      state.name = [state.givenName ?? first, state.familyName ?? rest.join(' ')]
        .filter(Boolean)
        .join(' ')
        .slice(0, 120);
    }
    if (!EMAIL.test(state.email)) throw scimBad('invalidValue', 'userName must be an email address.');
    if (!state.name) throw scimBad('invalidValue', 'The name must not be empty.');
    const changed = await applyState(tx, s, agent, state, now);
    await record(s, tx, 'scim.user_patched', { type: 'agent', id }, { changed }, now);
  });
}

/**
 * DELETE: the agent is deactivated at once (sessions end) and leaves every group; SCIM no longer sees them. The row
 * stays, so their messages keep their name; an admin may remove them for good from Settings → Agents.
 */
export async function deleteScimUser(deps: ScimDeps, s: ScimCaller, id: string) {
  const now = deps.now();
  const tenantId = s.tenant.id;
  await deps.db.tx(async (tx) => {
    const agent = await visibleAgent(tx, tenantId, id);
    if (agent.roleId === 'owner') throw ownerUntouchable();
    if (agent.status !== 'disabled') await updateAgent(tx, tenantId, id, { status: 'disabled' }, now.toISOString());
    const ended = await endAccess(tx, tenantId, id);
    await removeAgentFromGroups(tx, tenantId, id);
    const link = await getScimLink(tx, tenantId, id);
    await putScimLink(
      tx,
      tenantId,
      id,
      { externalId: link?.externalId ?? null, deletedAt: now.toISOString() },
      now.toISOString(),
    );
    await record(s, tx, 'scim.user_deleted', { type: 'agent', id }, { email: agent.email, sessionsEnded: ended }, now);
  });
}

// ---- groups ------------------------------------------------------------------------------------------------------

/** Members a body names must be users SCIM sees in this tenant: another tenant's id is as unknown as a made-up one. */
async function assertMembers(q: Queryable, tenantId: string, ids: readonly string[]) {
  for (const id of new Set(ids)) {
    const agent = await getAgent(q, tenantId, id);
    const link = agent && (await getScimLink(q, tenantId, id));
    if (!agent || link?.deletedAt)
      throw scimBad('invalidValue', `Member ${JSON.stringify(id)} is not a user of this account.`);
  }
}

/** Gives each agent the role their groups map to (owners keep theirs); audited per change. */
async function applyGroupRoles(tx: Queryable, s: ScimCaller, agentIds: Iterable<string>, now: Date) {
  const ids = [...new Set(agentIds)];
  const groups = await groupsOfAgents(tx, s.tenant.id, ids);
  for (const id of ids) {
    const agent = await getAgent(tx, s.tenant.id, id);
    if (!agent || agent.roleId === 'owner') continue;
    const names = (groups.get(id) ?? []).map((g) => g.displayName);
    let roleId = roleForGroups(s.tenant.security.groupRoles, names, DEFAULT_SCIM_ROLE);
    // A mapped role deleted since the mapping was saved gives the default.
    if (!(await getRole(tx, s.tenant.id, roleId))) roleId = DEFAULT_SCIM_ROLE;
    if (roleId === agent.roleId) continue;
    await updateAgent(tx, s.tenant.id, id, { roleId }, now.toISOString());
    await record(
      s,
      tx,
      'scim.role_changed',
      { type: 'agent', id },
      { from: agent.roleId, to: roleId, groups: names },
      now,
    );
  }
}

async function assertNameFree(q: Queryable, tenantId: string, name: string, exceptId: string | null) {
  if (await scimGroupNameTaken(q, tenantId, name, exceptId))
    throw new ScimError(409, `A group named ${JSON.stringify(name)} already exists.`, 'uniqueness');
}

export async function createScimGroup(deps: ScimDeps, s: ScimCaller, body: GroupInput): Promise<string> {
  const now = deps.now();
  const tenantId = s.tenant.id;
  const members = (body.members ?? []).map((m) => m.value);
  return deps.db.tx(async (tx) => {
    await assertNameFree(tx, tenantId, body.displayName, null);
    await assertMembers(tx, tenantId, members);
    const id = newId('grp');
    await insertScimGroup(tx, tenantId, {
      id,
      displayName: body.displayName,
      externalId: body.externalId ?? null,
      now: now.toISOString(),
    });
    await addGroupMembers(tx, tenantId, id, [...new Set(members)]);
    await record(
      s,
      tx,
      'scim.group_created',
      { type: 'scim_group', id },
      { displayName: body.displayName, members: members.length },
      now,
    );
    await applyGroupRoles(tx, s, members, now);
    return id;
  });
}

async function groupOr404(q: Queryable, tenantId: string, id: string) {
  const g = await getScimGroup(q, tenantId, id);
  if (!g) throw scimNotFound('Group', id);
  return g;
}

export async function replaceScimGroup(deps: ScimDeps, s: ScimCaller, id: string, body: GroupInput) {
  const now = deps.now();
  const tenantId = s.tenant.id;
  const members = [...new Set((body.members ?? []).map((m) => m.value))];
  await deps.db.tx(async (tx) => {
    await groupOr404(tx, tenantId, id);
    await assertNameFree(tx, tenantId, body.displayName, id);
    await assertMembers(tx, tenantId, members);
    const before = (await membersOf(tx, tenantId, [id])).get(id)!.map((m) => m.id);
    await updateScimGroup(
      tx,
      tenantId,
      id,
      { displayName: body.displayName, externalId: body.externalId ?? null },
      now.toISOString(),
    );
    await removeGroupMembers(tx, tenantId, id, 'all');
    await addGroupMembers(tx, tenantId, id, members);
    await record(
      s,
      tx,
      'scim.group_replaced',
      { type: 'scim_group', id },
      { displayName: body.displayName, members: members.length },
      now,
    );
    await applyGroupRoles(tx, s, [...before, ...members], now);
  });
}

/** `members[value eq "agt_…"]` → the id it names. */
function memberFilterId(path: string): string | null {
  const m = /^members\[\s*value\s+eq\s+"([^"]+)"\s*\]$/i.exec(path.trim());
  return m ? m[1] : null;
}

function memberIds(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((m) => {
    const v = (m as { value?: unknown } | null)?.value;
    if (typeof v !== 'string' || !v || v.length > 64)
      throw scimBad('invalidValue', `${path}: each member needs a "value" (a user id).`);
    return v;
  });
}

/** PATCH a group: members added, removed or replaced (Okta and Entra push membership this way), or its name changed. */
export async function patchScimGroup(deps: ScimDeps, s: ScimCaller, id: string, ops: PatchOperation[]) {
  const now = deps.now();
  const tenantId = s.tenant.id;
  await deps.db.tx(async (tx) => {
    const group = await groupOr404(tx, tenantId, id);
    const before = (await membersOf(tx, tenantId, [id])).get(id)!.map((m) => m.id);
    const members = new Set(before);
    let displayName = group.displayName;
    let externalId = group.externalId;
    for (const op of ops) {
      const path = op.path?.trim() ?? '';
      const lower = path.toLowerCase();
      if (!path) {
        if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value))
          throw scimBad('invalidValue', 'An operation without a path needs an object value.');
        const v = op.value as Record<string, unknown>;
        if (v.displayName !== undefined) displayName = asString(v.displayName, 'displayName');
        if (v.externalId !== undefined) externalId = asString(v.externalId, 'externalId');
        if (v.members !== undefined) {
          const ids = memberIds(v.members, 'members');
          if (op.op === 'replace') members.clear();
          for (const m of ids) members.add(m);
        }
      } else if (lower === 'displayname') {
        if (op.op === 'remove') throw scimBad('mutability', 'displayName cannot be removed.');
        displayName = asString(op.value, 'displayName');
      } else if (lower === 'externalid') {
        externalId = op.op === 'remove' ? null : asString(op.value, 'externalId');
      } else if (lower === 'members') {
        const ids = memberIds(op.value, 'members');
        if (op.op === 'remove') {
          if (op.value === undefined) members.clear();
          for (const m of ids) members.delete(m);
        } else {
          if (op.op === 'replace') members.clear();
          for (const m of ids) members.add(m);
        }
      } else if (memberFilterId(path)) {
        if (op.op !== 'remove') throw scimBad('invalidPath', `Only remove takes a filtered members path ("${path}").`);
        members.delete(memberFilterId(path)!);
      } else throw scimBad('invalidPath', `"${path}" is not an attribute of a group.`);
    }
    displayName = displayName.trim();
    if (!displayName || displayName.length > 200)
      throw scimBad('invalidValue', 'displayName must be 1 to 200 characters.');
    const added = [...members].filter((m) => !before.includes(m));
    const removed = before.filter((m) => !members.has(m));
    await assertMembers(tx, tenantId, added);
    if (displayName !== group.displayName) await assertNameFree(tx, tenantId, displayName, id);
    await updateScimGroup(tx, tenantId, id, { displayName, externalId }, now.toISOString());
    await removeGroupMembers(tx, tenantId, id, removed);
    await addGroupMembers(tx, tenantId, id, added);
    await record(
      s,
      tx,
      'scim.group_patched',
      { type: 'scim_group', id },
      { displayName, added, removed, renamed: displayName !== group.displayName },
      now,
    );
    // A rename can change what every member's group maps to.
    await applyGroupRoles(
      tx,
      s,
      displayName !== group.displayName ? [...before, ...added] : [...added, ...removed],
      now,
    );
  });
}

export async function deleteScimGroupCase(deps: ScimDeps, s: ScimCaller, id: string) {
  const now = deps.now();
  const tenantId = s.tenant.id;
  await deps.db.tx(async (tx) => {
    const group = await groupOr404(tx, tenantId, id);
    const before = (await membersOf(tx, tenantId, [id])).get(id)!.map((m) => m.id);
    await deleteScimGroup(tx, tenantId, id);
    await record(s, tx, 'scim.group_deleted', { type: 'scim_group', id }, { displayName: group.displayName }, now);
    await applyGroupRoles(tx, s, before, now);
  });
}

// ---- the token ---------------------------------------------------------------------------------------------------

/** A new bearer token for the tenant's identity provider; any earlier one stops working. Shown once, kept hashed. */
export async function rotateScimToken(deps: ScimDeps, actor: Actor, tenantId: string) {
  const now = deps.now();
  const token = `hd_scim_${randomToken(40)}`;
  const hint = `hd_scim_…${token.slice(-4)}`;
  const createdBy = actor.principal?.kind === 'agent' ? actor.principal.agentId : null;
  await deps.db.tx(async (tx) => {
    const revoked = await revokeScimTokens(tx, tenantId, now.toISOString());
    await insertScimToken(tx, tenantId, { id: newId('sct'), token, hint, createdBy, now: now.toISOString() });
    await audit(
      actor,
      tx,
      { action: revoked ? 'scim.token_rotated' : 'scim.token_created', targetType: 'tenant', targetId: tenantId },
      now,
    );
  });
  return { token, hint, createdAt: now.toISOString() };
}

/** Provisioning stops: the token no longer works (a 401 for the identity provider). */
export async function revokeScimToken(deps: ScimDeps, actor: Actor, tenantId: string) {
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    if ((await revokeScimTokens(tx, tenantId, now.toISOString())) === 0) throw notFound('SCIM token');
    await audit(actor, tx, { action: 'scim.token_revoked', targetType: 'tenant', targetId: tenantId }, now);
  });
}
