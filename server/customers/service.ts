// Customer use cases of the agent API: create and update, each one transaction with its event.
import type { Db } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { notFound, Problem } from '../lib/problem.ts';
import { findCustomerByEmail, getCustomer, insertCustomer, updateCustomerRow } from './queries.ts';
import type { Customer } from './schemas.ts';

const duplicate = (id: string) =>
  new Problem(409, 'A customer with this email already exists.', {
    type: 'https://helpdesk.dev/problems/duplicate-customer',
    extra: { customerId: id },
  });

export async function createCustomer(
  db: Db,
  tenantId: string,
  input: { email: string; name?: string },
  now: Date,
): Promise<Customer> {
  return db.tx(async (tx) => {
    const existing = await findCustomerByEmail(tx, tenantId, input.email);
    if (existing) throw duplicate(existing.id);
    const customer = await insertCustomer(tx, tenantId, input, now);
    await appendEvent(tx, tenantId, { type: 'customer.created', data: customer, audience: 'agents' }, now);
    return customer;
  });
}

/** An email taken by another customer is 409 with that customer's id. */
export async function updateCustomer(
  db: Db,
  tenantId: string,
  id: string,
  patch: { email?: string; name?: string | null },
  now: Date,
): Promise<Customer> {
  return db.tx(async (tx) => {
    if (!(await getCustomer(tx, tenantId, id))) throw notFound('Customer');
    if (patch.email) {
      const other = await findCustomerByEmail(tx, tenantId, patch.email);
      if (other && other.id !== id) throw duplicate(other.id);
    }
    await updateCustomerRow(tx, tenantId, id, patch, now);
    return (await getCustomer(tx, tenantId, id))!;
  });
}
