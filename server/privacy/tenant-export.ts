// The whole-tenant export: one zip streamed as it is read, never held in memory — a JSON-lines file per table
// (every table with the tenant's rows, found from the schema), the files under files/, and manifest.json last
// with the row count of each table. Credentials (hashes, secrets, tokens) never leave.
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import type { Deps } from '../types.ts';
import { safeName } from './archive.ts';
import { attachmentsPage, tenantRowsPage, tenantTables } from './tenant-queries.ts';

export const TENANT_ARCHIVE_FORMAT = 'helpdesk-tenant-export/1';
const PAGE = 500;
const CREDENTIAL = /hash|secret|password|token|widget_key/i;

/** A row as one JSON line: credentials left out, bytes (raw mail) as base64. */
const withoutCredentials = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !CREDENTIAL.test(k))
      .map(([k, v]) => [
        k,
        v instanceof Uint8Array || v instanceof ArrayBuffer
          ? { base64: Buffer.from(v as Uint8Array).toString('base64') }
          : v,
      ]),
  );

/** The archive's bytes, produced as the reader pulls them (a page of rows or a file chunk at a time). */
export async function* tenantArchive(deps: Deps, tenantId: string): AsyncGenerator<Uint8Array> {
  const { db } = deps;
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failed) throw failed;
    while (out.length) yield out.shift()!;
  };
  const mtime = deps.now();
  const counts: Record<string, number> = {};

  const tenant = await db.get<Record<string, unknown>>('SELECT * FROM tenants WHERE id = ?', [tenantId]);
  const head = new ZipDeflate('tenant.json', { level: 6 });
  Object.assign(head, { mtime });
  zip.add(head);
  head.push(strToU8(JSON.stringify(withoutCredentials(tenant ?? {}), null, 2) + '\n'), true);
  yield* drain();

  // FTS tables are indexes of rows exported from their own tables.
  for (const table of (await tenantTables(db)).filter((t) => !t.virtual)) {
    const entry = new ZipDeflate(`tables/${table.name}.jsonl`, { level: 6 });
    Object.assign(entry, { mtime });
    zip.add(entry);
    let after: (string | number)[] | null = null;
    let n = 0;
    for (;;) {
      const page = await tenantRowsPage(db, table, tenantId, after, PAGE);
      if (page.length) {
        after = page[page.length - 1]!.key;
        n += page.length;
        entry.push(strToU8(page.map((r) => JSON.stringify(withoutCredentials(r.row))).join('\n') + '\n'));
        yield* drain();
      }
      if (page.length < PAGE) break;
    }
    entry.push(new Uint8Array(0), true);
    counts[table.name] = n;
    yield* drain();
  }

  const files: { id: string; path: string; size: number }[] = [];
  let afterId = '';
  for (;;) {
    const page = await attachmentsPage(db, tenantId, afterId, PAGE);
    for (const f of page) {
      const obj = await deps.storage.get(f.storage_key);
      if (!obj) continue;
      const path = `files/${f.id}-${safeName(f.filename)}`;
      const entry = new ZipPassThrough(path);
      Object.assign(entry, { mtime });
      zip.add(entry);
      for await (const chunk of obj.body) {
        entry.push(chunk as Uint8Array);
        yield* drain();
      }
      entry.push(new Uint8Array(0), true);
      files.push({ id: f.id, path, size: obj.size });
      yield* drain();
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }

  const manifest = new ZipDeflate('manifest.json', { level: 6 });
  zip.add(manifest);
  manifest.push(
    strToU8(
      JSON.stringify(
        { format: TENANT_ARCHIVE_FORMAT, tenantId, generatedAt: mtime.toISOString(), tables: counts, files },
        null,
        2,
      ) + '\n',
    ),
    true,
  );
  zip.end();
  yield* drain();
}

/**
 * The archive as a web stream that reads on only when its reader asks (pull), so a slow reader slows the reading
 * of the database instead of filling memory. (Readable.toWeb on Node 20 reads ahead without bound.)
 */
export function tenantArchiveStream(deps: Deps, tenantId: string): ReadableStream<Uint8Array> {
  const chunks = tenantArchive(deps, tenantId);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
