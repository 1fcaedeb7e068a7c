// Retention policies: create, change and delete them (audited), dry-run one, and apply them (the daily sweep)
// in bounded batches through the erasure's own eraseTicket, so a policy reaches every store an erasure does.
import type { Deps } from '../types.ts';
import { audit, actorTenant, type Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/log.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { conflict, orNotFound } from '../lib/problem.ts';
import { sweepFiles } from '../files/service.ts';
import { eraseLogsCarrying, eraseTicket, scrub } from './erasure-service.ts';
import { compactTicketIndex } from './erasure-queries.ts';
import { auditEntriesAbout, containsPatterns, setAuditDetails } from './queries.ts';
import {
  countPolicies,
  countReached,
  deletePolicyRow,
  duePolicies,
  getPolicy,
  insertRun,
  reachedTickets,
  savePolicy,
  setLastRun,
  type PolicyRecord,
} from './retention-queries.ts';
import {
  MAX_POLICIES,
  type RetentionDryRun,
  type RetentionPolicyChange,
  type RetentionPolicyInput,
  type RetentionRun,
} from './retention-schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Tickets solved at or before this instant are old enough for the policy. */
export const cutoffOf = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

export async function createPolicy(deps: Deps, actor: Actor, body: RetentionPolicyInput): Promise<PolicyRecord> {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  const at = now.toISOString();
  return deps.db.tx(async (tx) => {
    if ((await countPolicies(tx, tenantId)) >= MAX_POLICIES)
      throw conflict(`A help desk keeps at most ${MAX_POLICIES} retention policies.`);
    const p: PolicyRecord = {
      id: newId('rtp'),
      tenantId,
      ...body,
      channels: [...new Set(body.channels)],
      tags: [...new Set(body.tags)],
      lastRunAt: null,
      createdAt: at,
      updatedAt: at,
    };
    await savePolicy(tx, p);
    await audit(
      actor,
      tx,
      { action: 'retention_policy.created', targetType: 'retention_policy', targetId: p.id, details: describe(p) },
      now,
    );
    return p;
  });
}

export async function updatePolicy(
  deps: Deps,
  actor: Actor,
  id: string,
  patch: RetentionPolicyChange,
): Promise<PolicyRecord> {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  return deps.db.tx(async (tx) => {
    const p = orNotFound(await getPolicy(tx, tenantId, id), 'Retention policy');
    const next: PolicyRecord = {
      ...p,
      ...patch,
      channels: patch.channels ? [...new Set(patch.channels)] : p.channels,
      tags: patch.tags ? [...new Set(patch.tags)] : p.tags,
      updatedAt: now.toISOString(),
    };
    await savePolicy(tx, next);
    await audit(
      actor,
      tx,
      { action: 'retention_policy.updated', targetType: 'retention_policy', targetId: id, details: describe(next) },
      now,
    );
    return next;
  });
}

export async function deletePolicy(deps: Deps, actor: Actor, id: string): Promise<void> {
  const tenantId = actorTenant(actor);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    orNotFound(await getPolicy(tx, tenantId, id), 'Retention policy');
    await deletePolicyRow(tx, tenantId, id);
    await audit(actor, tx, { action: 'retention_policy.deleted', targetType: 'retention_policy', targetId: id }, now);
  });
}

const describe = (p: PolicyRecord) => ({
  name: p.name,
  action: p.action,
  olderThanDays: p.olderThanDays,
  channels: p.channels,
  tags: p.tags,
  enabled: p.enabled,
});

/** What the policy would touch now: a count and the first few tickets (oldest solved first). Changes nothing. */
export async function dryRunPolicy(deps: Deps, tenantId: string, id: string, sample = 5): Promise<RetentionDryRun> {
  const p = orNotFound(await getPolicy(deps.db, tenantId, id), 'Retention policy');
  const cutoff = cutoffOf(deps.now(), p.olderThanDays);
  return {
    tickets: await countReached(deps.db, tenantId, p, cutoff),
    cutoff,
    sample: await reachedTickets(deps.db, tenantId, p, cutoff, sample),
  };
}

