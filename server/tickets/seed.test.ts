import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { demoTenantId, seedDemoIfEmpty } from '../seed/demo.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('demo seed', () => {
  it('gives the demo tenant tickets in several states with SLA due times and an internal note', async () => {
    const tenantId = await seedDemoIfEmpty(h.db, new Date('2026-03-04T18:00:00Z'));
    expect(tenantId).toMatch(/^ten_/);
    const rows = await h.db.all<{ number: number; status: string; resolution_due_at: string | null }>(
      'SELECT number, status, resolution_due_at FROM tickets WHERE tenant_id = ? ORDER BY number',
      [tenantId],
    );
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['resolved', 'pending', 'open']));
    expect(rows[3].resolution_due_at).toBeTruthy();
    const notes = await h.db.get<{ n: number }>(
      'SELECT count(*) AS n FROM ticket_messages WHERE tenant_id = ? AND internal = 1',
      [tenantId],
    );
    expect(notes!.n).toBe(1);
  });

  it('seeds only an empty database and remembers which tenant is the demo', async () => {
    expect(await demoTenantId(h.db)).toBeNull();
    const tenantId = await seedDemoIfEmpty(h.db, new Date('2026-03-04T18:00:00Z'));
    expect(await demoTenantId(h.db)).toBe(tenantId);
    // The next start finds tenants and seeds nothing more.
    expect(await seedDemoIfEmpty(h.db, new Date('2026-03-05T18:00:00Z'))).toBeNull();
    const tenants = await h.db.get<{ n: number }>('SELECT count(*) AS n FROM tenants');
    expect(tenants!.n).toBe(1);
    expect(await demoTenantId(h.db)).toBe(tenantId);
  });
});
