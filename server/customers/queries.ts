// Customer rows of a tenant: lookups by id, email (case-insensitive) and external user id; find-or-create.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import type { Customer } from './schemas.ts';

interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  email: r.email,
  name: r.name,
  externalId: r.external_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function getCustomer(q: Queryable, tenantId: string, id: string): Promise<Customer | undefined> {
  const r = await q.get<CustomerRow>('SELECT * FROM customers WHERE tenant_id = ? AND id = ?', [tenantId, id]);
  return r && toCustomer(r);
}

export async function findCustomerByEmail(
  q: Queryable,
  tenantId: string,
  email: string,
): Promise<Customer | undefined> {
  const r = await q.get<CustomerRow>('SELECT * FROM customers WHERE tenant_id = ? AND email = ? COLLATE NOCASE', [
    tenantId,
    email,
  ]);
  return r && toCustomer(r);
}

export async function findCustomerByExternalId(
  q: Queryable,
  tenantId: string,
  externalId: string,
): Promise<Customer | undefined> {
  const r = await q.get<CustomerRow>('SELECT * FROM customers WHERE tenant_id = ? AND external_id = ?', [
    tenantId,
    externalId,
  ]);
  return r && toCustomer(r);
}

/** Inserts a customer row; the caller has checked the email is free (and records customer.created). */
export async function insertCustomer(
  q: Queryable,
  tenantId: string,
  c: { email: string; name?: string | null; externalId?: string | null },
  now: Date,
): Promise<Customer> {
  const ts = now.toISOString();
  const row: CustomerRow = {
    id: newId('cus'),
    email: c.email.toLowerCase(),
    name: c.name ?? null,
    external_id: c.externalId ?? null,
    created_at: ts,
    updated_at: ts,
  };
  await q.run(
    'INSERT INTO customers (id, tenant_id, email, name, external_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [row.id, tenantId, row.email, row.name, row.external_id, ts, ts],
  );
  return toCustomer(row);
}

/** The customer with this email (any case), created when new; a known customer's missing name is filled in. */
export async function findOrCreateCustomer(
  q: Queryable,
  tenantId: string,
  email: string,
  name: string | null | undefined,
  now: Date,
): Promise<{ customer: Customer; created: boolean }> {
  const found = await findCustomerByEmail(q, tenantId, email);
  if (!found) return { customer: await insertCustomer(q, tenantId, { email, name }, now), created: true };
  if (name && !found.name) {
    await q.run('UPDATE customers SET name = ?, updated_at = ? WHERE tenant_id = ? AND id = ?', [
      name,
      now.toISOString(),
      tenantId,
      found.id,
    ]);
    return { customer: { ...found, name, updatedAt: now.toISOString() }, created: false };
  }
  return { customer: found, created: false };
}

export async function updateCustomerRow(
  q: Queryable,
  tenantId: string,
  id: string,
  u: { email?: string; name?: string | null; externalId?: string },
  now: Date,
) {
  const sets: string[] = [];
  const args: (string | null)[] = [];
  if (u.email !== undefined) {
    sets.push('email = ?');
    args.push(u.email.toLowerCase());
  }
  if (u.name !== undefined) {
    sets.push('name = ?');
    args.push(u.name);
  }
  if (u.externalId !== undefined) {
    sets.push('external_id = ?');
    args.push(u.externalId);
  }
  sets.push('updated_at = ?');
  args.push(now.toISOString(), tenantId, id);
  await q.run(`UPDATE customers SET ${sets.join(', ')} WHERE tenant_id = ? AND id = ?`, args);
}

/** Newest first; `q` matches the start of the email or name. */
export async function listCustomers(
  q: Queryable,
  tenantId: string,
  after: [string, string] | null,
  limit: number,
  search?: string,
) {
  const where = ['tenant_id = ?'];
  const args: (string | number)[] = [tenantId];
  if (search) {
    where.push("(email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')");
    const like = search.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
    args.push(like, like);
  }
  if (after) {
    where.push('(created_at, id) < (?, ?)');
    args.push(after[0], after[1]);
  }
  args.push(limit + 1);
  const rows = await q.all<CustomerRow>(
    `SELECT * FROM customers WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
    args,
  );
  return rows.map(toCustomer);
}
