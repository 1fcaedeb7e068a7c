import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHarness, testClock, type Harness, type ReqOpts } from '../test-support/harness.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { claimDue, fanOut } from './outbox.ts';
import { emit, gate, startReceiver, turn, type Receiver } from './test-support.ts';
import { sampleTicket } from '../events/test-fixtures.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(opts: { dbUrl?: string; clock?: ReturnType<typeof testClock> } = {}) {
  const clock = opts.clock ?? testClock(new Date().toISOString());
  const h = await createHarness({ clock, dbUrl: opts.dbUrl });
  cleanup.push(() => h.close());
  return { h, clock };
}

async function receiver(...args: Parameters<typeof startReceiver>) {
  const rx = await startReceiver(...args);
  cleanup.push(() => rx.close());
  return rx;
}

function dispatcher(
  h: Harness,
  opts: Parameters<typeof createDispatcher>[1] = {},
  env?: Partial<Harness['deps']['env']>,
) {
  const d = createDispatcher({ ...h.deps, env: { ...h.deps.env, ...env } }, opts);
  cleanup.push(() => d.stop());
  return d;
}

async function createEndpoint(h: Harness, as: ReqOpts, rx: Receiver, events = ['ticket.created']) {
  const r = await h.json('POST', '/api/v1/webhooks', { ...as, body: { url: rx.url, events } });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
}

/** Ticks until `done` holds, letting I/O run in between; bounded so a bug fails instead of hanging. */
async function tickUntil(ds: Dispatcher[], done: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 2000 && !(await done()); i++) {
    await Promise.all(ds.map((d) => d.tick()));
    await turn();
  }
}

