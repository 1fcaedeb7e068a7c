// Rows of two-factor sign-in: TOTP secrets, recovery codes, passkeys and the short-lived challenges; tenantId first.
import type { Queryable } from '../db/client.ts';

export interface TotpRow {
  secretEnc: string;
  verifiedAt: string | null;
  lastStep: number | null;
}

export async function getTotp(q: Queryable, tenantId: string, agentId: string): Promise<TotpRow | undefined> {
  const row = await q.get<{ secret_enc: string; verified_at: string | null; last_step: number | null }>(
    'SELECT secret_enc, verified_at, last_step FROM agent_totp WHERE tenant_id = ? AND agent_id = ?',
    [tenantId, agentId],
  );
  return row && { secretEnc: row.secret_enc, verifiedAt: row.verified_at, lastStep: row.last_step };
}

/** A new, unverified secret replaces an unverified one; the caller has checked none is active. */
export async function putPendingTotp(q: Queryable, tenantId: string, agentId: string, secretEnc: string, now: string) {
  await q.run(
    `INSERT INTO agent_totp (tenant_id, agent_id, secret_enc, verified_at, last_step, created_at) VALUES (?, ?, ?, NULL, NULL, ?)
     ON CONFLICT (tenant_id, agent_id) DO UPDATE SET secret_enc = excluded.secret_enc, verified_at = NULL,
       last_step = NULL, created_at = excluded.created_at`,
    [tenantId, agentId, secretEnc, now],
  );
}

/**
 * Records `step` as used, only if it is after the last used step (and, for `activate`, marks it verified):
 * of two requests with one code, only the first changes the row.
 */
export async function useTotpStep(
  q: Queryable,
  tenantId: string,
  agentId: string,
  step: number,
  activateAt: string | null,
): Promise<boolean> {
  const r = await q.run(
    `UPDATE agent_totp SET last_step = ?, verified_at = COALESCE(verified_at, ?)
     WHERE tenant_id = ? AND agent_id = ? AND (last_step IS NULL OR last_step < ?)
       AND ${activateAt ? 'verified_at IS NULL' : 'verified_at IS NOT NULL'}`,
    [step, activateAt, tenantId, agentId, step],
  );
  return r.changes === 1;
}

export async function deleteTotp(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM agent_totp WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}

export async function replaceRecoveryCodes(
  q: Queryable,
  tenantId: string,
  agentId: string,
  hashes: string[],
  now: string,
) {
  await deleteRecoveryCodes(q, tenantId, agentId);
  for (const h of hashes) {
    await q.run(
      'INSERT INTO recovery_codes (tenant_id, agent_id, code_hash, used_at, created_at) VALUES (?, ?, ?, NULL, ?)',
      [tenantId, agentId, h, now],
    );
  }
}

export async function deleteRecoveryCodes(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM recovery_codes WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}

/** Marks the code used if it is unused; false when it is unknown or used already. */
export async function useRecoveryCode(q: Queryable, tenantId: string, agentId: string, hash: string, now: string) {
  const r = await q.run(
    'UPDATE recovery_codes SET used_at = ? WHERE tenant_id = ? AND agent_id = ? AND code_hash = ? AND used_at IS NULL',
    [now, tenantId, agentId, hash],
  );
  return r.changes === 1;
}

export async function countUnusedRecoveryCodes(q: Queryable, tenantId: string, agentId: string) {
  const row = await q.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM recovery_codes WHERE tenant_id = ? AND agent_id = ? AND used_at IS NULL',
    [tenantId, agentId],
  );
  return Number(row?.n ?? 0);
}

