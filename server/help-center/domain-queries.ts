// Custom help-centre domains: rows only (the service owns transactions, audit and checks).
import type { Queryable } from '../db/client.ts';

export interface DomainRecord {
  id: string;
  tenantId: string;
  domain: string;
  token: string;
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
}

interface DomainRow {
  id: string;
  tenant_id: string;
  domain: string;
  token: string;
  verified_at: string | null;
  last_checked_at: string | null;
  last_error: string | null;
  created_at: string;
}

const fromRow = (r: DomainRow): DomainRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  domain: r.domain,
  token: r.token,
  verifiedAt: r.verified_at,
  lastCheckedAt: r.last_checked_at,
  lastError: r.last_error,
  createdAt: r.created_at,
});

export async function listDomains(q: Queryable, tenantId: string): Promise<DomainRecord[]> {
  const rows = await q.all<DomainRow>(
    'SELECT * FROM hc_domains WHERE tenant_id = ? ORDER BY created_at, id LIMIT 100',
    [tenantId],
  );
  return rows.map(fromRow);
}

export async function countDomains(q: Queryable, tenantId: string): Promise<number> {
  return (await q.get<{ n: number }>('SELECT count(*) AS n FROM hc_domains WHERE tenant_id = ?', [tenantId]))?.n ?? 0;
}

export async function getDomain(q: Queryable, tenantId: string, id: string) {
  const row = await q.get<DomainRow>('SELECT * FROM hc_domains WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return row && fromRow(row);
}

/** Any tenant's claim on a domain, pending or verified (domains are unique across tenants). */
export async function domainClaim(q: Queryable, domain: string) {
  const row = await q.get<DomainRow>('SELECT * FROM hc_domains WHERE domain = ?', [domain]);
  return row && fromRow(row);
}

export async function domainByToken(q: Queryable, token: string) {
  const row = await q.get<DomainRow>('SELECT * FROM hc_domains WHERE token = ?', [token]);
  return row && fromRow(row);
}

export async function insertDomain(q: Queryable, d: Omit<DomainRecord, 'verifiedAt' | 'lastCheckedAt' | 'lastError'>) {
  await q.run('INSERT INTO hc_domains (id, tenant_id, domain, token, created_at) VALUES (?, ?, ?, ?, ?)', [
    d.id,
    d.tenantId,
    d.domain,
    d.token,
    d.createdAt,
  ]);
}

export async function recordCheck(
  q: Queryable,
  tenantId: string,
  id: string,
  r: { verifiedAt: string | null; checkedAt: string; error: string | null },
) {
  await q.run(
    'UPDATE hc_domains SET verified_at = COALESCE(verified_at, ?), last_checked_at = ?, last_error = ? WHERE tenant_id = ? AND id = ?',
    [r.verifiedAt, r.checkedAt, r.error, tenantId, id],
  );
}

export async function deleteDomain(q: Queryable, tenantId: string, id: string) {
  await q.run('DELETE FROM hc_domains WHERE tenant_id = ? AND id = ?', [tenantId, id]);
}