describe('dispatcher', () => {
  it('delivers after a restart: an unclaimed event and one claimed by a process that died', async () => {
    const first = await setup();
    const { h: h1, clock } = first;
    const rx = await receiver();
    const t = await h1.signup();
    const wh = await createEndpoint(h1, t.as, rx);
    await emit(h1.db, t.tenant.id, 'ticket.created', sampleTicket({ id: 'tkt_claimed' }), clock.now());
    // A process fans the event out and claims its delivery, then is SIGKILLed before sending it.
    await fanOut(h1.db, clock.now());
    expect(
      await claimDue(h1.db, clock.now(), { owner: 'dead-process', leaseMs: 60_000, budget: 10, perEndpoint: 10 }),
    ).toHaveLength(1);
    await emit(h1.db, t.tenant.id, 'ticket.created', sampleTicket({ id: 'tkt_unclaimed' }), clock.now());
    h1.db.close();

    // A new app and dispatcher on the same database file.
    const { h: h2 } = await setup({ dbUrl: h1.dbUrl, clock });
    cleanup.push(() => rmSync(h1.dir, { recursive: true, force: true }));
    const d = dispatcher(h2, { id: 'new-process' });
    await d.runOnce();
    expect(rx.received.map((r) => r.json.data.id)).toEqual(['tkt_unclaimed']);
    // The dead process's lease runs out, and its delivery goes out under the same webhook-id.
    clock.advance(60_000);
    await d.runOnce();
    expect(rx.received.map((r) => r.json.data.id)).toEqual(['tkt_unclaimed', 'tkt_claimed']);
    for (const r of rx.received) new Webhook(wh.secret).verify(r.body, r.headers);
    const row = await h2.db.get<{ id: string }>("SELECT id FROM webhook_deliveries WHERE payload LIKE '%tkt_claimed%'");
    expect(rx.received[1].headers['webhook-id']).toBe(row!.id);
    await d.runOnce();
    expect(rx.received).toHaveLength(2);
  });

  it('two dispatchers on one database deliver each event once, not once each', async () => {
    const { h, clock } = await setup();
    const rx = await receiver();
    const t = await h.signup();
    await createEndpoint(h, t.as, rx);
    for (let i = 0; i < 40; i++)
      await emit(h.db, t.tenant.id, 'ticket.created', sampleTicket({ id: `tkt_${i}` }), clock.now());
    const a = dispatcher(h, { id: 'process-a', maxInFlight: 10, perEndpointInFlight: 100 });
    const b = dispatcher(h, { id: 'process-b', maxInFlight: 10, perEndpointInFlight: 100 });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.started).toBeGreaterThan(0);
    expect(rb.started).toBeGreaterThan(0);
    const succeeded = async () =>
      (await h.db.get<{ n: number }>("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'"))!.n ===
      40;
    await tickUntil([a, b], succeeded);
    await Promise.all([a.idle(), b.idle()]);
    expect(rx.received).toHaveLength(40);
    expect(new Set(rx.received.map((r) => r.headers['webhook-id'])).size).toBe(40);
    expect(new Set(rx.received.map((r) => r.json.data.id)).size).toBe(40);
  });

  it('a slow endpoint never delays deliveries to other endpoints', async () => {
    const { h, clock } = await setup();
    const hold = gate();
    const slow = await receiver(async () => {
      await hold.promise;
      return { status: 200 };
    });
    const fast = await receiver();
    const t = await h.signup();
    await createEndpoint(h, t.as, slow);
    const fastWh = await createEndpoint(h, t.as, fast);
    for (let i = 0; i < 10; i++)
      await emit(h.db, t.tenant.id, 'ticket.created', sampleTicket({ id: `tkt_${i}` }), clock.now());
    const d = dispatcher(h, { id: 'd', maxInFlight: 8, perEndpointInFlight: 2 });
    const fastDone = async () =>
      (await h.db.get<{ n: number }>(
        "SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'succeeded'",
        [fastWh.id],
      ))!.n === 10;
    await tickUntil([d], fastDone);
    expect(await fastDone()).toBe(true);
    expect(fast.received).toHaveLength(10);
    // The slow endpoint holds only its own two slots, still waiting.
    expect(slow.open()).toBe(2);
    expect(d.inFlight()).toBe(2);
    hold.release();
    await d.idle();
  });

  it('stops cleanly: running attempts are cut off, their leases handed back, no timer left', async () => {
    const { h, clock } = await setup();
    const rx = await receiver(() => new Promise(() => undefined));
    const t = await h.signup();
    const wh = await createEndpoint(h, t.as, rx);
    await emit(h.db, t.tenant.id, 'ticket.created', sampleTicket({ id: 'tkt_1' }), clock.now());
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const d = createDispatcher(h.deps, { id: 'stopping', stopGraceMs: 20, pollMs: 10 });
    d.start();
    for (let i = 0; i < 2000 && rx.received.length === 0; i++) await turn();
    expect(rx.received).toHaveLength(1);
    await d.stop();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
    const row = await h.db.get<{ status: string; attempts: number; lease_until: string | null }>(
      'SELECT status, attempts, lease_until FROM webhook_deliveries WHERE endpoint_id = ?',
      [wh.id],
    );
    expect(row).toEqual({ status: 'pending', attempts: 0, lease_until: null });
    // Another process picks it up at once.
    rx.respond(() => ({ status: 200 }));
    const next = dispatcher(h, { id: 'next' });
    await next.runOnce();
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1].headers['webhook-id']).toBe(rx.received[0].headers['webhook-id']);
  });

  it('refuses at delivery time to connect to private addresses unless ALLOW_PRIVATE_WEBHOOKS', async () => {
    const { h, clock } = await setup();
    const rx = await receiver();
    const t = await h.signup();
    const literal = await createEndpoint(h, t.as, rx);
    const named = (
      await h.json('POST', '/api/v1/webhooks', {
        ...t.as,
        body: { url: `http://localhost:${rx.port}/hooks`, events: ['ticket.created'] },
      })
    ).body;
    await emit(h.db, t.tenant.id, 'ticket.created', sampleTicket({ id: 'tkt_1' }), clock.now());
    const strict = dispatcher(h, { id: 'strict' }, { ALLOW_PRIVATE_WEBHOOKS: false });
    await strict.runOnce();
    expect(rx.received).toHaveLength(0);
    for (const id of [literal.id, named.id]) {
      const [dl] = (await h.json('GET', `/api/v1/webhooks/${id}/deliveries`, t.as)).body.data;
      expect(dl.status).toBe('pending');
      expect(dl.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/Refused.*loopback/) });
    }
    // With the opt-in, the same deliveries (by address and by name) go through on their retry.
    clock.advance(10_000);
    await dispatcher(h, { id: 'permissive' }).runOnce();
    expect(rx.received.map((r) => r.path)).toEqual(['/hooks', '/hooks']);
  });
});

describe('dispatcher wake-up on commit', () => {
  it('delivers an event written by this process right after its commit, without waiting for the poll', async () => {
    const { h, clock } = await setup();
    const rx = await receiver();
    const t = await h.signup();
    await createEndpoint(h, t.as, rx);
    // A poll interval of an hour: only the commit notification can bring this delivery within the test.
    const d = dispatcher(h, { id: 'sleepy', pollMs: 3_600_000 });
    d.start();
    // let the start-up tick pass, so the next one can only come from a wake-up
    await new Promise((r) => setTimeout(r, 200));
    await emit(h.db, t.tenant.id, 'ticket.created', sampleTicket({ id: 'tkt_woken' }), clock.now());
    for (let i = 0; i < 500 && rx.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(rx.received.map((r) => r.json.data.id)).toEqual(['tkt_woken']);
  });
});
