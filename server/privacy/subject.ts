// Who a privacy request is about: the tenant's customer with that email (any case) and the tickets they
// requested or wrote in. Shared by the export and the erasure, so both find the same data.
import type { Queryable } from '../db/client.ts';
import { hmacSha256Hex } from '../lib/crypto.ts';
import { findCustomerByEmail } from '../customers/queries.ts';
import type { Customer } from '../customers/schemas.ts';
import { subjectPatterns, ticketsOfCustomer, type SubjectTickets } from './queries.ts';

export interface Subject {
  email: string;
  customer: Customer | null;
  tickets: SubjectTickets;
  /** Every ticket id, requested first. */
  ticketIds: string[];
  /** LIKE patterns (email, customer id, ticket ids) that mark a log row as carrying the person's data. */
  patterns: string[];
}

/** Keyed, so the stored value does not reveal the email (the key stays in server_secrets). */
export const subjectHash = (key: string, tenantId: string, email: string) =>
  hmacSha256Hex(key, `privacy\n${tenantId}\n${email.toLowerCase()}`);

export async function findSubject(q: Queryable, tenantId: string, email: string): Promise<Subject> {
  const customer = (await findCustomerByEmail(q, tenantId, email)) ?? null;
  const tickets = customer ? await ticketsOfCustomer(q, tenantId, customer.id) : { requested: [], joined: [] };
  const ticketIds = [...tickets.requested, ...tickets.joined];
  return { email, customer, tickets, ticketIds, patterns: subjectPatterns(email, customer?.id ?? null, ticketIds) };
}
