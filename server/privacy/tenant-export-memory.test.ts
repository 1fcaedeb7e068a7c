// The memory bound of the streamed whole-tenant export, asserted without reading heap numbers (which depend on GC
// timing): the export runs in a child Node whose old space is capped at 48 MB, over a tenant whose rows hold about
// 60 MB. An export that held its rows or the archive whole dies there with a heap OOM; a streamed one finishes,
// and its archive is complete against the manifest.
import { afterEach, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { createHarness, type Harness } from '../test-support/harness.ts';

let h: Harness;
afterEach(() => h.close());

const ROWS = 30_000; // × 2,000 characters of hex each: ~60 MB of rows

it('exports a tenant with ~60 MB of rows from a Node capped at 48 MB of heap, complete against its manifest', async () => {
  h = await createHarness();
  const t = await h.signup();
  const f = new FormData();
  f.append('file', new Blob(['a file in the archive\n']), 'kept.txt');
  const up = await h.json('POST', '/api/v1/widget/attachments', {
    headers: { 'x-widget-key': t.tenant.widgetKey },
    form: f,
  });
  expect(up.status).toBe(201);
  await h.db.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
     INSERT INTO kb_search_misses (tenant_id, locale, query_key, query, misses, last_at)
     SELECT ?, 'en', 'k' || i, hex(randomblob(1000)), 1, '2026-01-01T00:00:00.000Z' FROM n`,
    [t.tenant.id],
  );
  const out = join(h.dir, 'export.zip');
  const child = await promisify(execFile)(
    process.execPath,
    [
      '--max-old-space-size=48',
      '--import',
      'tsx',
      join(import.meta.dirname, 'test-fixtures/export-child.ts'),
      `file:${join(h.dir, 'test.db')}`,
      join(h.dir, 'files'),
      t.tenant.id,
      out,
    ],
    { cwd: process.cwd(), maxBuffer: 1 << 20 },
  );
  expect(child.stdout).toMatch(/^heapUsed \d+/);

  const files = unzipSync(readFileSync(out));
  const manifest = JSON.parse(strFromU8(files['manifest.json']!));
  expect(manifest.tables.kb_search_misses).toBe(ROWS);
  for (const [table, n] of Object.entries(manifest.tables as Record<string, number>)) {
    const text = strFromU8(files[`tables/${table}.jsonl`]!);
    expect(text.split('\n').filter(Boolean), table).toHaveLength(n);
  }
  expect(manifest.files).toHaveLength(1);
  for (const file of manifest.files) expect(files[file.path]!.byteLength).toBe(file.size);
}, 60_000);
