import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Queryable } from '../db/client.ts';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { countTicket, getLedger } from './ledger-queries.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

/** The statements a query function sends, through a recording Queryable. */
function recording(q: Queryable, sent: string[]): Queryable {
  return {
    all: (sql, args) => (sent.push(sql), q.all(sql, args)),
    get: (sql, args) => (sent.push(sql), q.get(sql, args)),
    run: (sql, args) => (sent.push(sql), q.run(sql, args)),
  };
}

describe('usage ledger', () => {
  it('seeds a period from the tickets table once, then only adds to its row', async () => {
    const { tenant } = await h.signup();
    const period = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
    const sent: string[] = [];
    for (let i = 0; i < 3; i++)
      await h.db.tx((tx) =>
        countTicket(recording(tx, sent), tenant.id, `tkt_${i}`, period, '2026-12-04T10:00:00Z', i === 2),
      );
    const seeds = sent.filter((sql) => /INSERT INTO usage_ledger[\s\S]*FROM tickets/.test(sql));
    expect(seeds).toHaveLength(1);
    expect(await getLedger(h.db, tenant.id, period)).toMatchObject({ tickets: 3, overageTickets: 1 });
  });
});
