// Two-factor use cases: TOTP enrolment and its removal, recovery codes, passkeys, the second sign-in step, passwordless
// passkey sign-in, and an owner's reset. Each owns its transaction and audit entry; slow work (crypto, WebAuthn
// verification) happens before it, and every single-use thing (time step, recovery code, challenge) is taken inside it.
import type { Deps } from '../types.ts';
import type { Queryable } from '../db/client.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { sha256, verifyPassword } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { badRequest, conflict, notFound, Problem, unauthorized } from '../lib/problem.ts';
import { getAgent, type AgentRecord } from '../agents/queries.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { assertMaySignIn } from '../tenants/suspension.ts';
import { deleteAgentSessions, type SignInMethod } from '../auth/sessions.ts';
import * as Q from './queries.ts';
import { decryptSecret, encryptSecret, matchTotp, newTotpSecret, otpauthUrl } from './totp.ts';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes.ts';
import { assertPasswordSignInAllowed } from '../sso/service.ts';
import { startAgentSession } from '../auth/start-session.ts';
import {
  authenticationOptions,
  credentialIdOf,
  passkeyRefused,
  registrationOptions,
  relyingPartyOf,
  verifyAuthentication,
  verifyRegistration,
} from './passkeys.ts';

type TwoFactorDeps = Pick<Deps, 'db' | 'env' | 'now' | 'twoFactorKey'>;

/** How long the second step may wait after the password was right, and a WebAuthn ceremony after its options. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Wrong codes one challenge takes before it is void (the per-agent and per-address limits come on top). */
export const CHALLENGE_MAX_FAILURES = 5;

const challengeInvalid = () =>
  unauthorized('This sign-in step is invalid or has expired. Sign in again with your email and password.');
const codeWrong = () => unauthorized('The code is not correct, or it was used already.');
const proofWrong = () =>
  new Problem(400, 'The code or password is not correct, so nothing was changed.', {
    extra: { errors: [{ path: 'code', message: 'is not correct' }] },
  });

const expiry = (now: Date) => new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString();

async function newChallenge(q: Queryable, c: Omit<Q.ChallengeRow, 'failures' | 'expiresAt'>, now: Date) {
  const token = randomToken(43);
  await Q.insertChallenge(q, sha256(token), { ...c, expiresAt: expiry(now) }, now.toISOString());
  return token;
}

/** Password checked and the agent has a second factor: the one-time token of the second step. */
export async function startLoginChallenge(db: Queryable, agent: AgentRecord, now: Date): Promise<string> {
  return newChallenge(db, { kind: 'login', tenantId: agent.tenantId, agentId: agent.id, webauthnChallenge: null }, now);
}

export interface TwoFactorStatus {
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  required: boolean;
  enrolled: boolean;
}

export async function twoFactorStatus(q: Queryable, tenant: TenantRecord, agentId: string): Promise<TwoFactorStatus> {
  const [totp, left, passkeys] = await Promise.all([
    Q.getTotp(q, tenant.id, agentId),
    Q.countUnusedRecoveryCodes(q, tenant.id, agentId),
    Q.listPasskeys(q, tenant.id, agentId),
  ]);
  const active = !!totp?.verifiedAt;
  return {
    totp: active,
    recoveryCodesLeft: active ? left : 0,
    passkeys: passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
    required: tenant.security.requireTwoFactor === true,
    enrolled: active || passkeys.length > 0,
  };
}

/** A new secret to scan; not active until a code from it is verified. Refused while one is active. */
export async function beginTotpEnrolment(deps: TwoFactorDeps, agent: AgentRecord, tenant: TenantRecord) {
  const key = await deps.twoFactorKey.get();
  const secret = newTotpSecret();
  await deps.db.tx(async (tx) => {
    const existing = await Q.getTotp(tx, agent.tenantId, agent.id);
    if (existing?.verifiedAt)
      throw conflict(
        'Two-factor sign-in with an authenticator app is on already; turn it off first to set up a new one.',
      );
    await Q.putPendingTotp(tx, agent.tenantId, agent.id, encryptSecret(key, secret), deps.now().toISOString());
  });
  return { secret, otpauthUrl: otpauthUrl(secret, agent.email, tenant.name) };
}

