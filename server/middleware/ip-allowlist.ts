// The tenant IP allowlists (`tenants.security`): agent sessions (and signing in) only from `agentIpAllowlist`, API keys
// and the SCIM token only from `apiIpAllowlist`; an empty list means anywhere. Checked in one place for requests (authenticate), and
// where every session is made (auth/sessions.ts createSession) for sign-in; the address is clientIp()'s (TRUST_PROXY).
import { Problem } from '../lib/problem.ts';
import { addressInList } from '../lib/cidr.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import type { TenantPrincipal } from '../types.ts';

export const IP_NOT_ALLOWED_PROBLEM = 'https://helpdesk.dev/problems/ip-not-allowed';

export type AllowlistRule = 'agentIpAllowlist' | 'apiIpAllowlist';

const WHO: Record<AllowlistRule, string> = {
  agentIpAllowlist: 'agent sign-in and sessions',
  apiIpAllowlist: 'API keys and the SCIM token',
};

/** 403 naming the rule (which list) and the address it refused. */
export function ipNotAllowed(rule: AllowlistRule, ip: string | null): Problem {
  return new Problem(
    403,
    `Your address ${ip ?? '(unknown)'} is not in this account's IP allowlist for ${WHO[rule]} (security.${rule}). Ask the account owner to add it.`,
    { type: IP_NOT_ALLOWED_PROBLEM, title: 'Address not allowed', extra: { rule, ip } },
  );
}

/** Whether `ip` may use what `list` guards: an empty list allows everyone, an unknown address nobody. */
export function addressAllowed(list: readonly string[], ip: string | null): boolean {
  return list.length === 0 || (ip !== null && addressInList(ip, list));
}

/** For every request with a tenant credential: a session against the agent list, an API key against the API list. */
export function assertRequestAddressAllowed(tenant: TenantRecord, p: TenantPrincipal, ip: string) {
  const rule: AllowlistRule = p.kind === 'agent' ? 'agentIpAllowlist' : 'apiIpAllowlist';
  if (!addressAllowed(tenant.security[rule], ip)) throw ipNotAllowed(rule, ip);
}
