import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, testClock, type Harness, type SignedUp, type TestClock } from '../test-support/harness.ts';
import { unlockLogin } from './login-throttle.ts';

const ATTACKER = '203.0.113.9';
const OWNER_HOME = '198.51.100.7';
const PASSWORD = 'correct horse battery';

let h: Harness;
let clock: TestClock;
let victim: SignedUp;

beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  victim = await h.signup({ email: 'victim@example.com', password: PASSWORD });
});
afterEach(() => h.close());

const login = (ip: string, password: string, email = 'victim@example.com') =>
  h.json('POST', '/api/v1/auth/login', { ip, body: { email, password } });

/** Fails `times` times from `ip`, waiting out each 429; returns the Retry-After values it was told. */
async function failRepeatedly(ip: string, times: number, email = 'victim@example.com') {
  const waits: number[] = [];
  for (let failures = 0; failures < times;) {
    const r = await login(ip, `wrong guess ${failures}`, email);
    if (r.status === 429) {
      // having waited as told, the next attempt must be heard
      expect(waits.length, 'a 429 after waiting out Retry-After').toBeLessThanOrEqual(failures);
      const wait = Number(r.res.headers.get('retry-after'));
      waits.push(wait);
      clock.advance(wait * 1000);
      continue;
    }
    expect(r.status).toBe(401);
    failures++;
  }
  return waits;
}

async function throttledAudits() {
  const r = await h.json('GET', '/api/v1/audit-log?action=auth.login_throttled', victim.as);
  return r.body.data as { ip: string; targetId: string; details: Record<string, unknown> }[];
}

describe('login throttling per account and address', () => {
  it('gives an attacker failing 20 times growing waits, while the right password from another address signs in', async () => {
    const waits = await failRepeatedly(ATTACKER, 20);
    // five free failures, then 1 s doubling per failure, capped at 15 minutes
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900]);

    const attackerNow = await login(ATTACKER, PASSWORD);
    expect(attackerNow.status).toBe(429);
    expect(attackerNow.res.headers.get('content-type')).toBe('application/problem+json');
    expect(attackerNow.res.headers.get('retry-after')).toBe('900');
    expect(attackerNow.res.headers.get('ratelimit-limit')).toBe('30');

    const owner = await login(OWNER_HOME, PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.body.agent.id).toBe(victim.agent.id);
    // the owner's success forgets only the owner's address
    expect((await login(ATTACKER, 'one more guess')).status).toBe(429);
  });

  it('audits a lockout once, not per request, and again only for a new lockout', async () => {
    await failRepeatedly(ATTACKER, 5);
    let audits = await throttledAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      ip: ATTACKER,
      targetId: victim.agent.id,
      details: { email: 'victim@example.com', failures: 5, retryAfter: 1 },
    });

    for (let i = 0; i < 3; i++) expect((await login(ATTACKER, 'rushed guess')).status).toBe(429);
    await failRepeatedly(ATTACKER, 4);
    expect(await throttledAudits()).toHaveLength(1);

    // the owner signing in from the throttled address (after the wait) ends that lockout …
    clock.advance(900 * 1000);
    expect((await login(ATTACKER, PASSWORD)).status).toBe(200);
    // … so the next run of failures is a new one
    await failRepeatedly(ATTACKER, 5);
    audits = await throttledAudits();
    expect(audits).toHaveLength(2);
  });

  it('forgets an address’s failures for the account when it signs in successfully', async () => {
    await failRepeatedly(OWNER_HOME, 4);
    expect((await login(OWNER_HOME, PASSWORD)).status).toBe(200);
    // four more failures are free again; only the fifth starts the waits
    expect(await failRepeatedly(OWNER_HOME, 5)).toEqual([]);
    const r = await login(OWNER_HOME, PASSWORD);
    expect(r.status).toBe(429);
    expect(r.res.headers.get('retry-after')).toBe('1');
  });

  it('counts parallel guesses as they start, so a burst gets no more than the free failures', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(ATTACKER, `parallel guess ${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('applies to unknown emails exactly as to real ones, so waits do not reveal who has an account', async () => {
    const waits = await failRepeatedly(ATTACKER, 7, 'nobody@example.com');
    expect(waits).toEqual([1, 2]);
  });

  it('has a seam for an emailed unlock: unlockLogin forgets every address’s waits for the account', async () => {
    await failRepeatedly(ATTACKER, 6);
    expect((await login(ATTACKER, PASSWORD)).status).toBe(429);
    unlockLogin(h.deps.limiter, 'Victim@Example.com');
    expect((await login(ATTACKER, PASSWORD)).status).toBe(200);
  });
});

describe('login throttling per address across accounts', () => {
  it('refuses an address after 30 failures over many accounts, with Retry-After and RateLimit headers; other addresses sign in', async () => {
    const first = await login(ATTACKER, 'stuffed password', 'someone-0@example.com');
    expect(first.status).toBe(401);
    expect(first.res.headers.get('ratelimit-limit')).toBe('30');
    expect(first.res.headers.get('ratelimit-remaining')).toBe('29');

    for (let i = 1; i < 30; i++)
      expect((await login(ATTACKER, 'stuffed password', `someone-${i}@example.com`)).status).toBe(401);

    const blocked = await login(ATTACKER, PASSWORD);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(blocked.res.headers.get('ratelimit-limit')).toBe('30');
    expect(blocked.res.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(blocked.res.headers.get('ratelimit-reset'))).toBe(retryAfter);
    expect(blocked.body.detail).toMatch(/from your address/);

    expect((await login(OWNER_HOME, PASSWORD)).status).toBe(200);

    clock.advance(retryAfter * 1000);
    expect((await login(ATTACKER, PASSWORD)).status).toBe(200);
  });

  it('does not spend the address budget on successful sign-ins', async () => {
    for (let i = 0; i < 31; i++) expect((await login(OWNER_HOME, PASSWORD)).status).toBe(200);
    const r = await login(OWNER_HOME, 'a wrong one');
    expect(r.status).toBe(401);
    expect(r.res.headers.get('ratelimit-remaining')).toBe('29');
  });
});

describe('RATE_LIMITS=off', () => {
  it('throttles nothing (benchmarks)', async () => {
    const off = await createHarness({ env: { RATE_LIMITS: 'off' } });
    try {
      await off.signup({ email: 'bench@example.com', password: PASSWORD });
      for (let i = 0; i < 31; i++) {
        const r = await off.req('POST', '/api/v1/auth/login', {
          ip: ATTACKER,
          body: { email: `bench${i % 2 ? '' : '-other'}@example.com`, password: 'not it at all' },
        });
        expect(r.status).toBe(401);
      }
      expect(
        (
          await off.req('POST', '/api/v1/auth/login', {
            ip: ATTACKER,
            body: { email: 'bench@example.com', password: PASSWORD },
          })
        ).status,
      ).toBe(200);
    } finally {
      await off.close();
    }
  });
});
