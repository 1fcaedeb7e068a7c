// One contract for every storage driver (file: in a temp dir, s3 against a real s3rver): what the attachment
// service relies on — bytes come back equal, overwrite replaces, missing is null, delete is idempotent, tenants
// sit under their own prefix, and a large object goes through without being held in memory whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { loadEnv } from '../env.ts';
import { createHarness } from '../test-support/harness.ts';
import { createStorage, storageKey, type FileStorage } from './storage.ts';
import { parseS3Url } from './s3-storage.ts';
import { startS3rver, type TestS3 } from './s3-test-support.ts';
import { freePort } from '../mail/outbound-test-support.ts';

const MB = 1024 * 1024;

const form = (name: string, bytes: Buffer) => {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)]), name);
  return f;
};

interface Driver {
  storage: FileStorage;
  /** Every key the backend holds, to see where objects landed. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

const work = mkdtempSync(join(tmpdir(), 'hd-storage-contract-'));
let n = 0;
/** A fresh local source file (a driver may move it away on put). */
const source = (bytes: Buffer) => {
  const path = join(work, `src-${++n}`);
  writeFileSync(path, bytes);
  return path;
};
// A full garbage collection on demand (the flag can be turned on at run time; a fresh context then has gc()).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
async function readAll(body: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

const drivers: [string, () => Promise<Driver>][] = [
  [
    'file:',
    async () => {
      const dir = mkdtempSync(join(work, 'files-'));
      const storage = createStorage(loadEnv({ STORAGE_URL: `file:${dir}` }));
      return {
        storage,
        keys: async () =>
          (await readdir(dir, { recursive: true, withFileTypes: true }))
            .filter((e) => e.isFile())
            .map((e) => join(e.parentPath, e.name).slice(dir.length + 1)),
        close: () => storage.close(),
      };
    },
  ],
  [
    's3',
    async () => {
      const s3 = await startS3rver();
      const storage = createStorage(loadEnv(s3.env));
      return {
        storage,
        // s3rver keeps each object as a file under <directory>/<bucket>/<key>._S3rver_object
        keys: async () => {
          const res = await fetch(`${s3.endpoint}/${s3.bucket}?list-type=2`, {
            headers: await listHeaders(s3),
          });
          const xml = await res.text();
          return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]!);
        },
        close: async () => {
          await storage.close();
          await s3.close();
        },
      };
    },
  ],
];

