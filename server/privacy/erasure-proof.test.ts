// The proof of issue 19: one person seeded through the real API into every store, erased, then every column of
// every table the schema has (FTS shadow tables included, found from sqlite_master, so a table added later is
// scanned too) and the storage directory are searched for their email, name and a marker from their messages.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { INBOUND_ENV } from '../mail/inbound-fixtures.ts';
import { runPrivacyRequests } from './worker.ts';
import { PERSON, scanDatabase, scanDirectory, seedPerson } from './proof-support.ts';

let h: Harness;
afterEach(() => h.close());

/** Tables the seeding must reach: if one of them shows no hit before the erasure, the seed (not the erasure) broke. */
const SEEDED_TABLES = [
  'customers',
  'tickets',
  'ticket_messages',
  'tickets_fts_content',
  'attachments',
  'events',
  'webhook_deliveries',
  'idempotency_keys',
  'mail_outbox',
  'mail_inbound',
  'csat_surveys',
  'chats',
  'kb_search_misses',
  'mail_message_ids',
];

describe.each(['redact', 'delete'] as const)('erasure (%s) leaves nothing of the person', (mode) => {
  it('finds the person in every store before, and nowhere after', async () => {
    h = await createHarness({ env: INBOUND_ENV });
    const t = await h.signup({ tenantName: 'Proof' });
    const seeded = await seedPerson(h, t);
    // An export too: its archive (in storage) and row are copies the erasure must remove.
    const ex = await h.json('POST', '/api/v1/privacy/exports', { ...t.as, body: { email: PERSON.email } });
    expect(ex.status).toBe(202);
    const exPending = await h.json('GET', `/api/v1/privacy/exports/${ex.body.id}`, t.as);
    expect(exPending.body.status).toBe('queued');
    await runPrivacyRequests(h.deps);

    const storage = join(h.dir, 'files');
    const before = await scanDatabase(h);
    const tablesBefore = new Set(before.map((x) => x.table));
    for (const table of SEEDED_TABLES) expect(tablesBefore, `seeded into ${table}`).toContain(table);
    expect(tablesBefore.size).toBeGreaterThanOrEqual(SEEDED_TABLES.length);
    expect(scanDirectory(storage).length).toBeGreaterThanOrEqual(2); // the upload and the export archive

    const er = await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: PERSON.email, mode } });
    expect(er.status).toBe(202);
    await runPrivacyRequests(h.deps);
    const done = await h.json('GET', `/api/v1/privacy/erasures/${er.body.id}`, t.as);
    expect(done.body).toMatchObject({ status: 'done', found: true, mode, kind: 'erasure' });
    expect(done.body.counts.tickets).toBe(4); // widget, mail, follow-up, chat

    expect(await scanDatabase(h)).toEqual([]);
    expect(scanDirectory(storage)).toEqual([]);

    // Someone else's ticket is untouched; the person's tickets stay for statistics only when redacting.
    const other = await h.json('GET', `/api/v1/tickets/${seeded.otherTicketId}`, t.as);
    expect(other.status).toBe(200);
    expect(other.body.subject).toBe('Someone else asks');
    const theirs = await h.json('GET', `/api/v1/tickets/${seeded.widgetTicketId}`, t.as);
    if (mode === 'delete') expect(theirs.status).toBe(404);
    else {
      expect(theirs.status).toBe(200);
      expect(theirs.body).toMatchObject({ subject: '[erased]', status: 'resolved' });
    }
    // The export's link is gone with it.
    expect((await h.json('GET', `/api/v1/privacy/exports/${ex.body.id}`, t.as)).status).toBe(404);

    // Asked again: nothing found, and said so.
    const again = await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: PERSON.email, mode } });
    await runPrivacyRequests(h.deps);
    const second = await h.json('GET', `/api/v1/privacy/erasures/${again.body.id}`, t.as);
    expect(second.body).toMatchObject({ status: 'done', found: false });
    expect(await scanDatabase(h)).toEqual([]);
  });
});

it('catches a table the erasure does not know (as a table added later would be)', async () => {
  h = await createHarness({ env: INBOUND_ENV });
  const t = await h.signup({ tenantName: 'Proof' });
  await seedPerson(h, t);
  // A store nobody taught the erasure about, e.g. a future module's table.
  await h.db.run('CREATE TABLE future_notes (tenant_id TEXT NOT NULL, note TEXT NOT NULL)');
  await h.db.run('INSERT INTO future_notes VALUES (?, ?)', [t.tenant.id, `Called ${PERSON.email}`]);
  await h.json('POST', '/api/v1/privacy/erasures', { ...t.as, body: { email: PERSON.email } });
  await runPrivacyRequests(h.deps);
  const hits = await scanDatabase(h);
  expect(hits).toContainEqual({ table: 'future_notes', column: 'note', needle: PERSON.email, rows: 1 });
  expect(hits.every((x) => x.table === 'future_notes')).toBe(true);
});
