// Run by tenant-export-memory.test.ts in a child Node with a small --max-old-space-size: streams one tenant's
// archive (server/privacy/tenant-export.ts) into a file, pulling the next chunk only once the last one is written.
// An export that held the tenant's rows or the archive whole would die here with a heap OOM.
// Usage: export-child.ts <db url> <storage dir> <tenant id> <out file>
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { openDb } from '../../db/client.ts';
import { createFileStorage } from '../../files/file-storage.ts';
import type { Deps } from '../../types.ts';
import { tenantArchive } from '../tenant-export.ts';

const [dbUrl, storageDir, tenantId, outFile] = process.argv.slice(2) as [string, string, string, string];
const db = await openDb(dbUrl);
const deps = { db, storage: createFileStorage(storageDir), now: () => new Date() } as unknown as Deps;
const out = createWriteStream(outFile);
for await (const chunk of tenantArchive(deps, tenantId)) if (!out.write(chunk)) await once(out, 'drain');
out.end();
await once(out, 'finish');
db.close();
process.stdout.write(`heapUsed ${process.memoryUsage().heapUsed}\n`);
