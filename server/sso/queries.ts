// SSO rows: the tenant's identity-provider configuration, its claimed email domains, the sign-ins under way and the
// SAML assertion ids already used. Tenant first wherever a tenant is known; the domain lookup is the one that finds it.
import type { Queryable } from '../db/client.ts';
import { parseJson } from '../lib/json.ts';
import { placeholders } from '../db/placeholders.ts';

export type SsoProtocol = 'oidc' | 'saml';

export interface OidcSettings {
  issuer: string;
  clientId: string;
}

export interface SamlSettings {
  idpEntityId: string;
  idpSsoUrl: string;
  /** PEM bodies (base64 of DER) of the IdP's signing certificates. */
  idpCerts: string[];
  idpMetadataXml: string;
}

export interface SsoConfigRecord {
  tenantId: string;
  protocol: SsoProtocol;
  oidc: OidcSettings | null;
  saml: SamlSettings | null;
  clientSecretEnc: string | null;
  domains: string[];
  enforce: boolean;
  defaultRoleId: string;
  breakGlassAgentId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface ConfigRow {
  tenant_id: string;
  protocol: string;
  settings: string;
  client_secret_enc: string | null;
  enforce: number;
  default_role_id: string;
  break_glass_agent_id: string | null;
  created_at: string;
  updated_at: string;
}

export async function getSsoConfig(q: Queryable, tenantId: string): Promise<SsoConfigRecord | undefined> {
  const row = await q.get<ConfigRow>('SELECT * FROM sso_configs WHERE tenant_id = ?', [tenantId]);
  if (!row) return undefined;
  const domains = await q.all<{ domain: string }>(
    'SELECT domain FROM sso_domains WHERE tenant_id = ? ORDER BY domain',
    [tenantId],
  );
  const protocol = row.protocol as SsoProtocol;
  const settings = parseJson<Record<string, unknown>>(row.settings, {});
  return {
    tenantId: row.tenant_id,
    protocol,
    oidc: protocol === 'oidc' ? (settings as unknown as OidcSettings) : null,
    saml: protocol === 'saml' ? (settings as unknown as SamlSettings) : null,
    clientSecretEnc: row.client_secret_enc,
    domains: domains.map((d) => d.domain),
    enforce: row.enforce === 1,
    defaultRoleId: row.default_role_id,
    breakGlassAgentId: row.break_glass_agent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function putSsoConfig(
  q: Queryable,
  tenantId: string,
  c: Omit<SsoConfigRecord, 'tenantId' | 'createdAt' | 'updatedAt' | 'oidc' | 'saml'> & {
    settings: OidcSettings | SamlSettings;
  },
  now: string,
) {
  await q.run(
    `INSERT INTO sso_configs (tenant_id, protocol, settings, client_secret_enc, enforce, default_role_id, break_glass_agent_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET protocol = excluded.protocol, settings = excluded.settings,
       client_secret_enc = excluded.client_secret_enc, enforce = excluded.enforce, default_role_id = excluded.default_role_id,
       break_glass_agent_id = excluded.break_glass_agent_id, updated_at = excluded.updated_at`,
    [
      tenantId,
      c.protocol,
      JSON.stringify(c.settings),
      c.clientSecretEnc,
      c.enforce ? 1 : 0,
      c.defaultRoleId,
      c.breakGlassAgentId,
      now,
      now,
    ],
  );
  await q.run('DELETE FROM sso_domains WHERE tenant_id = ?', [tenantId]);
  for (const domain of c.domains) {
    await q.run('INSERT INTO sso_domains (domain, tenant_id) VALUES (?, ?)', [domain, tenantId]);
  }
}

export async function deleteSsoConfig(q: Queryable, tenantId: string) {
  await q.run('DELETE FROM sso_domains WHERE tenant_id = ?', [tenantId]);
  await q.run('DELETE FROM sso_requests WHERE tenant_id = ?', [tenantId]);
  const r = await q.run('DELETE FROM sso_configs WHERE tenant_id = ?', [tenantId]);
  return r.changes > 0;
}

/** Domains of `domains` another tenant has claimed. */
export async function domainsTakenByOthers(q: Queryable, tenantId: string, domains: string[]): Promise<string[]> {
  if (!domains.length) return [];
  const rows = await q.all<{ domain: string }>(
    `SELECT domain FROM sso_domains WHERE domain IN (${placeholders(domains.length)}) AND tenant_id != ?`,
    [...domains, tenantId],
  );
  return rows.map((r) => r.domain);
}

/** The tenant that claimed an email domain: the one lookup that precedes knowing the tenant. */
export async function tenantForDomain(q: Queryable, domain: string): Promise<string | undefined> {
  const row = await q.get<{ tenant_id: string }>('SELECT tenant_id FROM sso_domains WHERE domain = ?', [domain]);
  return row?.tenant_id;
}

export interface SsoRequestRecord {
  id: string;
  tenantId: string;
  protocol: SsoProtocol;
  nonce: string | null;
  codeVerifier: string | null;
  email: string | null;
  createdAt: string;
  expiresAt: string;
}

export async function insertSsoRequest(q: Queryable, r: SsoRequestRecord) {
  await q.run(
    `INSERT INTO sso_requests (id, tenant_id, protocol, nonce, code_verifier, email, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [r.id, r.tenantId, r.protocol, r.nonce, r.codeVerifier, r.email, r.createdAt, r.expiresAt],
  );
}

interface RequestRow {
  id: string;
  tenant_id: string;
  protocol: string;
  nonce: string | null;
  code_verifier: string | null;
  email: string | null;
  created_at: string;
  expires_at: string;
}

const requestFromRow = (r: RequestRow): SsoRequestRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  protocol: r.protocol as SsoProtocol,
  nonce: r.nonce,
  codeVerifier: r.code_verifier,
  email: r.email,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** A live request, read without using it up (the SAML library looks before it verifies). */
export async function peekSsoRequest(q: Queryable, id: string, protocol: SsoProtocol, now: string) {
  const row = await q.get<RequestRow>('SELECT * FROM sso_requests WHERE id = ? AND protocol = ? AND expires_at > ?', [
    id,
    protocol,
    now,
  ]);
  return row && requestFromRow(row);
}

/** Uses a live request up: of two callers with one state or request id, only the first gets it. */
export async function takeSsoRequest(q: Queryable, id: string, protocol: SsoProtocol, now: string) {
  const row = await q.get<RequestRow>(
    'DELETE FROM sso_requests WHERE id = ? AND protocol = ? AND expires_at > ? RETURNING *',
    [id, protocol, now],
  );
  return row && requestFromRow(row);
}

/** Records an assertion id as used; false when it was used before (a replay). */
export async function markAssertionSeen(
  q: Queryable,
  tenantId: string,
  assertionId: string,
  expiresAt: string,
): Promise<boolean> {
  const r = await q.run(
    'INSERT OR IGNORE INTO sso_seen_assertions (tenant_id, assertion_id, expires_at) VALUES (?, ?, ?)',
    [tenantId, assertionId, expiresAt],
  );
  return r.changes > 0;
}

/** Forgets what can no longer be used: expired requests and assertion ids past their expiry. */
export async function sweepSsoState(q: Queryable, now: string) {
  await q.run('DELETE FROM sso_requests WHERE expires_at <= ?', [now]);
  await q.run('DELETE FROM sso_seen_assertions WHERE expires_at <= ?', [now]);
}