/** The first code from the new secret turns it on and makes ten recovery codes (shown this once). */
export async function verifyTotpEnrolment(deps: TwoFactorDeps, actor: Actor, agent: AgentRecord, code: string) {
  const key = await deps.twoFactorKey.get();
  const now = deps.now();
  const pending = await Q.getTotp(deps.db, agent.tenantId, agent.id);
  if (!pending || pending.verifiedAt)
    throw conflict('There is no authenticator app waiting to be verified; start the set-up again.');
  const step = matchTotp(decryptSecret(key, pending.secretEnc), code, now, pending.lastStep);
  if (step === null) throw invalidCode();
  const codes = newRecoveryCodes();
  await deps.db.tx(async (tx) => {
    if (!(await Q.useTotpStep(tx, agent.tenantId, agent.id, step, now.toISOString()))) throw invalidCode();
    await Q.replaceRecoveryCodes(tx, agent.tenantId, agent.id, codes.map(hashRecoveryCode), now.toISOString());
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'two_factor.enrolled',
        targetType: 'agent',
        targetId: agent.id,
        details: { method: 'totp' },
      },
      now,
    );
  });
  return codes;
}

const invalidCode = () =>
  new Problem(
    400,
    'The code is not correct (or was used already). Type the current code from your authenticator app.',
    {
      extra: { errors: [{ path: 'code', message: 'is not correct' }] },
    },
  );

/**
 * A code (TOTP or recovery) or the password proves the agent is at the keyboard before a change to their factors.
 * Returns what to take inside the change's transaction (the time step or recovery code), so it works once.
 */
async function checkProof(
  deps: TwoFactorDeps,
  agent: AgentRecord,
  proof: { code?: string; password?: string },
): Promise<(tx: Queryable) => Promise<boolean>> {
  if (proof.password !== undefined) {
    if (!agent.passwordHash || !(await verifyPassword(proof.password, agent.passwordHash))) throw proofWrong();
    return async () => true;
  }
  if (proof.code === undefined)
    throw badRequest('Send the current code from your authenticator app, or your password.');
  const taker = await codeTaker(deps, agent, proof.code);
  if (!taker) throw proofWrong();
  return taker.take;
}

/** What a typed code is (a TOTP step or a recovery code) and how to take it; null when it cannot be right. */
async function codeTaker(deps: TwoFactorDeps, agent: AgentRecord, code: string) {
  const now = deps.now();
  const totp = await Q.getTotp(deps.db, agent.tenantId, agent.id);
  if (!totp?.verifiedAt) return null;
  const step = matchTotp(decryptSecret(await deps.twoFactorKey.get(), totp.secretEnc), code, now, totp.lastStep);
  if (step !== null)
    return { kind: 'totp' as const, take: (tx: Queryable) => Q.useTotpStep(tx, agent.tenantId, agent.id, step, null) };
  if (!looksLikeRecoveryCode(code)) return null;
  const hash = hashRecoveryCode(code);
  return {
    kind: 'recovery' as const,
    take: (tx: Queryable) => Q.useRecoveryCode(tx, agent.tenantId, agent.id, hash, now.toISOString()),
  };
}

/** Turns the authenticator app off (with its recovery codes); refused when the tenant requires a factor and none would be left. */
export async function disableTotp(
  deps: TwoFactorDeps,
  actor: Actor,
  agent: AgentRecord,
  tenant: TenantRecord,
  proof: { code?: string; password?: string },
) {
  const take = await checkProof(deps, agent, proof);
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const totp = await Q.getTotp(tx, agent.tenantId, agent.id);
    if (!totp?.verifiedAt) throw conflict('Two-factor sign-in with an authenticator app is not on.');
    const passkeys = await Q.listPasskeys(tx, agent.tenantId, agent.id);
    if (tenant.security.requireTwoFactor && passkeys.length === 0)
      throw conflict(
        'Your account requires two-factor sign-in: add a passkey before turning the authenticator app off.',
      );
    if (!(await take(tx))) throw proofWrong();
    await Q.deleteTotp(tx, agent.tenantId, agent.id);
    await Q.deleteRecoveryCodes(tx, agent.tenantId, agent.id);
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'two_factor.disabled',
        targetType: 'agent',
        targetId: agent.id,
        details: { method: 'totp' },
      },
      now,
    );
  });
}

