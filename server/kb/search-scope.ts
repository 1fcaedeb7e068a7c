// Scope tokens in the FTS index: one MATCH narrows to a tenant, a locale and published articles before ranking.
import { createHash } from 'node:crypto';

export type ScopeKind = 'tenant' | 'locale' | 'published';

/**
 * One index token per scope, so a MATCH narrows to a tenant (and locale, and published) inside FTS5
 * before anything is ranked. Hex of a hash, ending in a digit so the porter stemmer leaves it alone.
 */
export function scopeToken(kind: ScopeKind, tenantId: string, locale = ''): string {
  const key = kind === 'tenant' ? tenantId : `${tenantId}\u0000${locale}`;
  return `s${createHash('sha256').update(`${kind}\u0000${key}`).digest('hex').slice(0, 24)}0`;
}

/** The scope column's text for one article. */
export function scopeText(tenantId: string, locale: string, status: string): string {
  const tokens = [scopeToken('tenant', tenantId), scopeToken('locale', tenantId, locale)];
  if (status === 'published') tokens.push(scopeToken('published', tenantId, locale));
  return tokens.join(' ');
}
