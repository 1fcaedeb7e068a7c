// Demo seed: a few realistic tickets, customers, a custom field and SLA targets for the demo tenant.
import type { SeedStep } from '../seed/demo.ts';
import { getTenant, updateTenant } from '../tenants/queries.ts';
import { newId } from '../lib/ids.ts';
import { getAgent } from '../agents/queries.ts';
import { insertField } from '../custom-fields/queries.ts';
import { putSlaPolicies } from '../sla/queries.ts';
import { createTicket, replyToTicket, updateTicket } from './service.ts';
import { EVERY_TICKET } from './scope.ts';

const HOUR = 3_600_000;

interface DemoTicket {
  hoursAgo: number;
  subject: string;
  message: string;
  requester: { email: string; name: string };
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  order?: string;
  then?: { reply?: string; note?: string; status?: 'pending' | 'resolved' | 'closed'; assign?: boolean };
}

const TICKETS: DemoTicket[] = [
  {
    hoursAgo: 50,
    subject: 'Tent pole snapped on first pitch',
    message:
      'Hi, I set up my new Ridgeline 2 tent last weekend and one of the poles snapped at the joint. Can I get a replacement pole?',
    requester: { email: 'maya.okafor@example.com', name: 'Maya Okafor' },
    priority: 'high',
    tags: ['warranty', 'tents'],
    order: 'TO-10482',
    then: {
      reply: 'Sorry about that, Maya! A replacement pole section is on its way; tracking follows by email.',
      status: 'resolved',
      assign: true,
    },
  },
  {
    hoursAgo: 26,
    subject: 'Where is my order?',
    message: 'I ordered hiking boots eight days ago and the tracking page still says "label created".',
    requester: { email: 'jonas.berg@example.com', name: 'Jonas Berg' },
    priority: 'normal',
    tags: ['shipping'],
    order: 'TO-10517',
    then: {
      note: 'Carrier shows the parcel stuck in the hub; opened a trace with them.',
      reply: 'We have asked the carrier to trace your parcel and will update you within a day.',
      status: 'pending',
      assign: true,
    },
  },
  {
    hoursAgo: 5,
    subject: 'Can I return a sleeping bag I have used once?',
    message: 'The bag is too warm for summer trips. It was used one night. Is a return still possible?',
    requester: { email: 'priya.raman@example.com', name: 'Priya Raman' },
    priority: 'low',
    tags: ['returns'],
  },
  {
    hoursAgo: 1,
    subject: 'Charged twice for one order',
    message: 'My card statement shows two charges of $189.00 for the same order. Please refund one of them.',
    requester: { email: 'sam.lee@example.com', name: 'Sam Lee' },
    priority: 'urgent',
    tags: ['billing'],
    order: 'TO-10533',
  },
];

export const seedDemoTickets: SeedStep = async (db, { tenantId, ownerId, now }) => {
  const ts = now.toISOString();
  await db.tx(async (tx) => {
    await insertField(
      tx,
      tenantId,
      {
        id: newId('fld'),
        key: 'order_number',
        label: 'Order number',
        type: 'text',
        required: false,
        options: [],
        position: 0,
      },
      ts,
    );
    await putSlaPolicies(
      tx,
      tenantId,
      {
        urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        normal: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
      },
      ts,
    );
    await updateTenant(
      tx,
      tenantId,
      {
        settings: {
          slaEnabled: true,
          businessHours: {
            timezone: 'America/Denver',
            schedule: {
              mon: { open: '08:00', close: '18:00' },
              tue: { open: '08:00', close: '18:00' },
              wed: { open: '08:00', close: '18:00' },
              thu: { open: '08:00', close: '18:00' },
              fri: { open: '08:00', close: '18:00' },
              sat: null,
              sun: null,
            },
            holidays: [],
          },
        },
      },
      ts,
    );
  });
  const owner = await getAgent(db, tenantId, ownerId);
  const agent = { type: 'agent' as const, id: ownerId, name: owner?.name ?? null };
  for (const d of TICKETS) {
    const tenant = (await getTenant(db, tenantId))!;
    const at = new Date(now.getTime() - d.hoursAgo * HOUR);
    const { ticket } = await createTicket(
      db,
      tenant,
      {
        subject: d.subject,
        message: d.message,
        requester: d.requester,
        priority: d.priority,
        tags: d.tags,
        channel: 'widget',
        customFields: d.order ? { order_number: d.order } : undefined,
      },
      { type: 'customer', id: null, name: d.requester.name },
      at,
    );
    const later = new Date(at.getTime() + HOUR / 2);
    if (d.then?.assign) await updateTicket(db, tenant, ticket.id, { assigneeId: ownerId }, agent, EVERY_TICKET, later);
    if (d.then?.note)
      await replyToTicket(db, tenant, ticket.id, { body: d.then.note, internal: true }, agent, EVERY_TICKET, later);
    if (d.then?.reply)
      await replyToTicket(
        db,
        tenant,
        ticket.id,
        { body: d.then.reply, internal: false },
        agent,
        EVERY_TICKET,
        new Date(later.getTime() + 60_000),
      );
    if (d.then?.status)
      await updateTicket(
        db,
        tenant,
        ticket.id,
        { status: d.then.status },
        agent,
        EVERY_TICKET,
        new Date(later.getTime() + 120_000),
      );
  }
};