export interface RunLimits {
  /** Tickets per transaction. */
  batch: number;
  /** Transactions per run; what is left waits for the next pass. */
  maxBatches: number;
}
const DEFAULT_LIMITS: RunLimits = { batch: 50, maxBatches: 20 };

/**
 * Applies one policy: batches of its tickets, each batch one transaction (tickets, their logs, audit details about
 * them, the search index compacted), the files' bytes swept after each commit; then a run row and an audit entry.
 */
export async function applyPolicy(deps: Deps, p: PolicyRecord, limits = DEFAULT_LIMITS): Promise<RetentionRun> {
  const started = deps.now();
  const cutoff = cutoffOf(started, p.olderThanDays);
  const counts: Record<string, number> = {
    tickets: 0,
    messages: 0,
    files: 0,
    events: 0,
    webhookDeliveries: 0,
    idempotentAnswers: 0,
    auditEntries: 0,
  };
  let status: RetentionRun['status'] = 'done';
  for (let i = 0; ; i++) {
    if (i === limits.maxBatches) {
      status = 'partial';
      break;
    }
    const n = await deps.db.tx(async (tx) => {
      const at = deps.now().toISOString();
      const batch = await reachedTickets(tx, p.tenantId, p, cutoff, limits.batch);
      if (!batch.length) return 0;
      const ids = batch.map((t) => t.id);
      const secrets: string[] = [];
      for (const t of batch) {
        const erased = await eraseTicket(tx, p.tenantId, t.id, p.action, at);
        counts.tickets!++;
        counts.messages! += erased.messages;
        counts.files! += erased.files;
        if (erased.subject.trim().length >= 3) secrets.push(erased.subject.toLowerCase());
      }
      for (const [k, v] of Object.entries(await eraseLogsCarrying(tx, p.tenantId, containsPatterns(ids))))
        counts[k] = (counts[k] ?? 0) + v;
      // Audit entries about these tickets keep who did what, not what the ticket said.
      for (const a of await auditEntriesAbout(tx, p.tenantId, ids, [])) {
        const details = scrub(parseJson<unknown>(a.details, {}), secrets);
        const text = JSON.stringify(details);
        if (text !== a.details) {
          await setAuditDetails(tx, p.tenantId, a.id, text);
          counts.auditEntries!++;
        }
      }
      await compactTicketIndex(tx);
      return batch.length;
    });
    if (n) await sweepFiles(deps);
    if (n < limits.batch) break;
  }
  const run: RetentionRun = {
    id: newId('rtr'),
    policyId: p.id,
    action: p.action,
    status,
    counts,
    startedAt: started.toISOString(),
    finishedAt: deps.now().toISOString(),
  };
  await deps.db.tx(async (tx) => {
    await insertRun(tx, p.tenantId, run);
    // A partial run leaves the policy due, so the next pass goes on where this one stopped.
    if (status === 'done') await setLastRun(tx, p.tenantId, p.id, run.startedAt);
    await writeAudit(
      tx,
      {
        tenantId: p.tenantId,
        actorType: 'system',
        action: 'retention.applied',
        targetType: 'retention_policy',
        targetId: p.id,
        details: { runId: run.id, action: p.action, status, counts },
      },
      deps.now(),
    );
  });
  return run;
}

/** One pass of the daily sweep: every policy not run for a day, once; answers how many runs stopped partial. */
export async function sweepRetention(deps: Deps, limits = DEFAULT_LIMITS): Promise<number> {
  const due = await duePolicies(deps.db, new Date(deps.now().getTime() - DAY_MS).toISOString(), 50);
  let partial = 0;
  for (const p of due) if ((await applyPolicy(deps, p, limits)).status === 'partial') partial++;
  return partial;
}
