// What sign-in asks of two-factor: whether the agent must take a second step (and its challenge), and whether a
// session may be used before the agent enrols under the tenant's policy.
import type { Queryable } from '../db/client.ts';
import type { AgentRecord } from '../agents/queries.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { forbidden } from '../lib/problem.ts';
import { getTotp, listPasskeys } from './queries.ts';
import { startLoginChallenge } from './service.ts';

/** After a right password: the second step's answer when the agent has a factor, else null (sign in now). */
export async function secondStepOf(db: Queryable, agent: AgentRecord, now: Date) {
  const [totp, passkeys] = await Promise.all([
    getTotp(db, agent.tenantId, agent.id),
    listPasskeys(db, agent.tenantId, agent.id),
  ]);
  const methods: ('totp' | 'passkey')[] = [];
  if (totp?.verifiedAt) methods.push('totp');
  if (passkeys.length) methods.push('passkey');
  if (!methods.length) return null;
  return { twoFactorRequired: true as const, challenge: await startLoginChallenge(db, agent, now), methods };
}

/** What a session may still do while its agent must enrol: see who they are, enrol, sign out. */
const OPEN_WHILE_ENROLLING: [method: string, path: RegExp][] = [
  ['GET', /^\/api\/v1\/me$/],
  ['GET', /^\/api\/v1\/me\/two-factor$/],
  ['POST', /^\/api\/v1\/me\/two-factor\/totp(\/verify)?$/],
  ['POST', /^\/api\/v1\/me\/passkeys(\/options)?$/],
  ['POST', /^\/api\/v1\/auth\/logout$/],
];

export const enrolmentRequired = () =>
  forbidden(
    'Your account requires two-factor sign-in. Set up an authenticator app or a passkey (My account → Two-factor) before going on.',
    { twoFactorEnrolmentRequired: true },
  );

/**
 * Every session request passes here: under the tenant's "require two-factor" policy, an agent without a second
 * factor can only enrol (403 `twoFactorEnrolmentRequired` for everything else).
 */
export function assertEnrolledIfRequired(tenant: TenantRecord, enrolled: boolean, method: string, path: string) {
  if (enrolled || tenant.security.requireTwoFactor !== true) return;
  const m = method === 'HEAD' ? 'GET' : method;
  if (OPEN_WHILE_ENROLLING.some(([om, op]) => om === m && op.test(path))) return;
  throw enrolmentRequired();
}
