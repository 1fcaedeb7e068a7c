// SQL of retention policies, the tickets a policy reaches, and the log of its runs (tenant first).
import type { Queryable } from '../db/client.ts';
import { placeholders } from '../db/placeholders.ts';
import { parseJson } from '../lib/json.ts';
import type { RetentionPolicy, RetentionRun } from './retention-schemas.ts';

interface PolicyRow {
  id: string;
  tenant_id: string;
  name: string;
  action: 'delete' | 'redact';
  older_than_days: number;
  channels: string;
  tags: string;
  enabled: number;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PolicyRecord extends RetentionPolicy {
  tenantId: string;
}

const toPolicy = (r: PolicyRow): PolicyRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  action: r.action,
  olderThanDays: Number(r.older_than_days),
  channels: parseJson<string[]>(r.channels, []),
  tags: parseJson<string[]>(r.tags, []),
  enabled: r.enabled === 1,
  lastRunAt: r.last_run_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPolicies(q: Queryable, tenantId: string): Promise<PolicyRecord[]> {
  const rows = await q.all<PolicyRow>('SELECT * FROM retention_policies WHERE tenant_id = ? ORDER BY created_at, id', [
    tenantId,
  ]);
  return rows.map(toPolicy);
}

export async function getPolicy(q: Queryable, tenantId: string, id: string): Promise<PolicyRecord | undefined> {
  const r = await q.get<PolicyRow>('SELECT * FROM retention_policies WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return r && toPolicy(r);
}

export async function countPolicies(q: Queryable, tenantId: string) {
  const r = await q.get<{ n: number }>('SELECT COUNT(*) AS n FROM retention_policies WHERE tenant_id = ?', [tenantId]);
  return Number(r?.n ?? 0);
}

export async function savePolicy(q: Queryable, p: PolicyRecord) {
  await q.run(
    `INSERT INTO retention_policies (id, tenant_id, name, action, older_than_days, channels, tags, enabled, last_run_at,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, action = excluded.action,
       older_than_days = excluded.older_than_days, channels = excluded.channels, tags = excluded.tags,
       enabled = excluded.enabled, last_run_at = excluded.last_run_at, updated_at = excluded.updated_at`,
    [
      p.id,
      p.tenantId,
      p.name,
      p.action,
      p.olderThanDays,
      JSON.stringify(p.channels),
      JSON.stringify(p.tags),
      p.enabled ? 1 : 0,
      p.lastRunAt,
      p.createdAt,
      p.updatedAt,
    ],
  );
}

export async function deletePolicyRow(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM retention_policies WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}

export async function setLastRun(q: Queryable, tenantId: string, id: string, at: string) {
  await q.run('UPDATE retention_policies SET last_run_at = ? WHERE tenant_id = ? AND id = ?', [at, tenantId, id]);
}

/** Enabled policies of active tenants not run since `before`, oldest run first. */
export async function duePolicies(q: Queryable, before: string, limit: number): Promise<PolicyRecord[]> {
  const rows = await q.all<PolicyRow>(
    `SELECT p.* FROM retention_policies p JOIN tenants t ON t.id = p.tenant_id
     WHERE p.enabled = 1 AND t.status = 'active' AND (p.last_run_at IS NULL OR p.last_run_at <= ?)
     ORDER BY coalesce(p.last_run_at, ''), p.id LIMIT ?`,
    [before, limit],
  );
  return rows.map(toPolicy);
}

/** The WHERE of the tickets a policy reaches at `cutoff`: solved at or before it, its channels and tags. */
function reach(tenantId: string, p: Pick<PolicyRecord, 'action' | 'channels' | 'tags'>, cutoff: string) {
  const where = ['t.tenant_id = ?', "t.status IN ('resolved', 'closed')", 'coalesce(t.resolved_at, t.closed_at) <= ?'];
  const args: string[] = [tenantId, cutoff];
  // A redacted ticket has nothing left to redact.
  if (p.action === 'redact') where.push('t.redacted_at IS NULL');
  if (p.channels.length) {
    where.push(`t.channel IN (${placeholders(p.channels.length)})`);
    args.push(...p.channels);
  }
  if (p.tags.length) {
    where.push(
      `EXISTS (SELECT 1 FROM ticket_tags g WHERE g.tenant_id = t.tenant_id AND g.ticket_id = t.id AND g.tag IN (${placeholders(p.tags.length)}))`,
    );
    args.push(...p.tags);
  }
  return { sql: where.join(' AND '), args };
}

export async function countReached(q: Queryable, tenantId: string, p: PolicyRecord, cutoff: string) {
  const w = reach(tenantId, p, cutoff);
  const r = await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM tickets t WHERE ${w.sql}`, w.args);
  return Number(r?.n ?? 0);
}

/** The oldest-solved tickets a policy reaches (a dry run's sample, or a sweep's next batch). */
export async function reachedTickets(q: Queryable, tenantId: string, p: PolicyRecord, cutoff: string, limit: number) {
  const w = reach(tenantId, p, cutoff);
  return q.all<{ id: string; number: number; subject: string; status: string; channel: string; solvedAt: string }>(
    `SELECT t.id, t.number, t.subject, t.status, t.channel, coalesce(t.resolved_at, t.closed_at) AS solvedAt
     FROM tickets t WHERE ${w.sql} ORDER BY solvedAt, t.id LIMIT ?`,
    [...w.args, limit],
  );
}

interface RunRow {
  id: string;
  tenant_id: string;
  policy_id: string;
  action: 'delete' | 'redact';
  status: 'done' | 'partial';
  counts: string;
  started_at: string;
  finished_at: string;
}

export async function insertRun(q: Queryable, tenantId: string, r: RetentionRun) {
  await q.run(
    `INSERT INTO retention_runs (id, tenant_id, policy_id, action, status, counts, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.id, tenantId, r.policyId, r.action, r.status, JSON.stringify(r.counts), r.startedAt, r.finishedAt],
  );
}

/** The latest runs, newest first. */
export async function listRuns(q: Queryable, tenantId: string, limit: number): Promise<RetentionRun[]> {
  const rows = await q.all<RunRow>(
    'SELECT * FROM retention_runs WHERE tenant_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
    [tenantId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    policyId: r.policy_id,
    action: r.action,
    status: r.status,
    counts: parseJson<Record<string, number>>(r.counts, {}),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}
