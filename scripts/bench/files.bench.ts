// Uploads: MB/s through POST /api/v1/attachments (multipart parsed, counted, hashed, typed, stored, recorded)
// beside the bare streaming route POST /livez/sink of the same server in the same run (BENCH_ROUTES=1), and the
// server's resident memory while one 100 MB file is accepted and while a 1 GB request is cut at the plan's
// limit with 413. Storage is a directory in the bench's temp dir (STORAGE_URL=file:…).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { spawnServer } from '../spawn-server.ts';
import type { BenchContext, BenchRow } from './types.ts';

const MB = 1024 * 1024;
const UPLOADS = 20;
const UPLOAD_MB = 20;
const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const BOUNDARY = 'HelpdeskBenchBoundary7MA4YWxkTrZu0gW';

/** A multipart body of one file of `size` bytes, made on the fly from one random 1 MB chunk. */
function* multipart(size: number, filename: string) {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const chunk = randomBytes(MB);
  for (let left = size; left > 0; left -= MB) yield left >= MB ? chunk : chunk.subarray(0, left);
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}
const multipartLength = (size: number, filename: string) => {
  let n = 0;
  for (const b of multipart(0, filename)) n += b.length;
  return n + size;
};

interface Sent {
  status: number;
  body: string;
  /** Body bytes written before the answer came. */
  sentBytes: number;
}

/**
 * POSTs a file of `size` bytes over a plain socket, keeping to its pace, and stops sending as soon as the
 * server answers: a 413 comes long before a 1 GB body would be through, and the server then closes the
 * connection under the rest (node:http would report only that EPIPE, not the answer before it). `chunked`
 * sends no Content-Length, so the server has to count the bytes to find the limit.
 */
function send(
  baseURL: string,
  path: string,
  headers: Record<string, string>,
  size: number,
  opts: { filename?: string; chunked?: boolean } = {},
) {
  const filename = opts.filename ?? 'data.bin';
  const url = new URL(baseURL);
  return new Promise<Sent>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const head = {
      host: url.host,
      ...headers,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      connection: 'close',
      ...(opts.chunked
        ? { 'transfer-encoding': 'chunked' }
        : { 'content-length': String(multipartLength(size, filename)) }),
    };
    socket.write(
      `POST ${path} HTTP/1.1\r\n${Object.entries(head)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n`,
    );
    let sentBytes = 0;
    let answer = '';
    const answered = () => answer.includes('\r\n\r\n');
    const finish = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (!status) return reject(new Error(`${path}: no answer after ${sentBytes} bytes`));
      let body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      if (/^transfer-encoding: chunked/im.test(answer)) body = body.replace(/(^|\r\n)[0-9a-f]+\r\n/gi, '');
      resolve({ status, body, sentBytes });
    };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.once('close', finish);
    socket.on('error', () => {
      // A server that closes a cut-off upload's connection while we still write: the answer decides.
    });
    const parts = multipart(size, filename);
    const pump = () => {
      for (let r = parts.next(); !r.done; r = parts.next()) {
        if (answered() || socket.destroyed) return;
        sentBytes += r.value.length;
        const frame = opts.chunked
          ? Buffer.concat([Buffer.from(`${r.value.length.toString(16)}\r\n`), r.value, Buffer.from('\r\n')])
          : r.value;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (opts.chunked) socket.write('0\r\n\r\n');
    };
    pump();
  });
}

