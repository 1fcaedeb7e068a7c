// A clamd client over TCP (CLAMAV_URL=tcp://host:port): INSTREAM to scan a stream, PING to see the daemon is up.
// INSTREAM framing: `zINSTREAM\0`, then chunks each prefixed by its length as 4 bytes big-endian, then a
// zero-length chunk; clamd answers `stream: OK`, `stream: <Signature> FOUND` or `<reason> ERROR`, NUL-terminated.
import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

/** What clamd decided about one file. `unscannable`: clamd refused this file (e.g. larger than its StreamMaxLength). */
export type Verdict =
  { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'unscannable'; reason: string };

/** clamd could not be reached or did not answer properly: try again later, the file's fate is still open. */
export class ClamdUnavailable extends Error {
  override name = 'ClamdUnavailable';
}

/** clamd reset the connection while we were still sending. */
class ClamdHungUp extends ClamdUnavailable {}

export interface ClamdOptions {
  /** For the whole exchange (connect, send, clamd's verdict). Default 60 s. */
  timeoutMs?: number;
  /** Bytes per INSTREAM chunk; must stay below clamd's StreamMaxLength. Default 64 KiB. */
  chunkBytes?: number;
}

export interface Clamd {
  ping(): Promise<void>;
  scan(body: Readable): Promise<Verdict>;
}

export function parseClamavUrl(url: string): { host: string; port: number } {
  const u = new URL(url);
  if (u.protocol !== 'tcp:' || !u.hostname || !u.port) throw new Error(`CLAMAV_URL must be tcp://host:port`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) };
}

export function createClamd(url: string, opts: ClamdOptions = {}): Clamd {
  const { host, port } = parseClamavUrl(url);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  async function ping() {
    const reply = await exchange(host, port, timeoutMs, async (send) => send(Buffer.from('zPING\0')));
    if (reply !== 'PONG') throw new ClamdUnavailable(`clamd answered PING with ${JSON.stringify(reply)}`);
  }
  return {
    ping,
    async scan(body) {
      const reply = await instream(body).catch(async (err: unknown) => {
        // clamd hangs up on a stream over its StreamMaxLength; its answer can be lost in the reset when it
        // closes with our bytes unread. If it still answers PING, it refused this file, not every file.
        if (!(err instanceof ClamdHungUp)) throw err;
        await ping().catch(() => {
          throw err;
        });
        return 'INSTREAM size limit exceeded (clamd closed the connection while the file was sent) ERROR';
      });
      return verdictOf(reply);
    },
  };

  function instream(body: Readable) {
    return exchange(host, port, timeoutMs, async (send, answered) => {
      await send(Buffer.from('zINSTREAM\0'));
      for await (const data of body as AsyncIterable<Buffer>) {
        for (let at = 0; at < data.length; at += chunkBytes) {
          // clamd answers early (and hangs up) when the stream is over its limit: stop sending then.
          if (answered()) return;
          const part = data.subarray(at, at + chunkBytes);
          const head = Buffer.alloc(4);
          head.writeUInt32BE(part.length);
          await send(Buffer.concat([head, part]));
        }
      }
      await send(Buffer.alloc(4));
    }).finally(() => body.destroy());
  }
}

export function verdictOf(reply: string): Verdict {
  if (reply === 'stream: OK') return { status: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { status: 'infected', signature: found[1] };
  if (/size limit exceeded/i.test(reply)) return { status: 'unscannable', reason: reply.replace(/\s*ERROR$/, '') };
  throw new ClamdUnavailable(`clamd: ${reply || 'no answer'}`);
}

/**
 * One connection: `talk` sends with back-pressure (each write waits for the socket to drain), the answer is
 * what clamd writes up to its NUL (or until it closes). Any socket trouble or the timeout is ClamdUnavailable.
 */
function exchange(
  host: string,
  port: number,
  timeoutMs: number,
  talk: (send: (b: Buffer) => Promise<void>, answered: () => boolean) => Promise<void>,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let done = false;
    let answer: string | null = null;
    let connected = false;
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (answer !== null) resolve(answer);
      else reject(err ?? new ClamdUnavailable('clamd closed the connection without an answer'));
    };
    const timer = setTimeout(
      () => finish(new ClamdUnavailable(`clamd did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const nul = all.indexOf(0);
      if (nul !== -1) {
        answer = all.subarray(0, nul).toString('utf8').trim();
        finish(null);
      }
    });
    socket.on('end', () => {
      if (answer === null && chunks.length) answer = Buffer.concat(chunks).toString('utf8').trim();
      finish(null);
    });
    // After clamd has answered, a write into the closed socket (EPIPE, ECONNRESET) changes nothing.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const reset = connected && (err.code === 'EPIPE' || err.code === 'ECONNRESET');
      finish(new (reset ? ClamdHungUp : ClamdUnavailable)(`clamd: ${err.message}`));
    });
    socket.on('close', () => finish(null));
    // Each write waits a turn of the event loop (and for 'drain' when the socket is full), so an early
    // answer is read before the next write would hit the closed connection and lose it.
    const send = (b: Buffer) =>
      new Promise<void>((ok) => {
        if (done || socket.destroyed) return ok();
        if (socket.write(b)) return void setImmediate(ok);
        const go = () => {
          socket.off('drain', go);
          socket.off('close', go);
          ok();
        };
        socket.on('drain', go);
        socket.on('close', go);
      });
    socket.once('connect', () => {
      connected = true;
      // A failure to read the file (storage) is the file's problem, not clamd's: it keeps its own error.
      talk(send, () => done || answer !== null).catch((err: unknown) =>
        finish(err instanceof Error ? err : new Error(String(err))),
      );
    });
  });
}
