// A real S3-compatible server for tests and the bench: s3rver in its own process (so its buffers never count
// as ours when a test measures memory) on 127.0.0.1, a free port, its own directory, with one bucket made
// before it answers. s3rver's built-in account is S3RVER / S3RVER; it checks the key id, not SigV4 signatures.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../mail/outbound-test-support.ts';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** STORAGE_URL and the credentials, ready for loadEnv / createHarness({ env }). */
  env: { STORAGE_URL: string; S3_ACCESS_KEY_ID: string; S3_SECRET_ACCESS_KEY: string };
  close(): Promise<void>;
}

const SERVER = `
const S3rver = require(process.env.S3RVER_MODULE);
new S3rver({
  address: '127.0.0.1',
  port: Number(process.env.S3RVER_PORT),
  silent: true,
  directory: process.env.S3RVER_DIR,
  configureBuckets: [{ name: process.env.S3RVER_BUCKET }],
}).run().then(() => process.stdout.write('ready\\n'), (err) => { console.error(err); process.exit(1); });
`;

export async function startS3rver(bucket = 'helpdesk-files'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'hd-s3rver-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', SERVER], {
    env: {
      ...process.env,
      S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_PORT: String(port),
      S3RVER_DIR: directory,
      S3RVER_BUCKET: bucket,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d;
      if (output.includes('ready\n')) resolve();
    });
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before it was ready:\n${output}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE_URL: `s3://${bucket}?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1`,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
