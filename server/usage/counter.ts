// Counts API calls per tenant (per UTC day and per billing period) and the agents active in a period, and holds
// each tenant's allowance of API-key calls ("API calls per month"): in memory per request, written in batches.
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { AppEnv } from '../types.ts';
import { addApiCalls } from './queries.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { loadEntitlements } from '../billing/entitlements.ts';
import { addLedgerApiCalls, addLedgerApiKeyCalls, markActiveAgent } from '../billing/ledger-queries.ts';
import type { Period } from '../billing/period.ts';
import { ApiKeyAllowances, type Admission } from './allowance.ts';

const FLUSH_AFTER_MS = 5000;

/**
 * A write per request would put every API call behind the write lock, so counts wait here for at most
 * FLUSH_AFTER_MS. GET /usage and shutdown call flush() first; a crash loses at most that window.
 */
export class ApiCallCounter {
  #pending = new Map<string, number>();
  /** `tenantId\nagentId` of the agents seen since the last write. */
  #agents = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing: Promise<void> | null = null;
  readonly allowances: ApiKeyAllowances;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {
    this.allowances = new ApiKeyAllowances(db, now);
  }

  count(tenantId: string, agentId?: string) {
    const key = `${tenantId}\n${this.now().toISOString().slice(0, 10)}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
    if (agentId) this.#agents.add(`${tenantId}\n${agentId}`);
    this.#schedule();
  }

  /** An API-key call: counted against the tenant's allowance, or refused (nothing counted) once it is used up. */
  async admitKeyCall(tenant: TenantRecord): Promise<Admission> {
    const a = await this.allowances.admit(tenant);
    if (a.kind !== 'refused') this.#schedule();
    return a;
  }

  #schedule() {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush().catch((err) => this.logger.warn('api call counts not written', { error: (err as Error).message }));
    }, FLUSH_AFTER_MS);
    this.#timer.unref?.();
  }

  /** Writes what is pending; a caller during a write waits for it and then writes what came in meanwhile. */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batch = [...this.#pending];
    const agents = [...this.#agents];
    const keyCalls = this.allowances.take();
    this.#pending.clear();
    this.#agents.clear();
    if (!batch.length && !keyCalls.length) return;
    const totals: { tenantId: string; period: Period; total: number }[] = [];
    this.#flushing = this.db
      .tx(async (tx) => {
        const perTenant = new Map<string, { calls: number; agents: string[] }>();
        for (const [key, n] of batch) {
          const [tenantId] = key.split('\n');
          const t = perTenant.get(tenantId) ?? { calls: 0, agents: [] };
          perTenant.set(tenantId, { ...t, calls: t.calls + n });
        }
        for (const key of agents) {
          const [tenantId, agentId] = key.split('\n');
          perTenant.get(tenantId)?.agents.push(agentId);
        }
        // The period is the one holding the write (a batch is at most a few seconds old).
        for (const [tenantId, { calls, agents: seen }] of perTenant) {
          const tenant = await getTenant(tx, tenantId);
          if (!tenant) continue;
          const { period } = await loadEntitlements(tx, tenant, this.now());
          await addLedgerApiCalls(tx, tenantId, period, calls);
          for (const agentId of seen) await markActiveAgent(tx, tenantId, period, agentId);
        }
        // API-key calls go to the period they were admitted in; the total read back includes other nodes' calls.
        for (const k of keyCalls) {
          if (!(await getTenant(tx, k.tenantId))) continue;
          const total = await addLedgerApiKeyCalls(tx, k.tenantId, k.period, k.calls, k.overage);
          totals.push({ tenantId: k.tenantId, period: k.period, total });
        }
        // After the ledger: a period's first row is seeded from the daily counts written before this batch.
        for (const [key, n] of batch) {
          const [tenantId, day] = key.split('\n');
          await addApiCalls(tx, tenantId, day, n);
        }
      })
      .then(() => this.allowances.written(totals))
      .catch((err) => {
        for (const [key, n] of batch) this.#pending.set(key, (this.#pending.get(key) ?? 0) + n);
        for (const key of agents) this.#agents.add(key);
        this.allowances.putBack(keyCalls);
        throw err;
      })
      .finally(() => {
        this.#flushing = null;
      });
    return this.#flushing;
  }
}

/**
 * Mounted after the credential middleware: every call made with a tenant credential counts as traffic, and an
 * API-key call also against "API calls per month": past it the call is refused before anything runs.
 */
export function countApiCalls(counter: ApiCallCounter): MiddlewareHandler<AppEnv> {
  return async function apiCallCounterMiddleware(c, next) {
    const tenantId = c.get('tenantId');
    const p = c.get('principal');
    if (!tenantId) return next();
    if (p?.kind === 'api-key') {
      const a = await counter.admitKeyCall(c.get('tenant'));
      if (a.kind === 'refused') throw a.problem;
    }
    counter.count(tenantId, p?.kind === 'agent' ? p.agentId : undefined);
    await next();
  };
}
