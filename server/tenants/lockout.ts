// An owner cannot save an IP allowlist that refuses the very request saving it: the list must hold their own address
// (for the agent list when signed in, for the API list when calling with an API key). The platform operator's token
// is never subject to the lists, so it can always repair them.
import type { TenantPrincipal } from '../types.ts';
import { validationProblem } from '../lib/problem.ts';
import { addressAllowed, type AllowlistRule } from '../middleware/ip-allowlist.ts';
import type { TenantSecurity } from './schemas.ts';

export function assertNoLockout(p: TenantPrincipal, security: TenantSecurity | undefined, ip: string) {
  if (!security) return;
  const rule: AllowlistRule = p.kind === 'agent' ? 'agentIpAllowlist' : 'apiIpAllowlist';
  const list = security[rule];
  if (list === undefined || addressAllowed(list, ip)) return;
  const message = `would lock you out: your current address ${ip} is not in the list; add it (e.g. ${ip.includes(':') ? `${ip}/128` : `${ip}/32`}) or a range holding it`;
  throw validationProblem(
    [{ path: `security.${rule}`, message }],
    `This ${rule === 'agentIpAllowlist' ? 'agent' : 'API'} IP allowlist would lock you out: your current address ${ip} is not in it.`,
  );
}