/** Ten new recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(
  deps: TwoFactorDeps,
  actor: Actor,
  agent: AgentRecord,
  proof: { code?: string; password?: string },
) {
  const take = await checkProof(deps, agent, proof);
  const now = deps.now();
  const codes = newRecoveryCodes();
  await deps.db.tx(async (tx) => {
    const totp = await Q.getTotp(tx, agent.tenantId, agent.id);
    if (!totp?.verifiedAt) throw conflict('Recovery codes come with the authenticator app; set it up first.');
    if (!(await take(tx))) throw proofWrong();
    await Q.replaceRecoveryCodes(tx, agent.tenantId, agent.id, codes.map(hashRecoveryCode), now.toISOString());
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'two_factor.recovery_codes_regenerated',
        targetType: 'agent',
        targetId: agent.id,
      },
      now,
    );
  });
  return codes;
}

/** An owner removes every factor of another agent (a lost phone); the agent signs in with their password and enrols again. */
export async function resetTwoFactor(deps: TwoFactorDeps, actor: Actor, tenantId: string, agentId: string) {
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const agent = await getAgent(tx, tenantId, agentId);
    if (!agent) throw notFound('Agent');
    await Q.deleteTotp(tx, tenantId, agentId);
    await Q.deleteRecoveryCodes(tx, tenantId, agentId);
    await Q.deleteAgentPasskeys(tx, tenantId, agentId);
    // A reset follows a lost or stolen factor, so whoever holds the agent's sessions is signed out with it.
    const sessionsEnded = await deleteAgentSessions(tx, tenantId, agentId);
    await audit(
      actor,
      tx,
      {
        tenantId,
        action: 'two_factor.reset',
        targetType: 'agent',
        targetId: agentId,
        details: { email: agent.email, sessionsEnded },
      },
      now,
    );
  });
}

const signedIn = (
  tx: Queryable,
  actor: Actor,
  agent: AgentRecord,
  method: SignInMethod,
  details: Record<string, unknown>,
  now: Date,
) => startAgentSession(tx, actor, agent, method, now, { details: { method, ...details } });

/** The live login challenge and its agent and tenant (still active, still allowed to sign in), or 401. */
async function loginChallenge(deps: TwoFactorDeps, token: string) {
  const hash = sha256(token);
  const ch = await Q.getChallenge(deps.db, hash, 'login', deps.now().toISOString());
  if (!ch?.tenantId || !ch.agentId) throw challengeInvalid();
  const [agent, tenant] = await Promise.all([
    getAgent(deps.db, ch.tenantId, ch.agentId),
    getTenant(deps.db, ch.tenantId),
  ]);
  if (!agent || !tenant || agent.status !== 'active') throw challengeInvalid();
  assertMaySignIn(tenant, agent.roleId);
  return { hash, ch, agent, tenant };
}

async function failedSecondStep(deps: TwoFactorDeps, actor: Actor, hash: string, agent: AgentRecord, how: string) {
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const failures = await Q.failChallenge(tx, hash);
    if (failures >= CHALLENGE_MAX_FAILURES) await Q.takeChallenge(tx, hash);
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        actor: { actorType: 'agent', actorId: agent.id },
        action: 'auth.two_factor_failed',
        targetType: 'agent',
        targetId: agent.id,
        details: { method: how, failures, challengeVoid: failures >= CHALLENGE_MAX_FAILURES },
      },
      now,
    );
  });
}

/** The second step with a TOTP or recovery code: the challenge and the code are both used up, a session starts. */
export async function completeWithCode(deps: TwoFactorDeps, actor: Actor, token: string, code: string) {
  const { hash, agent, tenant } = await loginChallenge(deps, token);
  const taker = await codeTaker(deps, agent, code);
  const now = deps.now();
  const session = taker
    ? await deps.db.tx(async (tx) => {
        if (!(await taker.take(tx))) return null;
        if (!(await Q.takeChallenge(tx, hash))) throw challengeInvalid();
        if (taker.kind === 'recovery') {
          await audit(
            actor,
            tx,
            {
              tenantId: agent.tenantId,
              actor: { actorType: 'agent', actorId: agent.id },
              action: 'two_factor.recovery_code_used',
              targetType: 'agent',
              targetId: agent.id,
              details: { left: await Q.countUnusedRecoveryCodes(tx, agent.tenantId, agent.id) },
            },
            now,
          );
        }
        return signedIn(tx, actor, agent, 'two-factor', { factor: taker.kind }, now);
      })
    : null;
  if (!session) {
    await failedSecondStep(deps, actor, hash, agent, taker?.kind ?? 'code');
    throw codeWrong();
  }
  return { agent, tenant, session };
}

