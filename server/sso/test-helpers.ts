// What the SSO tests share: an enterprise tenant, the audit actions written, and the session cookie of a redirect.
import type { Harness } from '../test-support/harness.ts';

export async function enterpriseTenant(h: Harness, email: string) {
  const t = await h.signup({ email });
  const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
    ...h.platform,
    body: { subscription: { plan: 'enterprise' } },
  });
  if (r.status !== 200) throw new Error(`upgrade failed: ${r.status} ${JSON.stringify(r.body)}`);
  return t;
}

export async function auditActions(h: Harness, tenantId: string | null, prefix = '') {
  const rows = await h.db.all<{ action: string; details: string }>(
    `SELECT action, details FROM audit_log WHERE ${tenantId ? 'tenant_id = ?' : 'tenant_id IS NULL'} AND action LIKE ? ORDER BY created_at, rowid`,
    tenantId ? [tenantId, `${prefix}%`] : [`${prefix}%`],
  );
  return rows.map((r) => ({ action: r.action, details: JSON.parse(r.details ?? '{}') as Record<string, unknown> }));
}

/** The `hd_session=…` pair a redirect set, or null. */
export function sessionFrom(res: Response): string | null {
  return /hd_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? null;
}

export async function countAgents(h: Harness, tenantId: string) {
  return (await h.db.get<{ n: number }>('SELECT count(*) AS n FROM agents WHERE tenant_id = ?', [tenantId]))!.n;
}
