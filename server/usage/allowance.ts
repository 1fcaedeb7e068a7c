// Each tenant's allowance of API-key calls in its billing period, kept in memory (on Deps, through the counter) so
// that checking a call costs no query: loaded from the usage ledger on a tenant's first call (so a restart goes on
// from what was written), added to per call, written by the counter's flush and set to the ledger's total then.
import type { Db } from '../db/client.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { loadEntitlements, PROBLEM_LIMIT } from '../billing/entitlements.ts';
import { ledgerApiKeyCalls } from '../billing/ledger-queries.ts';
import type { Period } from '../billing/period.ts';
import type { Pricing } from '../billing/billing-queries.ts';
import { planLimitReached } from '../tenants/plans.ts';
import type { Problem } from '../lib/problem.ts';

/** How long a plan change may take to reach the allowance (its limit and pricing are read again after this). */
export const ALLOWANCE_FRESH_MS = 5000;

export type Admission = { kind: 'counted' } | { kind: 'overage' } | { kind: 'refused'; problem: Problem };

interface Allowance {
  period: Period;
  limit: number | null;
  pricing: Pricing;
  plan: TenantRecord['plan'];
  /** API-key calls of the period: the ledger's total at the last read or write plus the calls admitted since. */
  used: number;
  checkedAt: number;
}

export interface KeyCalls {
  tenantId: string;
  period: Period;
  calls: number;
  overage: number;
}

export class ApiKeyAllowances {
  #allowances = new Map<string, Allowance>();
  #loading = new Map<string, Promise<Allowance>>();
  /** Admitted and not yet written, per `tenantId\nperiodStart`. */
  #pending = new Map<string, KeyCalls>();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async admit(tenant: TenantRecord): Promise<Admission> {
    const a = await this.#current(tenant);
    const overage = a.limit !== null && a.used >= a.limit;
    if (overage && a.pricing !== 'usage') {
      const retryAfter = Math.max(1, Math.ceil((a.period.end.getTime() - this.now().getTime()) / 1000));
      return {
        kind: 'refused',
        problem: planLimitReached(a.plan, PROBLEM_LIMIT.apiCallsPerMonth, a.limit!, a.used, {
          'Retry-After': String(retryAfter),
        }),
      };
    }
    a.used++;
    const key = `${tenant.id}\n${a.period.start.toISOString()}`;
    const p = this.#pending.get(key) ?? { tenantId: tenant.id, period: a.period, calls: 0, overage: 0 };
    p.calls++;
    if (overage) p.overage++;
    this.#pending.set(key, p);
    return { kind: overage ? 'overage' : 'counted' };
  }

  /** The tenant's allowance for now: kept while fresh and in its period, else read again (one read at a time). */
  async #current(tenant: TenantRecord): Promise<Allowance> {
    const now = this.now().getTime();
    const kept = this.#allowances.get(tenant.id);
    if (kept && now < kept.period.end.getTime() && now - kept.checkedAt < ALLOWANCE_FRESH_MS) return kept;
    let loading = this.#loading.get(tenant.id);
    if (!loading) {
      loading = this.#load(tenant).finally(() => this.#loading.delete(tenant.id));
      this.#loading.set(tenant.id, loading);
    }
    return loading;
  }

  async #load(tenant: TenantRecord): Promise<Allowance> {
    const e = await loadEntitlements(this.db, tenant, this.now());
    const kept = this.#allowances.get(tenant.id);
    const start = e.period.start.getTime();
    // The ledger holds every node's written calls; what this process admitted since is pending (or being written,
    // which only the count kept here includes): both are lower bounds of the truth, so the larger one is taken.
    const fromLedger =
      (await ledgerApiKeyCalls(this.db, tenant.id, e.period)) +
      (this.#pending.get(`${tenant.id}\n${e.period.start.toISOString()}`)?.calls ?? 0);
    const used = kept && kept.period.start.getTime() === start ? Math.max(kept.used, fromLedger) : fromLedger;
    const a: Allowance = {
      period: e.period,
      limit: e.limits.apiCallsPerMonth,
      pricing: e.pricing,
      plan: e.plan,
      used,
      checkedAt: this.now().getTime(),
    };
    this.#allowances.set(tenant.id, a);
    return a;
  }

  /** Hands the admitted calls to a flush. */
  take(): KeyCalls[] {
    const out = [...this.#pending.values()];
    this.#pending.clear();
    return out;
  }

  /** A failed flush: the calls wait for the next one. */
  putBack(calls: KeyCalls[]) {
    for (const c of calls) {
      const key = `${c.tenantId}\n${c.period.start.toISOString()}`;
      const p = this.#pending.get(key);
      this.#pending.set(key, p ? { ...p, calls: p.calls + c.calls, overage: p.overage + c.overage } : c);
    }
  }

  /** After a flush: the ledger's totals (other nodes' calls included) plus what was admitted during the write. */
  written(totals: { tenantId: string; period: Period; total: number }[]) {
    for (const t of totals) {
      const a = this.#allowances.get(t.tenantId);
      if (!a || a.period.start.getTime() !== t.period.start.getTime()) continue;
      a.used = t.total + (this.#pending.get(`${t.tenantId}\n${t.period.start.toISOString()}`)?.calls ?? 0);
    }
  }
}
