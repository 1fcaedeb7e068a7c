// Two-factor sign-in over HTTP: TOTP enrolment and the second step, recovery codes, the challenge's rules, the
// tenant policy, an owner's reset and the audit trail. Codes are computed with otpauth on the test clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import {
  createHarness,
  sessionCookie,
  testClock,
  type Harness,
  type SignedUp,
  type TestClock,
} from '../test-support/harness.ts';

let h: Harness;
let clock: TestClock;
let t: SignedUp;
const PASSWORD = 'correct horse battery';

beforeEach(async () => {
  clock = testClock();
  h = await createHarness({ clock });
  t = await h.signup();
});
afterEach(() => h.close());

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at.getTime() });
const nextStep = () => clock.advance(30_000);
const login = (email = t.agent.email, password = PASSWORD) =>
  h.json('POST', '/api/v1/auth/login', { body: { email, password } });
const step = (challenge: string, code: string) =>
  h.json('POST', '/api/v1/auth/two-factor', { body: { challenge, code } });
const actions = async () =>
  ((await h.json('GET', '/api/v1/audit-log?limit=100', t.as)).body.data as { action: string }[]).map((e) => e.action);

async function enrol(as = t.as) {
  const start = await h.json('POST', '/api/v1/me/two-factor/totp', as);
  expect(start.status).toBe(200);
  expect(start.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
  const secret: string = start.body.secret;
  const verified = await h.json('POST', '/api/v1/me/two-factor/totp/verify', {
    ...as,
    body: { code: codeAt(secret, clock.now()) },
  });
  expect(verified.status).toBe(200);
  nextStep();
  return { secret, recoveryCodes: verified.body.recoveryCodes as string[] };
}

describe('TOTP enrolment', () => {
  it('is off until a code is verified, and a wrong code changes nothing', async () => {
    const start = await h.json('POST', '/api/v1/me/two-factor/totp', t.as);
    expect((await login()).body.twoFactorRequired).toBeUndefined();
    const wrong = await h.json('POST', '/api/v1/me/two-factor/totp/verify', { ...t.as, body: { code: '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.res.headers.get('content-type')).toContain('application/problem+json');
    expect((await h.json('GET', '/api/v1/me/two-factor', t.as)).body.totp).toBe(false);
    const ok = await h.json('POST', '/api/v1/me/two-factor/totp/verify', {
      ...t.as,
      body: { code: codeAt(start.body.secret, clock.now()) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    const status = (await h.json('GET', '/api/v1/me/two-factor', t.as)).body;
    expect(status).toMatchObject({ totp: true, recoveryCodesLeft: 10, enrolled: true });
    expect(JSON.stringify(status)).not.toContain(start.body.secret);
    // A second set-up while one is on is refused: the secret is never handed out again.
    expect((await h.json('POST', '/api/v1/me/two-factor/totp', t.as)).status).toBe(409);
    expect(await actions()).toContain('two_factor.enrolled');
  });

  it('keeps the secret encrypted in the database', async () => {
    const { secret } = await enrol();
    const row = await h.db.get<{ secret_enc: string }>('SELECT secret_enc FROM agent_totp');
    expect(row!.secret_enc).not.toContain(secret);
    const codes = await h.db.all<{ code_hash: string }>('SELECT code_hash FROM recovery_codes');
    expect(codes).toHaveLength(10);
  });
});

describe('sign-in with two-factor on', () => {
  it('asks for a second step without a session, then signs in with the current code', async () => {
    const { secret } = await enrol();
    const first = await login();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ twoFactorRequired: true, methods: ['totp'] });
    expect(first.res.headers.get('set-cookie')).toBeNull();
    const ok = await step(first.body.challenge, codeAt(secret, clock.now()));
    expect(ok.status).toBe(200);
    expect(ok.body.agent.id).toBe(t.agent.id);
    const cookie = sessionCookie(ok.res);
    expect((await h.json('GET', '/api/v1/me', { cookie })).status).toBe(200);
    const method = await h.db.get<{ method: string }>(
      'SELECT method FROM sessions ORDER BY created_at DESC, rowid DESC',
    );
    expect(method!.method).toBe('two-factor');
    // The challenge is single-use.
    nextStep();
    expect((await step(first.body.challenge, codeAt(secret, clock.now()))).status).toBe(401);
  });

  it('refuses a code of a time step already used, and audits the failure', async () => {
    const { secret } = await enrol();
    const a = await login();
    const code = codeAt(secret, clock.now());
    expect((await step(a.body.challenge, code)).status).toBe(200);
    const b = await login();
    const reused = await step(b.body.challenge, code);
    expect(reused.status).toBe(401);
    expect(reused.body.detail).toMatch(/not correct|used/);
    expect(await actions()).toContain('auth.two_factor_failed');
    // The next step's code works on the same challenge.
    nextStep();
    expect((await step(b.body.challenge, codeAt(secret, clock.now()))).status).toBe(200);
  });

  it('takes a recovery code once', async () => {
    const { recoveryCodes } = await enrol();
    const a = await login();
    const used = await step(a.body.challenge, recoveryCodes[0].toUpperCase());
    expect(used.status).toBe(200);
    const b = await login();
    expect((await step(b.body.challenge, recoveryCodes[0])).status).toBe(401);
    expect((await step(b.body.challenge, recoveryCodes[1])).status).toBe(200);
    expect((await h.json('GET', '/api/v1/me/two-factor', t.as)).body.recoveryCodesLeft).toBe(8);
    expect(await actions()).toContain('two_factor.recovery_code_used');
  });

  it('refuses forged and expired challenges, and voids one after five wrong codes', async () => {
    const { secret } = await enrol();
    expect((await step('forged-challenge-0123456789', codeAt(secret, clock.now()))).status).toBe(401);
    const a = await login();
    clock.advance(6 * 60 * 1000);
    expect((await step(a.body.challenge, codeAt(secret, clock.now()))).status).toBe(401);
    const b = await login();
    for (let i = 0; i < 5; i++) expect((await step(b.body.challenge, '000000')).status).toBe(401);
    expect((await step(b.body.challenge, codeAt(secret, clock.now()))).status).toBe(401);
  });

  it("binds the challenge to its agent: another agent's code does not pass it", async () => {
    await enrol();
    const other = await h.signup();
    const theirs = await enrol(other.as);
    const mine = await login();
    expect((await step(mine.body.challenge, codeAt(theirs.secret, clock.now()))).status).toBe(401);
    expect((await step(mine.body.challenge, theirs.recoveryCodes[0])).status).toBe(401);
  });
});

describe('turning it off, new codes, and an owner reset', () => {
  it('needs a current code or the password to turn off or to make new recovery codes', async () => {
    const { secret, recoveryCodes } = await enrol();
    expect(
      (await h.json('POST', '/api/v1/me/two-factor/recovery-codes', { ...t.as, body: { password: 'wrong password' } }))
        .status,
    ).toBe(400);
    const fresh = await h.json('POST', '/api/v1/me/two-factor/recovery-codes', {
      ...t.as,
      body: { code: codeAt(secret, clock.now()) },
    });
    expect(fresh.status).toBe(200);
    // The old codes stop working.
    const a = await login();
    expect((await step(a.body.challenge, recoveryCodes[0])).status).toBe(401);
    expect(
      (await h.json('POST', '/api/v1/me/two-factor/totp/disable', { ...t.as, body: { code: '000000' } })).status,
    ).toBe(400);
    const off = await h.json('POST', '/api/v1/me/two-factor/totp/disable', { ...t.as, body: { password: PASSWORD } });
    expect(off.status).toBe(204);
    const plain = await login();
    expect(plain.body.twoFactorRequired).toBeUndefined();
    expect(plain.body.agent.id).toBe(t.agent.id);
    expect(await actions()).toEqual(
      expect.arrayContaining(['two_factor.disabled', 'two_factor.recovery_codes_regenerated']),
    );
  });

  it("lets an owner reset another agent's factors, and nobody else", async () => {
    const made = await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Ada', email: 'ada@example.com', roleId: 'admin', password: PASSWORD },
    });
    expect(made.status).toBe(201);
    const adaLogin = await login('ada@example.com');
    const ada = { cookie: sessionCookie(adaLogin.res) };
    await enrol(ada);
    expect((await login('ada@example.com')).body.twoFactorRequired).toBe(true);
    // An admin is not an owner.
    expect((await h.json('POST', `/api/v1/agents/${t.agent.id}/two-factor/reset`, ada)).status).toBe(403);
    const other = await h.signup();
    expect((await h.json('POST', `/api/v1/agents/${made.body.id}/two-factor/reset`, other.as)).status).toBe(404);
    expect((await h.json('GET', '/api/v1/me', ada)).status).toBe(200);
    expect((await h.json('POST', `/api/v1/agents/${made.body.id}/two-factor/reset`, t.as)).status).toBe(204);
    // A reset follows a lost or stolen factor: the agent's sessions end with it, the owner's stays.
    expect((await h.json('GET', '/api/v1/me', ada)).status).toBe(401);
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
    expect((await login('ada@example.com')).body.twoFactorRequired).toBeUndefined();
    expect(await actions()).toContain('two_factor.reset');
  });
});

describe('the tenant policy', () => {
  it('lets an agent without a second factor only enrol until they have one', async () => {
    const on = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { security: { requireTwoFactor: true } },
    });
    expect(on.status).toBe(200);
    const tickets = await h.json('GET', '/api/v1/tickets', t.as);
    expect(tickets.status).toBe(403);
    expect(tickets.body.twoFactorEnrolmentRequired).toBe(true);
    expect((await h.json('GET', '/api/v1/me', t.as)).status).toBe(200);
    const status = await h.json('GET', '/api/v1/me/two-factor', t.as);
    expect(status.body).toMatchObject({ required: true, enrolled: false });
    const { secret } = await enrol();
    expect((await h.json('GET', '/api/v1/tickets', t.as)).status).toBe(200);
    // With the policy on, the last factor cannot be turned off.
    const off = await h.json('POST', '/api/v1/me/two-factor/totp/disable', {
      ...t.as,
      body: { code: codeAt(secret, clock.now()) },
    });
    expect(off.status).toBe(409);
  });
});