async function listHeaders(s3: TestS3) {
  const { AwsV4Signer } = await import('aws4fetch');
  const signer = new AwsV4Signer({
    url: `${s3.endpoint}/${s3.bucket}?list-type=2`,
    accessKeyId: s3.env.S3_ACCESS_KEY_ID,
    secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY,
    service: 's3',
    region: 'us-east-1',
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  return (await signer.sign()).headers;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(drivers)('storage contract: %s', (_name, make) => {
  let d: Driver;
  beforeAll(async () => {
    d = await make();
  });
  afterAll(() => d.close());

  it('gives back the same bytes and size it was given (a few MB)', async () => {
    const bytes = randomBytes(3 * MB + 17);
    const key = storageKey('ten_a', 'att_roundtrip');
    await d.storage.putFile(key, source(bytes), bytes.length, 'application/octet-stream');
    const got = await d.storage.get(key);
    expect(got).not.toBeNull();
    expect(got!.size).toBe(bytes.length);
    const back = await readAll(got!.body);
    expect(back.length).toBe(bytes.length);
    expect(sha(back)).toBe(sha(bytes));
  });

  it('replaces an object on a second put under the same key', async () => {
    const key = storageKey('ten_a', 'att_overwrite');
    await d.storage.putFile(key, source(Buffer.from('first version, longer')), 21, 'text/plain');
    await d.storage.putFile(key, source(Buffer.from('second')), 6, 'text/plain');
    const got = await d.storage.get(key);
    expect(got!.size).toBe(6);
    expect((await readAll(got!.body)).toString()).toBe('second');
  });

  it('answers null for a missing object and deletes idempotently', async () => {
    expect(await d.storage.get(storageKey('ten_a', 'att_never'))).toBeNull();
    await expect(d.storage.delete(storageKey('ten_a', 'att_never'))).resolves.toBeUndefined();

    const key = storageKey('ten_a', 'att_gone');
    await d.storage.putFile(key, source(Buffer.from('bye')), 3, 'text/plain');
    await d.storage.delete(key);
    expect(await d.storage.get(key)).toBeNull();
    await d.storage.delete(key);
    expect(await d.storage.get(key)).toBeNull();
  });

  it("keeps each tenant's objects under the tenant's prefix, apart from another tenant's", async () => {
    await d.storage.putFile(storageKey('ten_one', 'att_same'), source(Buffer.from('one')), 3, 'text/plain');
    await d.storage.putFile(storageKey('ten_two', 'att_same'), source(Buffer.from('two!')), 4, 'text/plain');
    const keys = await d.keys();
    expect(keys).toContain('ten_one/att_same');
    expect(keys).toContain('ten_two/att_same');
    expect((await readAll((await d.storage.get('ten_one/att_same'))!.body)).toString()).toBe('one');
    expect((await readAll((await d.storage.get('ten_two/att_same'))!.body)).toString()).toBe('two!');
  });

  it('refuses a key the server would never make', async () => {
    await expect(d.storage.get('../etc/passwd')).rejects.toThrow(/invalid storage key/);
    await expect(d.storage.delete('ten_a/../../x')).rejects.toThrow(/invalid storage key/);
  });

  it('streams a 50 MB object in and out without holding it in memory', async () => {
    const size = 50 * MB;
    const path = join(work, `big-${++n}`);
    const hash = createHash('sha256');
    // One reused 1 MB chunk, each write awaited: making the file leaves no 50 MB of garbage behind.
    const out = createWriteStream(path);
    const chunk = randomBytes(MB);
    for (let i = 0; i < 50; i++) {
      chunk[0] = i;
      hash.update(chunk);
      await new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const want = hash.digest('hex');
    // What is still reachable (after a full collection), so chunks already passed on do not count.
    const held = () => {
      collect();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    // Backing stores of collected buffers are freed just after a collection: let that happen first.
    held();
    await new Promise((r) => setTimeout(r, 100));
    const before = held();
    let peak = before;
    // During the put too (a driver that read the file whole would hold it until the request is sent).
    const timer = setInterval(() => (peak = Math.max(peak, held())), 250);
    try {
      const key = storageKey('ten_big', 'att_fifty');
      await d.storage.putFile(key, path, size, 'application/octet-stream');
      const got = await d.storage.get(key);
      expect(got!.size).toBe(size);
      const h = createHash('sha256');
      let seen = 0;
      let nextCheck = 10 * MB;
      for await (const c of got!.body) {
        h.update(c as Buffer);
        seen += (c as Buffer).length;
        if (seen >= nextCheck) {
          peak = Math.max(peak, held());
          nextCheck += 10 * MB;
        }
      }
      expect(seen).toBe(size);
      expect(h.digest('hex')).toBe(want);
    } finally {
      clearInterval(timer);
    }
    // Buffering the object would hold 50 MB at once; streaming holds a few chunks, plus what the in-process S3
    // server and a late garbage collection keep on a loaded 2-core machine (21.5 MB seen in CI): well under 50.
    expect(peak - before).toBeLessThan(35 * MB);
  }, 60_000);
});

describe('STORAGE_URL=s3://… at startup', () => {
  const creds = { S3_ACCESS_KEY_ID: 'AKIDEXAMPLE', S3_SECRET_ACCESS_KEY: 'very-secret-key-value' };

  it('refuses missing credentials with a message naming both, and never the secret', () => {
    expect(() => createStorage(loadEnv({ STORAGE_URL: 's3://files?endpoint=http://127.0.0.1:9000' }))).toThrow(
      /Invalid configuration:\n {2}S3_ACCESS_KEY_ID: required when STORAGE_URL is s3:\/\/…\n {2}S3_SECRET_ACCESS_KEY: required/,
    );
  });

  it('stops a real start with that message and exit code 1, not a stack trace', async () => {
    const dir = mkdtempSync(join(work, 'start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'hd.db')}`,
        STORAGE_URL: 's3://files?endpoint=http://127.0.0.1:9000',
        S3_ACCESS_KEY_ID: '',
        S3_SECRET_ACCESS_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Invalid configuration:\n {2}S3_ACCESS_KEY_ID: required when STORAGE_URL is s3:\/\/…\n/);
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('refuses a bad bucket, endpoint or path-style flag, and keeps the secret out of the message', () => {
    let message = '';
    try {
      createStorage(
        loadEnv({ STORAGE_URL: 's3://A_b?endpoint=ftp://x&forcePathStyle=maybe', ...creds, S3_ACCESS_KEY_ID: '' }),
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/STORAGE_URL: "A_b" is not a valid bucket name/);
    expect(message).toMatch(/endpoint must be an http\(s\) URL/);
    expect(message).toMatch(/forcePathStyle must be true or false/);
    expect(message).toMatch(/S3_ACCESS_KEY_ID: required/);
    expect(message).not.toContain(creds.S3_SECRET_ACCESS_KEY);
  });

  it('uses path style with an endpoint, virtual hosts on AWS, and the URL path as a key prefix', () => {
    expect(parseS3Url('s3://files?endpoint=http://127.0.0.1:9000&region=eu-west-1', 'k', 's')).toMatchObject({
      bucket: 'files',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      pathStyle: true,
      prefix: '',
    });
    expect(parseS3Url('s3://files/helpdesk/prod?region=eu-west-1', 'k', 's')).toMatchObject({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      pathStyle: false,
      prefix: 'helpdesk/prod',
    });
    expect(
      parseS3Url('s3://files?endpoint=https://acct.r2.cloudflarestorage.com&region=auto&forcePathStyle=false', 'k', 's')
        .pathStyle,
    ).toBe(false);
  });

  it('names the operation and status when the store refuses, without the secret', async () => {
    const s3 = await startS3rver();
    try {
      const storage = createStorage(
        loadEnv({ ...s3.env, S3_ACCESS_KEY_ID: 'NOSUCHKEY', S3_SECRET_ACCESS_KEY: 'wrong-secret-0123' }),
      );
      await expect(storage.get('ten_a/att_x')).rejects.toThrow(
        /^S3 get ten_a\/att_x: 403 Forbidden \(InvalidAccessKeyId\)$/,
      );
      const missingBucket = createStorage(
        loadEnv({ ...s3.env, STORAGE_URL: s3.env.STORAGE_URL.replace(s3.bucket, 'no-such-bucket') }),
      );
      const err = await missingBucket
        .putFile('ten_a/att_x', source(Buffer.from('x')), 1, 'text/plain')
        .catch((e: Error) => e);
      expect(String(err)).toMatch(/S3 put ten_a\/att_x: 404 Not Found \(NoSuchBucket\)/);
      expect(String(err)).not.toContain('wrong-secret');
      // A store that is not there at all: the operation and the socket's error, for all three operations.
      const down = createStorage(
        loadEnv({ ...s3.env, STORAGE_URL: `s3://files?endpoint=http://127.0.0.1:${await freePort()}` }),
      );
      await expect(down.get('ten_a/att_x')).rejects.toThrow(/^S3 get ten_a\/att_x: ECONNREFUSED$/);
      await expect(down.delete('ten_a/att_x')).rejects.toThrow(/^S3 delete ten_a\/att_x: ECONNREFUSED$/);
      await expect(down.putFile('ten_a/att_x', source(Buffer.from('x')), 1, 'text/plain')).rejects.toThrow(
        /^S3 put ten_a\/att_x: ECONNREFUSED$/,
      );
    } finally {
      await s3.close();
    }
  });
});

describe('attachments on S3, end to end', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(() => s3.close());

  it('uploads through POST /api/v1/attachments into the bucket and downloads through the signed link', async () => {
    const h = await createHarness({ env: s3.env });
    try {
      expect(h.deps.storage.kind).toBe('s3');
      const owner = await h.signup();
      const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2 * MB)]);
      const up = await h.json('POST', '/api/v1/attachments', { ...owner.as, form: form('report.pdf', bytes) });
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ filename: 'report.pdf', contentType: 'application/pdf', size: bytes.length });
      // Nothing is left in the local upload folder, and the object is in the bucket under the tenant.
      const uploads = join(h.dir, 'uploads');
      expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
      expect(existsSync(join(h.dir, 'files'))).toBe(false);

      const meta = await h.json('GET', `/api/v1/attachments/${up.body.id}`, owner.as);
      expect(meta.status).toBe(200);
      const res = await h.req('GET', meta.body.url.replace('http://localhost:8787', ''));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(bytes));

      const stored = createStorage(loadEnv(s3.env));
      const obj = await stored.get(storageKey(owner.tenant.id, up.body.id));
      expect(obj?.size).toBe(bytes.length);
      await obj?.body.destroy();
    } finally {
      await h.close();
    }
  });
});