/** WebAuthn options for the second step with a passkey of the challenge's agent. */
export async function secondStepPasskeyOptions(deps: TwoFactorDeps, token: string) {
  const { hash, agent } = await loginChallenge(deps, token);
  const passkeys = await Q.listPasskeys(deps.db, agent.tenantId, agent.id);
  if (passkeys.length === 0) throw conflict('This account has no passkey; use a code instead.');
  const options = await authenticationOptions(relyingPartyOf(deps.env.PUBLIC_URL), passkeys);
  await deps.db.tx((tx) => Q.setChallengeWebauthn(tx, hash, options.challenge));
  return options;
}

/** The second step with a passkey: it must be one of the challenge's agent. */
export async function completeWithPasskey(deps: TwoFactorDeps, actor: Actor, token: string, response: unknown) {
  const { hash, ch, agent, tenant } = await loginChallenge(deps, token);
  if (!ch.webauthnChallenge) throw badRequest('Ask for passkey options first (POST /auth/two-factor/passkey-options).');
  const credentialId = credentialIdOf(response);
  const passkey = credentialId ? await Q.findPasskeyByCredentialId(deps.db, credentialId) : undefined;
  let counter: number;
  try {
    if (!passkey || passkey.tenantId !== agent.tenantId || passkey.agentId !== agent.id) throw passkeyRefused();
    counter = await verifyAuthentication(relyingPartyOf(deps.env.PUBLIC_URL), response, ch.webauthnChallenge, passkey);
  } catch (err) {
    await failedSecondStep(deps, actor, hash, agent, 'passkey');
    throw err;
  }
  const now = deps.now();
  const session = await deps.db.tx(async (tx) => {
    if (!(await Q.takeChallenge(tx, hash))) throw challengeInvalid();
    await Q.touchPasskey(tx, agent.tenantId, passkey.id, counter, now.toISOString());
    return signedIn(tx, actor, agent, 'two-factor', { factor: 'passkey', passkeyId: passkey.id }, now);
  });
  return { agent, tenant, session };
}

/** Options for a passwordless sign-in: any discoverable passkey of this server; the ceremony token is single-use. */
export async function passkeySignInOptions(deps: TwoFactorDeps) {
  const options = await authenticationOptions(relyingPartyOf(deps.env.PUBLIC_URL), null);
  const ceremony = await deps.db.tx((tx) =>
    newChallenge(
      tx,
      { kind: 'passkey-sign-in', tenantId: null, agentId: null, webauthnChallenge: options.challenge },
      deps.now(),
    ),
  );
  return { options, ceremony };
}

const passkeySignInRefused = () => unauthorized('This passkey is not known here, or it could not be verified.');

