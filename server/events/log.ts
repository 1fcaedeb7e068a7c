// The tenant event log: written in the same transaction as each change, read by SSE streams and webhooks.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
// Types only: the registry imports the resource schemas, whose modules write events through this one.
import type { EventData, EventType } from './types.ts';

/**
 * `audience` says who may see an event on a live stream: 'agents' only, or 'public' (agents and
 * the visitor whose `visitorScope` matches — e.g. the requester's customer id).
 */
export interface NewEvent<T extends EventType> {
  type: T;
  data: EventData<T>;
  audience?: 'agents' | 'public';
  visitorScope?: string | null;
}

interface StoredEventOf<T extends EventType> {
  seq: number;
  id: string;
  tenantId: string;
  type: T;
  data: EventData<T>;
  audience: 'agents' | 'public';
  visitorScope: string | null;
  createdAt: string;
}

/**
 * An event as read back. Its type is one of the registry's, unless a newer version of the code wrote it
 * into the same database: readers look the type up with eventDefinition() and skip what they do not know.
 */
export type StoredEvent = { [T in EventType]: StoredEventOf<T> }[EventType];

/** `data` must have the shape the registry gives the type, so a webhook body equals the API's answer. */
export async function appendEvent<T extends EventType>(
  q: Queryable,
  tenantId: string,
  e: NewEvent<T>,
  now: Date,
): Promise<string> {
  const id = newId('evt');
  await q.run(
    'INSERT INTO events (id, tenant_id, type, data, audience, visitor_scope, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [id, tenantId, e.type, JSON.stringify(e.data), e.audience ?? 'agents', e.visitorScope ?? null, now.toISOString()],
  );
  return id;
}

interface EventRow {
  seq: number;
  id: string;
  tenant_id: string;
  type: string;
  data: string;
  audience: string;
  visitor_scope: string | null;
  created_at: string;
}

// The row was written by appendEvent with the registry's shape for its type.
const fromRow = (r: EventRow): StoredEvent =>
  ({
    seq: r.seq,
    id: r.id,
    tenantId: r.tenant_id,
    type: r.type as EventType,
    data: parseJson(r.data, null),
    audience: r.audience as StoredEvent['audience'],
    visitorScope: r.visitor_scope,
    createdAt: r.created_at,
  }) as unknown as StoredEvent;

export async function eventsAfter(
  q: Queryable,
  tenantId: string,
  afterSeq: number,
  limit = 500,
): Promise<StoredEvent[]> {
  const rows = await q.all<EventRow>('SELECT * FROM events WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?', [
    tenantId,
    afterSeq,
    limit,
  ]);
  return rows.map(fromRow);
}

export async function latestEventSeq(q: Queryable, tenantId: string): Promise<number> {
  const row = await q.get<{ s: number | null }>('SELECT max(seq) AS s FROM events WHERE tenant_id = ?', [tenantId]);
  return row?.s ?? 0;
}