/** The server's resident set (VmRSS) and its peak since the last reset (VmHWM), in MB, from /proc. */
function memoryOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Runs `work` while sampling the server's RSS; the peak is the larger of the samples and VmHWM (reset first). */
async function peakRss<T>(pid: number, work: () => Promise<T>) {
  let reset = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
  } catch {
    reset = false;
  }
  const before = memoryOf(pid).rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), 20);
  try {
    const result = await work();
    const after = memoryOf(pid);
    if (reset) peak = Math.max(peak, after.hwm);
    return { result, before, peak: Math.max(peak, after.rss) };
  } finally {
    clearInterval(timer);
  }
}

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const server = await spawnServer(
    {
      DATABASE_URL: `file:${join(ctx.tmpDir, 'files-bench.db')}`,
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      SEED_DEMO: '0',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      STORAGE_URL: `file:${join(ctx.tmpDir, 'files-bench-storage')}`,
      BENCH_ROUTES: '1',
    },
    60_000,
    '127.0.0.1',
  );
  const pid = server.child.pid!;
  try {
    ctx.log(`server RSS after start: ${memoryOf(pid).rss.toFixed(0)} MB`);
    const { baseURL } = server;
    const email = 'files-bench@example.com';
    const password = 'bench password 1';
    const made = await fetch(`${baseURL}/api/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_TOKEN}` },
      body: JSON.stringify({ name: 'Files Bench', plan: 'enterprise', owner: { name: 'Owner', email, password } }),
    });
    if (made.status !== 201) throw new Error(`tenant: ${made.status} ${await made.text()}`);
    const login = await fetch(`${baseURL}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseURL },
      body: JSON.stringify({ email, password }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const auth = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, origin: baseURL };

    ctx.log(`server RSS with a tenant, before any upload: ${memoryOf(pid).rss.toFixed(0)} MB`);
    const size = UPLOAD_MB * MB;
    const rate = async (path: string, headers: Record<string, string>, expect: number) => {
      const t0 = performance.now();
      for (let i = 0; i < UPLOADS; i++) {
        const r = await send(baseURL, path, headers, size, { filename: `bench-${i}.bin` });
        if (r.status !== expect) throw new Error(`${path}: ${r.status} ${r.body}`);
      }
      return (UPLOADS * UPLOAD_MB) / ((performance.now() - t0) / 1000);
    };
    // Warm both paths once (JIT, first file in the storage directory), then measure.
    await send(baseURL, '/livez/sink', {}, MB);
    await send(baseURL, '/api/v1/attachments', auth, MB);
    const sink = await rate('/livez/sink', {}, 200);
    const upload = await rate('/api/v1/attachments', auth, 201);
    ctx.log(`bare POST /livez/sink: ${UPLOADS} × ${UPLOAD_MB} MB at ${sink.toFixed(0)} MB/s`);
    ctx.log(`POST /api/v1/attachments: ${UPLOADS} × ${UPLOAD_MB} MB at ${upload.toFixed(0)} MB/s`);
    ctx.log(`server RSS after ${UPLOADS + 1} uploads: ${memoryOf(pid).rss.toFixed(0)} MB`);

    // One file at the enterprise plan's limit (100 MB) is accepted...
    const atLimit = await peakRss(pid, () => send(baseURL, '/api/v1/attachments', auth, 100 * MB - 1024));
    if (atLimit.result.status !== 201) throw new Error(`100 MB upload: ${atLimit.result.status} ${atLimit.result.body}`);
    ctx.log(`100 MB upload: RSS ${atLimit.before.toFixed(0)} MB before, peak ${atLimit.peak.toFixed(0)} MB`);
    // ...and a 1 GB one sent chunked (no length, so the server must count) is read up to the limit, then cut
    // with 413; the rest is never read. (A declared 1 GB is refused before its body is read: nothing to measure.)
    // The server closes the connection under the bytes still coming, and the client's socket may be reset
    // before it reads the 413 it was sent: that attempt is counted and tried again.
    let resets = 0;
    const cutOnce = async (): Promise<Sent> => {
      try {
        return await send(baseURL, '/api/v1/attachments', auth, 1024 * MB, { chunked: true });
      } catch (err) {
        if (++resets >= 5) throw err;
        return cutOnce();
      }
    };
    const cut = await peakRss(pid, cutOnce);
    if (cut.result.status !== 413) throw new Error(`1 GB upload: expected 413, got ${cut.result.status} ${cut.result.body}`);
    const sentMb = cut.result.sentBytes / MB;
    ctx.log(
      `1 GB chunked upload: 413 after ${sentMb.toFixed(0)} MB sent (${resets} attempts reset first); RSS ${cut.before.toFixed(0)} MB before, peak ${cut.peak.toFixed(0)} MB`,
    );

    return [
      { name: `bare streaming POST /livez/sink (${UPLOADS} × ${UPLOAD_MB} MB)`, value: Math.round(sink), unit: 'MB/s' },
      {
        name: `upload POST /api/v1/attachments (${UPLOADS} × ${UPLOAD_MB} MB, file: storage)`,
        value: Math.round(upload),
        unit: 'MB/s',
        baseline: Math.round(sink),
        ratio: upload / sink,
        note: 'multipart parsed, counted, hashed, typed, stored and recorded; one at a time',
      },
      {
        name: 'server peak RSS during one 100 MB upload (enterprise limit)',
        value: Math.round(atLimit.peak),
        unit: 'MB',
        baseline: Math.round(atLimit.before),
        ratio: atLimit.peak / atLimit.before,
        note: 'baseline: RSS just before the upload (VmHWM/VmRSS from /proc)',
      },
      {
        name: 'server peak RSS during a 1 GB chunked upload cut at 100 MB with 413',
        value: Math.round(cut.peak),
        unit: 'MB',
        baseline: Math.round(cut.before),
        ratio: cut.peak / cut.before,
        note: `413 after ${sentMb.toFixed(0)} MB sent, ${resets} earlier attempts reset; baseline: RSS just before`,
      },
    ];
  } finally {
    await server.stop();
  }
}
