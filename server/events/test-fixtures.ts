// Test data in the registry's shapes: events that tests write straight into the log look like the real ones.
import { CustomerSchema, type Customer } from '../customers/schemas.ts';
import { MessageSchema, TicketSchema, type Message, type Ticket } from '../tickets/schemas.ts';

const AT = '2026-03-02T10:00:00.000Z';

/** A ticket as the API answers it; parsed, so a fixture that drifts from the schema fails loudly. */
export function sampleTicket(over: Partial<Ticket> = {}): Ticket {
  return TicketSchema.parse({
    id: 'tkt_sample',
    number: 1,
    subject: 'Printer on fire',
    status: 'open',
    priority: 'normal',
    channel: 'api',
    requester: { id: 'cus_sample', email: 'ria@example.com', name: 'Ria' },
    assigneeId: null,
    teamId: null,
    tags: [],
    customFields: {},
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    sla: {
      firstResponseDueAt: null,
      resolutionDueAt: null,
      firstResponseBreached: false,
      resolutionBreached: false,
      nextDueAt: null,
    },
    spam: false,
    snooze: null,
    followUpOf: null,
    mergedInto: null,
    createdAt: AT,
    updatedAt: AT,
    satisfaction: null,
    ...over,
  });
}

export function sampleMessage(over: Partial<Message> = {}): Message {
  return MessageSchema.parse({
    id: 'msg_sample',
    ticketId: 'tkt_sample',
    body: 'Have you tried turning it off?',
    internal: false,
    author: { type: 'agent', id: 'agt_sample', name: 'Dana' },
    attachments: [],
    createdAt: AT,
    ...over,
  });
}

export function sampleCustomer(over: Partial<Customer> = {}): Customer {
  return CustomerSchema.parse({
    id: 'cus_sample',
    email: 'ria@example.com',
    name: 'Ria',
    externalId: null,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  });
}
