// Visitor use cases: identify a signed-in user of the customer's site (the route has checked the userHash).
import type { Db } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { unauthorized } from '../lib/problem.ts';
import {
  findCustomerByEmail,
  findCustomerByExternalId,
  insertCustomer,
  updateCustomerRow,
} from '../customers/queries.ts';
import type { Customer } from '../customers/schemas.ts';
import { issueToken, type Visitor } from './visitor-tokens.ts';

/** The customer with this userId (linking the customer with this email the first time) and a token for all their tickets. */
export async function identifyVisitor(
  db: Db,
  tenantId: string,
  input: { userId: string; email: string; name?: string },
  now: Date,
): Promise<{ visitor: Visitor; customer: Customer }> {
  return db.tx(async (tx) => {
    let customer = await findCustomerByExternalId(tx, tenantId, input.userId);
    if (!customer) {
      const byEmail = await findCustomerByEmail(tx, tenantId, input.email);
      if (byEmail && !byEmail.externalId) {
        await updateCustomerRow(
          tx,
          tenantId,
          byEmail.id,
          { externalId: input.userId, ...(input.name && !byEmail.name ? { name: input.name } : {}) },
          now,
        );
        customer = { ...byEmail, externalId: input.userId, name: byEmail.name ?? input.name ?? null };
      } else if (byEmail) {
        // The email already belongs to another signed-in user: never hand their tickets over.
        throw unauthorized('Identity verification failed.');
      } else {
        customer = await insertCustomer(
          tx,
          tenantId,
          { email: input.email, name: input.name, externalId: input.userId },
          now,
        );
        await appendEvent(tx, tenantId, { type: 'customer.created', data: customer, audience: 'agents' }, now);
      }
    }
    return { customer, visitor: await issueToken(tx, tenantId, customer.id, 'customer', now) };
  });
}
