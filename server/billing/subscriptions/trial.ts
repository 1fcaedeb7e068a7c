// The self-service sign-up's trial: 14 days on professional, written in the sign-up's own transaction.
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../audit/audit.ts';
import type { TenantRecord } from '../../tenants/queries.ts';
import { applyChange, day } from './transitions.ts';
import type { OwnerMailDeps } from './owner-mail.ts';
import { TRIAL_DAYS } from './prices.ts';
import { trialRow } from './service.ts';

export async function startTrial(
  q: Queryable,
  deps: OwnerMailDeps,
  actor: Actor,
  tenant: TenantRecord,
  ownerId: string,
  now: Date,
) {
  const sub = trialRow(tenant.id, now, TRIAL_DAYS);
  await applyChange(
    q,
    deps,
    actor,
    tenant,
    null,
    {
      sub,
      plan: 'professional',
      action: 'billing.trial_started',
      details: { plan: 'professional', trialEndsAt: sub.trialEndsAt },
      actor: { actorType: 'agent', actorId: ownerId },
      mail: {
        subject: `Your ${TRIAL_DAYS}-day Professional trial has started`,
        lines: [
          `Welcome! You are on a free trial of the Professional plan until ${day(sub.currentPeriodEnd)}.`,
          'Choose a plan and add a card under Plan & billing any time; you are charged when the trial ends.',
        ],
      },
    },
    now,
  );
}
