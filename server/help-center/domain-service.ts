// Custom domain use cases: add (claim) a domain, check its proof of ownership, remove it — each audited.
import type { Deps } from '../types.ts';
import { audit, type Actor } from '../audit/audit.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { conflict, invalidField, notFound } from '../lib/problem.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import {
  countDomains,
  deleteDomain,
  domainClaim,
  getDomain,
  insertDomain,
  recordCheck,
  type DomainRecord,
} from './domain-queries.ts';
import { checkDomain } from './verification.ts';

export const MAX_DOMAINS = 10;

/** Hosts this server already answers for in another role: never a tenant's custom domain. */
function reservedHost(deps: Pick<Deps, 'env'>, domain: string): boolean {
  const own = new URL(deps.env.PUBLIC_URL).hostname.toLowerCase();
  const hc = deps.env.HELP_CENTER_DOMAIN;
  return domain === own || domain === deps.env.INBOUND_DOMAIN || (!!hc && (domain === hc || domain.endsWith(`.${hc}`)));
}

export async function addDomain(
  deps: Pick<Deps, 'db' | 'env'>,
  actor: Actor,
  tenant: TenantRecord,
  domain: string,
  now: Date,
): Promise<DomainRecord> {
  if (reservedHost(deps, domain)) throw invalidField('domain', 'is this help desk’s own address');
  return deps.db.tx(async (tx) => {
    const claim = await domainClaim(tx, domain);
    if (claim)
      throw conflict(
        claim.tenantId === tenant.id
          ? `${domain} is already one of your domains.`
          : `${domain} is claimed by another account. If it is yours, ask support to release it.`,
      );
    if ((await countDomains(tx, tenant.id)) >= MAX_DOMAINS)
      throw conflict(`An account can have at most ${MAX_DOMAINS} help-centre domains; remove one first.`);
    const record = {
      id: newId('hcd'),
      tenantId: tenant.id,
      domain,
      token: `hd-verify-${randomToken(24)}`,
      createdAt: now.toISOString(),
    };
    await insertDomain(tx, record);
    await audit(
      actor,
      tx,
      {
        action: 'help_center.domain_added',
        targetType: 'help_center_domain',
        targetId: record.id,
        details: { domain },
      },
      now,
    );
    return { ...record, verifiedAt: null, lastCheckedAt: null, lastError: null };
  });
}

/** Runs the DNS and HTTP checks (outside any transaction), then records the outcome; verified stays verified. */
export async function verifyDomain(
  deps: Pick<Deps, 'db' | 'domainVerifier' | 'now'>,
  actor: Actor,
  tenantId: string,
  id: string,
): Promise<DomainRecord> {
  const found = await getDomain(deps.db, tenantId, id);
  if (!found) throw notFound('Domain');
  const error = found.verifiedAt ? null : await checkDomain(deps.domainVerifier, found.domain, found.token);
  const now = deps.now();
  return deps.db.tx(async (tx) => {
    const current = await getDomain(tx, tenantId, id);
    if (!current) throw notFound('Domain');
    const newlyVerified = !current.verifiedAt && error === null;
    await recordCheck(tx, tenantId, id, {
      verifiedAt: error === null ? now.toISOString() : null,
      checkedAt: now.toISOString(),
      error,
    });
    if (newlyVerified)
      await audit(
        actor,
        tx,
        {
          action: 'help_center.domain_verified',
          targetType: 'help_center_domain',
          targetId: id,
          details: { domain: current.domain },
        },
        now,
      );
    return (await getDomain(tx, tenantId, id))!;
  });
}

export async function removeDomain(deps: Pick<Deps, 'db'>, actor: Actor, tenantId: string, id: string, now: Date) {
  await deps.db.tx(async (tx) => {
    const current = await getDomain(tx, tenantId, id);
    if (!current) throw notFound('Domain');
    await deleteDomain(tx, tenantId, id);
    await audit(
      actor,
      tx,
      {
        action: 'help_center.domain_removed',
        targetType: 'help_center_domain',
        targetId: id,
        details: { domain: current.domain },
      },
      now,
    );
  });
}