export async function passkeySignIn(deps: TwoFactorDeps, actor: Actor, ceremony: string, response: unknown) {
  const hash = sha256(ceremony);
  const ch = await Q.getChallenge(deps.db, hash, 'passkey-sign-in', deps.now().toISOString());
  if (!ch?.webauthnChallenge) throw unauthorized('This passkey sign-in has expired. Try again.');
  const credentialId = credentialIdOf(response);
  const passkey = credentialId ? await Q.findPasskeyByCredentialId(deps.db, credentialId) : undefined;
  if (!passkey) throw passkeySignInRefused();
  const [agent, tenant] = await Promise.all([
    getAgent(deps.db, passkey.tenantId, passkey.agentId),
    getTenant(deps.db, passkey.tenantId),
  ]);
  if (!agent || !tenant || agent.status !== 'active') throw passkeySignInRefused();
  let counter: number;
  try {
    counter = await verifyAuthentication(relyingPartyOf(deps.env.PUBLIC_URL), response, ch.webauthnChallenge, passkey);
  } catch {
    await audit(
      actor,
      deps.db,
      { tenantId: agent.tenantId, action: 'auth.passkey_failed', targetType: 'agent', targetId: agent.id },
      deps.now(),
    );
    throw passkeySignInRefused();
  }
  assertMaySignIn(tenant, agent.roleId);
  const now = deps.now();
  // A passkey alone is a sign-in without the identity provider: "Require SSO" refuses it as it refuses a password.
  await assertPasswordSignInAllowed(deps.db, actor, tenant, agent, now);
  const session = await deps.db.tx(async (tx) => {
    if (!(await Q.takeChallenge(tx, hash))) throw unauthorized('This passkey sign-in has expired. Try again.');
    await Q.touchPasskey(tx, agent.tenantId, passkey.id, counter, now.toISOString());
    return signedIn(tx, actor, agent, 'passkey', { passkeyId: passkey.id }, now);
  });
  return { agent, tenant, session };
}

/** Options to register a new passkey for the signed-in agent; the ceremony token is bound to them. */
export async function passkeyRegistrationOptions(deps: TwoFactorDeps, agent: AgentRecord) {
  const existing = await Q.listPasskeys(deps.db, agent.tenantId, agent.id);
  const options = await registrationOptions(relyingPartyOf(deps.env.PUBLIC_URL), agent, existing);
  const ceremony = await deps.db.tx((tx) =>
    newChallenge(
      tx,
      { kind: 'passkey-register', tenantId: agent.tenantId, agentId: agent.id, webauthnChallenge: options.challenge },
      deps.now(),
    ),
  );
  return { options, ceremony };
}

export async function addPasskey(
  deps: TwoFactorDeps,
  actor: Actor,
  agent: AgentRecord,
  input: { ceremony: string; name: string; response: unknown },
) {
  const hash = sha256(input.ceremony);
  const ch = await Q.getChallenge(deps.db, hash, 'passkey-register', deps.now().toISOString());
  if (!ch?.webauthnChallenge || ch.tenantId !== agent.tenantId || ch.agentId !== agent.id)
    throw badRequest('This passkey registration has expired. Start again.');
  const cred = await verifyRegistration(relyingPartyOf(deps.env.PUBLIC_URL), input.response, ch.webauthnChallenge);
  const now = deps.now();
  const id = newId('pk');
  await deps.db.tx(async (tx) => {
    if (!(await Q.takeChallenge(tx, hash))) throw badRequest('This passkey registration has expired. Start again.');
    if (await Q.findPasskeyByCredentialId(tx, cred.credentialId)) throw conflict('This passkey is registered already.');
    await Q.insertPasskey(tx, {
      id,
      tenantId: agent.tenantId,
      agentId: agent.id,
      ...cred,
      name: input.name,
      createdAt: now.toISOString(),
    });
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'two_factor.passkey_added',
        targetType: 'agent',
        targetId: agent.id,
        details: { passkeyId: id, name: input.name },
      },
      now,
    );
  });
  return { id, name: input.name, createdAt: now.toISOString(), lastUsedAt: null };
}

export async function removePasskey(
  deps: TwoFactorDeps,
  actor: Actor,
  agent: AgentRecord,
  tenant: TenantRecord,
  id: string,
) {
  const now = deps.now();
  await deps.db.tx(async (tx) => {
    const passkeys = await Q.listPasskeys(tx, agent.tenantId, agent.id);
    const target = passkeys.find((p) => p.id === id);
    if (!target) throw notFound('Passkey');
    const totp = await Q.getTotp(tx, agent.tenantId, agent.id);
    if (tenant.security.requireTwoFactor && !totp?.verifiedAt && passkeys.length === 1)
      throw conflict(
        'Your account requires two-factor sign-in: set up another factor before removing your last passkey.',
      );
    await Q.deletePasskey(tx, agent.tenantId, agent.id, id);
    await audit(
      actor,
      tx,
      {
        tenantId: agent.tenantId,
        action: 'two_factor.passkey_removed',
        targetType: 'agent',
        targetId: agent.id,
        details: { passkeyId: id, name: target.name },
      },
      now,
    );
  });
}
