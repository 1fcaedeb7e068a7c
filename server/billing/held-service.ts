// Releasing held tickets: once the allowance has room again (a new period, a plan change, an add-on, an override),
// the tickets kept at the limit are shown to agents in arrival order, each counted and announced as just created.
import type { Db } from '../db/client.ts';
import { getTicketRow } from '../tickets/queries.ts';
import { EVERY_TICKET } from '../tickets/scope.ts';
import { showAsNew } from '../tickets/service.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { oldestHeld, tenantsHolding } from './ledger-queries.ts';
import { admitTicket, recordAdmission } from './ticket-allowance.ts';

const BATCH = 100;
const SYSTEM = { type: 'system', id: null, name: 'Plan limit' } as const;

/** Releases as many held tickets as the allowance takes now (oldest first); answers how many. */
export async function releaseHeld(db: Db, tenant: TenantRecord, now: Date): Promise<number> {
  let released = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      let done = 0;
      for (const id of await oldestHeld(tx, tenant.id, BATCH)) {
        const row = await getTicketRow(tx, tenant.id, id, EVERY_TICKET);
        if (!row || row.spam !== 2) continue;
        const admission = await admitTicket(tx, tenant, now, true);
        if (admission.kind === 'held') break;
        await recordAdmission(tx, tenant.id, row.id, admission, now.toISOString());
        await showAsNew(tx, tenant, row, SYSTEM, 'ticket.released', { held: { from: true, to: false } }, now);
        done++;
      }
      return done;
    });
    released += n;
    if (n < BATCH) return released;
  }
}

/** The sweep: every tenant holding tickets gets a release attempt (a new period lifts the limit by itself). */
export async function releaseAllHeld(db: Db, now: Date): Promise<number> {
  let released = 0;
  for (const tenantId of await tenantsHolding(db)) {
    const tenant = await getTenant(db, tenantId);
    if (tenant && tenant.status === 'active') released += await releaseHeld(db, tenant, now);
  }
  return released;
}
