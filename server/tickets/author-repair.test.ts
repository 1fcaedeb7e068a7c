// Migration 0007: API-created tickets stored before the fix open with the requester's message, and key authors get names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hd-0007-'));
  db = await openDb(`file:${join(dir, 'm.db')}`);
  await migrate(
    db,
    loadMigrations().filter((m) => m.name < '0007'),
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ts = '2026-03-01T10:00:00.000Z';
const later = '2026-03-01T11:00:00.000Z';

async function ticket(id: string, number: number, createdBy: { type: string; id: string | null }) {
  await db.run(
    `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, priority_rank, channel, requester_id, created_at, updated_at)
     VALUES (?, 'ten_1', ?, 'Subject', 'open', 'normal', 2, 'api', 'cus_1', ?, ?)`,
    [id, number, ts, ts],
  );
  await db.run(
    `INSERT INTO ticket_activity (id, tenant_id, ticket_id, actor_type, actor_id, actor_name, action, created_at)
     VALUES (?, 'ten_1', ?, ?, ?, NULL, 'ticket.created', ?)`,
    [`act_${id}`, id, createdBy.type, createdBy.id, ts],
  );
}

async function message(id: string, ticketId: string, author: { type: string; id: string | null }, at: string) {
  await db.run(
    `INSERT INTO ticket_messages (id, tenant_id, ticket_id, author_type, author_id, author_name, body, internal, created_at)
     VALUES (?, 'ten_1', ?, ?, ?, NULL, 'text', 0, ?)`,
    [id, ticketId, author.type, author.id, at],
  );
}

const authorOf = (id: string) =>
  db.get<{ author_type: string; author_id: string | null; author_name: string | null }>(
    'SELECT author_type, author_id, author_name FROM ticket_messages WHERE id = ?',
    [id],
  );

it("gives an API-created ticket's opening message to the requester and names the key on what it wrote as the team", async () => {
  await db.run(
    "INSERT INTO customers (id, tenant_id, email, name, created_at, updated_at) VALUES ('cus_1', 'ten_1', 'casey@example.com', 'Casey', ?, ?)",
    [ts, ts],
  );
  await db.run(
    `INSERT INTO api_keys (id, tenant_id, name, key_hash, key_hint, scopes, created_at)
     VALUES ('key_1', 'ten_1', 'CRM sync', 'h', 'hint', '[]', ?)`,
    [ts],
  );
  const key = { type: 'api', id: 'key_1' };
  const gone = { type: 'api', id: 'key_deleted' };
  await ticket('tkt_api', 1, key);
  await message('msg_open', 'tkt_api', key, ts);
  await message('msg_reply', 'tkt_api', key, later);
  await ticket('tkt_gone', 2, gone);
  await message('msg_gone_open', 'tkt_gone', gone, ts);
  await message('msg_gone_reply', 'tkt_gone', gone, later);
  // An agent-created ticket that a key later answered: its opening message is untouched.
  await ticket('tkt_agent', 3, { type: 'agent', id: 'agt_1' });
  await message('msg_agent_open', 'tkt_agent', { type: 'customer', id: 'cus_1' }, ts);
  await message('msg_agent_reply', 'tkt_agent', key, later);

  expect(await migrate(db)).toContain('0007_opening_message_authors.sql');

  const casey = { author_type: 'customer', author_id: 'cus_1', author_name: 'Casey' };
  expect(await authorOf('msg_open')).toEqual(casey);
  expect(await authorOf('msg_reply')).toEqual({ author_type: 'api', author_id: 'key_1', author_name: 'CRM sync' });
  expect(await authorOf('msg_gone_open')).toEqual(casey);
  expect(await authorOf('msg_gone_reply')).toEqual({ author_type: 'api', author_id: 'key_deleted', author_name: null });
  expect(await authorOf('msg_agent_open')).toEqual({ author_type: 'customer', author_id: 'cus_1', author_name: null });
  expect(await authorOf('msg_agent_reply')).toEqual({
    author_type: 'api',
    author_id: 'key_1',
    author_name: 'CRM sync',
  });
  const activity = await db.get<{ actor_name: string | null }>(
    "SELECT actor_name FROM ticket_activity WHERE id = 'act_tkt_api'",
  );
  expect(activity?.actor_name).toBe('CRM sync');
});
