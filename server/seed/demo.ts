// Seeds the demo tenant on an empty database so a newcomer sees a working help desk at once.
import type { Db } from '../db/client.ts';
import { hashPassword } from '../lib/crypto.ts';
import { provisionTenant } from '../tenants/provision.ts';
import { hasTenants, updateTenant } from '../tenants/queries.ts';
import { getServerSecret, insertServerSecret } from '../db/server-secrets.ts';
import { seedKnowledgeBase } from '../kb/seed.ts';
import { seedDemoTickets } from '../tickets/seed.ts';

export const DEMO_LOGIN = { email: 'demo@helpdesk.local', password: 'demo-password' };
const DEMO_TENANT_SECRET = 'demo_tenant_id';

/** Each later module can register extra seed steps (articles, tickets) run inside the same transaction. */
export type SeedStep = (db: Db, ctx: { tenantId: string; ownerId: string; now: Date }) => Promise<void>;
export const seedSteps: SeedStep[] = [];
seedSteps.push(seedKnowledgeBase);
seedSteps.push(seedDemoTickets);

export async function demoTenantId(db: Db): Promise<string | null> {
  return (await getServerSecret(db, DEMO_TENANT_SECRET)) ?? null;
}

/** Returns the demo tenant id when it seeded now, null when the database already had tenants. */
export async function seedDemoIfEmpty(db: Db, now: Date): Promise<string | null> {
  if (await hasTenants(db)) return null;
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const { tenant, agent } = await db.tx(async (tx) => {
    if (await hasTenants(tx)) return { tenant: null, agent: null };
    const made = await provisionTenant(
      tx,
      {
        tenantName: 'Trailhead Outfitters',
        plan: 'enterprise',
        owner: { name: 'Dana Demo', email: DEMO_LOGIN.email, passwordHash },
      },
      now,
    );
    await updateTenant(
      tx,
      made.tenant.id,
      { domain: 'localhost', branding: { primaryColor: '#0f766e' } },
      now.toISOString(),
    );
    await insertServerSecret(tx, DEMO_TENANT_SECRET, made.tenant.id, now);
    return made;
  });
  if (!tenant || !agent) return null;
  for (const step of seedSteps) await step(db, { tenantId: tenant.id, ownerId: agent.id, now });
  return tenant.id;
}
