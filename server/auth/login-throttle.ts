// Login throttling that cannot lock an owner out: a failure budget per client address, and growing
// waits per account *and* address, so an attacker's failures slow only the attacker's address.
import type { Context } from 'hono';
import type { AppEnv, Deps } from '../types.ts';
import type { Limiter } from '../middleware/rate-limit.ts';
import { clientIp } from '../middleware/client-ip.ts';
import { rateLimited } from '../lib/problem.ts';
import { actorOf, audit } from '../audit/audit.ts';

export const LOGIN_THROTTLE = {
  /** Failed sign-ins one address may make across all accounts (credential stuffing) per window. */
  perAddress: { failures: 30, windowMs: 15 * 60 * 1000 },
  /** One account from one address: 5 free failures, then waits of 1 s, 2 s, 4 s … up to 15 minutes. */
  perAccountAddress: { free: 5, firstWaitMs: 1000, maxWaitMs: 15 * 60 * 1000, forgetMs: 24 * 60 * 60 * 1000 },
};

const addressKey = (ip: string) => `login:address:${ip}`;
// The encoded email holds no ':', so the account's prefix never matches another account.
const accountPrefix = (email: string) => `login:account:${encodeURIComponent(email.trim().toLowerCase())}:`;

/** The seam for an emailed unlock link: forgets every address's failures for this account. */
export async function unlockLogin(limiter: Limiter, email: string) {
  await limiter.resetPrefix(accountPrefix(email));
}

export interface LoginAttempt {
  /** The password was wrong (or the account cannot sign in); audits the lockout this failure starts. */
  failed(account: { tenantId: string; id: string } | undefined): Promise<void>;
  /** Signed in: this account's failures from this address are forgotten. */
  succeeded(): Promise<void>;
}

const unthrottled: LoginAttempt = { failed: async () => {}, succeeded: async () => {} };

export function loginThrottle(deps: Deps) {
  const { limiter } = deps;
  const { perAddress, perAccountAddress } = LOGIN_THROTTLE;

  const setBudgetHeaders = (c: Context<AppEnv>, state: { remaining: number; resetSeconds: number }) => {
    c.header('RateLimit-Limit', String(perAddress.failures));
    c.header('RateLimit-Remaining', String(state.remaining));
    c.header('RateLimit-Reset', String(state.resetSeconds));
  };

  /**
   * Call before checking the password; throws 429 when this address, or this account from this
   * address, must wait. The attempt is counted as a failure at once, in one atomic step per counter
   * (on every node when the limiter is shared), so parallel guesses cannot all slip through before
   * the first one is counted; success takes it back.
   */
  async function begin(c: Context<AppEnv>, email: string): Promise<LoginAttempt> {
    if (!deps.env.RATE_LIMITS) return unthrottled;
    const ip = clientIp(c);
    const counted = await limiter.hit(addressKey(ip), perAddress.failures, perAddress.windowMs);
    if (!counted.allowed) {
      await limiter.refund(addressKey(ip));
      setBudgetHeaders(c, counted);
      throw rateLimited(
        counted.resetSeconds,
        `Too many failed sign-ins from your address. Try again in ${counted.resetSeconds} seconds.`,
      );
    }
    // The budget as it stood before this attempt, until the attempt turns out to be a failure.
    setBudgetHeaders(c, {
      remaining: Math.min(perAddress.failures, counted.remaining + 1),
      resetSeconds: counted.resetSeconds,
    });
    const accountKey = accountPrefix(email) + ip;
    const failure = await limiter.backoffAttempt(accountKey, perAccountAddress);
    if (failure.blockedSeconds !== null) {
      await limiter.refund(addressKey(ip));
      const wait = failure.blockedSeconds;
      throw rateLimited(
        wait,
        `Too many failed sign-ins for this account from your address. Try again in ${wait} seconds.`,
      );
    }
    return {
      async failed(account) {
        setBudgetHeaders(c, counted);
        if (counted.remaining === 0) deps.logger.warn('login failures from one address reached the limit', { ip });
        if (!failure.startedWaiting) return;
        await audit(
          actorOf(c),
          deps.db,
          {
            tenantId: account?.tenantId ?? null,
            action: 'auth.login_throttled',
            targetType: 'agent',
            targetId: account?.id,
            details: { email, failures: failure.failures, retryAfter: failure.waitSeconds },
          },
          deps.now(),
        );
      },
      async succeeded() {
        await Promise.all([limiter.refund(addressKey(ip)), limiter.reset(accountKey)]);
      },
    };
  }

  return { begin };
}
