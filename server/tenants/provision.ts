// Creates a tenant together with its owner agent (self-service signup and the platform operator both use it).
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { conflict } from '../lib/problem.ts';
import { emailInUse, getAgent, insertAgent } from '../agents/queries.ts';
import { insertTenant } from './queries.ts';
import type { Plan } from './plans.ts';

export interface ProvisionInput {
  tenantName: string;
  plan: Plan;
  /** Hashed before the transaction so the write lock is not held during scrypt. */
  owner: { name: string; email: string; passwordHash: string };
}

export async function provisionTenant(q: Queryable, input: ProvisionInput, now: Date) {
  if (await emailInUse(q, input.owner.email)) throw conflict('An account with this email already exists.');
  const ts = now.toISOString();
  const tenant = await insertTenant(q, { name: input.tenantName, plan: input.plan, now: ts });
  const agentId = newId('agt');
  await insertAgent(q, tenant.id, {
    id: agentId,
    email: input.owner.email,
    name: input.owner.name,
    passwordHash: input.owner.passwordHash,
    roleId: 'owner',
    status: 'active',
    now: ts,
  });
  const agent = (await getAgent(q, tenant.id, agentId))!;
  return { tenant, agent };
}
