// A sign-in the tenant's agent IP allowlist refused. createSession throws it inside the sign-in's transaction, so
// nothing of the sign-in happens; the refusal is audited after that transaction has rolled back, by the one
// middleware below for every JSON sign-in (password, two-factor, passkey, invitation, password reset) and by the SSO
// callback, which turns it into its own refusal page.
import type { MiddlewareHandler } from 'hono';
import { audit, actorOf, type Actor } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { Problem } from '../lib/problem.ts';
import { ipNotAllowed } from '../middleware/ip-allowlist.ts';
import type { AppEnv } from '../types.ts';
import type { SignInMethod } from './sessions.ts';

export class SignInRefused extends Problem {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly method: SignInMethod,
    ip: string | null,
  ) {
    const p = ipNotAllowed('agentIpAllowlist', ip);
    super(p.status, p.message, { type: p.type, title: p.title, extra: p.extra });
  }
}

/** Written outside any transaction: there is no change to roll back with, and the password is never in it. */
export async function recordRefusedSignIn(db: Db, actor: Actor, refused: SignInRefused, now: Date) {
  await audit(
    actor,
    db,
    {
      tenantId: refused.tenantId,
      actor: { actorType: 'agent', actorId: refused.agentId },
      action: 'auth.login_refused',
      targetType: 'agent',
      targetId: refused.agentId,
      details: { rule: 'agentIpAllowlist', method: refused.method },
    },
    now,
  );
}

/** After the error handler has answered: a refused sign-in is recorded (a failure to record it is logged, not thrown). */
export function auditRefusedSignIns(deps: { db: Db; now: () => Date; logger: Logger }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!(c.error instanceof SignInRefused)) return;
    await recordRefusedSignIn(deps.db, actorOf(c), c.error, deps.now()).catch((err: unknown) =>
      deps.logger.error('could not audit a refused sign-in', { requestId: c.get('requestId'), err: String(err) }),
    );
  };
}
