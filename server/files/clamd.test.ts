// The clamd client's framing against the real daemon: verdicts, chunking, back-pressure, limits and failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ClamdUnavailable, createClamd } from './clamd.ts';
import { EICAR, EICAR_SIGNATURE, startClamd, type RunningClamd } from '../test-support/clamd.ts';
import { freePort } from '../mail/outbound-test-support.ts';

let clamd: RunningClamd;
beforeAll(async () => {
  clamd = await startClamd({ streamMaxLength: '1M' });
}, 90_000);
afterAll(() => clamd?.stop());

const streamOf = (...parts: Buffer[]) => Readable.from(parts);

describe('clamd client', () => {
  it('answers PING', async () => {
    await expect(createClamd(clamd.url).ping()).resolves.toBeUndefined();
  });

  it('passes a clean file and names the signature of an infected one', async () => {
    const c = createClamd(clamd.url);
    expect(await c.scan(streamOf(Buffer.from('just a harmless text file\n')))).toEqual({ status: 'clean' });
    expect(await c.scan(streamOf(EICAR))).toEqual({ status: 'infected', signature: EICAR_SIGNATURE });
  });

  it('finds a signature split across many small chunks and many stream pieces', async () => {
    const c = createClamd(clamd.url, { chunkBytes: 7 });
    const pieces = [...Array(Math.ceil(EICAR.length / 5)).keys()].map((i) => EICAR.subarray(i * 5, i * 5 + 5));
    expect(await c.scan(streamOf(...pieces))).toEqual({ status: 'infected', signature: EICAR_SIGNATURE });
  });

  it('streams a file larger than the socket buffers with back-pressure', async () => {
    const c = createClamd(clamd.url, { chunkBytes: 8192 });
    const parts = [...Array(60).keys()].map(() => randomBytes(16 * 1024));
    expect(await c.scan(streamOf(...parts))).toEqual({ status: 'clean' });
  });

  it("reports a file over clamd's StreamMaxLength as unscannable, not as clean", async () => {
    const c = createClamd(clamd.url);
    const big = [...Array(40).keys()].map(() => Buffer.alloc(64 * 1024, 0x61));
    const v = await c.scan(streamOf(...big));
    expect(v).toEqual({ status: 'unscannable', reason: expect.stringMatching(/size limit exceeded/) });
    // The daemon still serves the next connection.
    await c.ping();
  });

  it('is ClamdUnavailable when nothing listens or the daemon never answers', async () => {
    const nobody = createClamd(`tcp://127.0.0.1:${await freePort()}`);
    await expect(nobody.ping()).rejects.toBeInstanceOf(ClamdUnavailable);
    await expect(nobody.scan(streamOf(Buffer.from('x')))).rejects.toBeInstanceOf(ClamdUnavailable);

    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as { port: number }).port;
      const stuck = createClamd(`tcp://127.0.0.1:${port}`, { timeoutMs: 300 });
      await expect(stuck.scan(streamOf(Buffer.from('x')))).rejects.toThrow(/did not answer/);
    } finally {
      silent.close();
    }
  });
});
