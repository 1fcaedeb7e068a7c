// Which help centre a request's Host names: `<slug>.<HELP_CENTER_DOMAIN>`, or a tenant's custom domain. Custom
// domains are looked up once a moment (HostCache on Deps, emptied by any commit of the cluster, like the widget keys).
import type { Db } from '../db/client.ts';
import type { Env } from '../env.ts';
import { CommitClearedCache } from '../lib/commit-cleared-cache.ts';
import { getTenant, getTenantBySlug, type TenantRecord } from '../tenants/queries.ts';
import { domainClaim } from './domain-queries.ts';

export type HostMatch =
  /** Not a help-centre host: the request is the main app's. */
  | { kind: 'app' }
  /** A help-centre host that is nobody's (yet): a plain 404, never another tenant's content. */
  | { kind: 'unknown' }
  | { kind: 'site'; tenant: TenantRecord };

export class HostCache {
  readonly #cache: CommitClearedCache<HostMatch>;

  constructor(
    private readonly db: Db,
    onCommit: (listener: () => void) => () => void,
    ttlMs?: number,
    max?: number,
  ) {
    this.#cache = new CommitClearedCache(db, onCommit, ttlMs, max);
  }

  async match(env: Env, host: string): Promise<HostMatch> {
    return (await this.#cache.get(host, () => lookUp(this.db, env, host)))!;
  }

  close() {
    this.#cache.close();
  }
}

/** The host name of a Host header: lowercase, without port or trailing dot. */
export function hostName(header: string | undefined): string {
  if (!header) return '';
  const h = header.trim().toLowerCase();
  const bare = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  return bare.replace(/\.$/, '');
}

async function lookUp(db: Db, env: Env, host: string): Promise<HostMatch> {
  const hc = env.HELP_CENTER_DOMAIN;
  if (hc && host.endsWith(`.${hc}`)) {
    const slug = host.slice(0, -hc.length - 1);
    if (slug.includes('.')) return { kind: 'unknown' };
    const tenant = await getTenantBySlug(db, slug);
    return tenant && tenant.status === 'active' ? { kind: 'site', tenant } : { kind: 'unknown' };
  }
  const claim = await domainClaim(db, host);
  if (!claim) return { kind: 'app' };
  if (!claim.verifiedAt) return { kind: 'unknown' };
  const tenant = await getTenant(db, claim.tenantId);
  return tenant && tenant.status === 'active' ? { kind: 'site', tenant } : { kind: 'unknown' };
}