export interface PasskeyRow {
  id: string;
  tenantId: string;
  agentId: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

type PasskeySql = {
  id: string;
  tenant_id: string;
  agent_id: string;
  credential_id: string;
  public_key: string;
  counter: number;
  transports: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

const toPasskey = (r: PasskeySql): PasskeyRow => ({
  id: r.id,
  tenantId: r.tenant_id,
  agentId: r.agent_id,
  credentialId: r.credential_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: JSON.parse(r.transports) as string[],
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function listPasskeys(q: Queryable, tenantId: string, agentId: string): Promise<PasskeyRow[]> {
  const rows = await q.all<PasskeySql>(
    'SELECT * FROM passkeys WHERE tenant_id = ? AND agent_id = ? ORDER BY created_at, id',
    [tenantId, agentId],
  );
  return rows.map(toPasskey);
}

/**
 * A passkey by its credential id, in any tenant: a passwordless sign-in knows no tenant before the browser names
 * the credential (ids are unique across the server).
 */
export async function findPasskeyByCredentialId(q: Queryable, credentialId: string): Promise<PasskeyRow | undefined> {
  const row = await q.get<PasskeySql>('SELECT * FROM passkeys WHERE credential_id = ?', [credentialId]);
  return row && toPasskey(row);
}

export async function insertPasskey(q: Queryable, p: Omit<PasskeyRow, 'lastUsedAt'>) {
  await q.run(
    `INSERT INTO passkeys (id, tenant_id, agent_id, credential_id, public_key, counter, transports, name, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      p.id,
      p.tenantId,
      p.agentId,
      p.credentialId,
      p.publicKey,
      p.counter,
      JSON.stringify(p.transports),
      p.name,
      p.createdAt,
    ],
  );
}

export async function touchPasskey(q: Queryable, tenantId: string, id: string, counter: number, now: string) {
  await q.run('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE tenant_id = ? AND id = ?', [
    counter,
    now,
    tenantId,
    id,
  ]);
}

export async function deletePasskey(q: Queryable, tenantId: string, agentId: string, id: string) {
  const r = await q.run('DELETE FROM passkeys WHERE tenant_id = ? AND agent_id = ? AND id = ?', [
    tenantId,
    agentId,
    id,
  ]);
  return r.changes === 1;
}

export async function deleteAgentPasskeys(q: Queryable, tenantId: string, agentId: string) {
  await q.run('DELETE FROM passkeys WHERE tenant_id = ? AND agent_id = ?', [tenantId, agentId]);
}

/** Whether the agent has a second factor: a verified TOTP secret or a passkey. */
export async function hasSecondFactor(q: Queryable, tenantId: string, agentId: string): Promise<boolean> {
  const row = await q.get<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM agent_totp WHERE tenant_id = ? AND agent_id = ? AND verified_at IS NOT NULL)
          + (SELECT COUNT(*) FROM passkeys WHERE tenant_id = ? AND agent_id = ?) AS n`,
    [tenantId, agentId, tenantId, agentId],
  );
  return Number(row?.n ?? 0) > 0;
}

export type ChallengeKind = 'login' | 'passkey-register' | 'passkey-sign-in';

export interface ChallengeRow {
  kind: ChallengeKind;
  tenantId: string | null;
  agentId: string | null;
  webauthnChallenge: string | null;
  failures: number;
  expiresAt: string;
}

export async function insertChallenge(q: Queryable, tokenHash: string, c: Omit<ChallengeRow, 'failures'>, now: string) {
  // Expired ones go as new ones come: the table holds only what can still be used.
  await q.run('DELETE FROM auth_challenges WHERE expires_at <= ?', [now]);
  await q.run(
    `INSERT INTO auth_challenges (token_hash, kind, tenant_id, agent_id, webauthn_challenge, failures, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    [tokenHash, c.kind, c.tenantId, c.agentId, c.webauthnChallenge, c.expiresAt, now],
  );
}

/** A live challenge of this kind, or undefined (unknown, expired, used). */
export async function getChallenge(
  q: Queryable,
  tokenHash: string,
  kind: ChallengeKind,
  now: string,
): Promise<ChallengeRow | undefined> {
  const row = await q.get<{
    kind: ChallengeKind;
    tenant_id: string | null;
    agent_id: string | null;
    webauthn_challenge: string | null;
    failures: number;
    expires_at: string;
  }>('SELECT * FROM auth_challenges WHERE token_hash = ? AND kind = ? AND expires_at > ?', [tokenHash, kind, now]);
  return (
    row && {
      kind: row.kind,
      tenantId: row.tenant_id,
      agentId: row.agent_id,
      webauthnChallenge: row.webauthn_challenge,
      failures: Number(row.failures),
      expiresAt: row.expires_at,
    }
  );
}

export async function setChallengeWebauthn(q: Queryable, tokenHash: string, webauthnChallenge: string) {
  await q.run('UPDATE auth_challenges SET webauthn_challenge = ? WHERE token_hash = ?', [webauthnChallenge, tokenHash]);
}

/** Counts a wrong answer; returns the failures so far. */
export async function failChallenge(q: Queryable, tokenHash: string): Promise<number> {
  await q.run('UPDATE auth_challenges SET failures = failures + 1 WHERE token_hash = ?', [tokenHash]);
  const row = await q.get<{ failures: number }>('SELECT failures FROM auth_challenges WHERE token_hash = ?', [
    tokenHash,
  ]);
  return Number(row?.failures ?? 0);
}

/** Takes the challenge (single use); false when another request took it first. */
export async function takeChallenge(q: Queryable, tokenHash: string): Promise<boolean> {
  const r = await q.run('DELETE FROM auth_challenges WHERE token_hash = ?', [tokenHash]);
  return r.changes === 1;
}
