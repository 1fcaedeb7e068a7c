// One HTTP POST of a webhook: bounded in time and response size, no redirects, SSRF-guarded connection.
import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { blockedReason, guardedLookup, hostOf, BlockedAddressError } from './ssrf.ts';

export interface SendOptions {
  timeoutMs: number;
  /** Bytes of the response body read at most; the rest is discarded. */
  maxResponseBytes: number;
  allowPrivate: boolean;
  signal?: AbortSignal;
  /** Keep-alive agents owned by the caller; without them every attempt opens a new connection. */
  agents?: { http: HttpAgent; https: HttpsAgent };
}

export interface SendResult {
  statusCode: number | null;
  body: string | null;
  retryAfter: string | null;
  error: string | null;
  durationMs: number;
}

const USER_AGENT = 'Helpdesk-Webhooks/1.0 (+https://www.standardwebhooks.com)';

export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  o: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  const fail = (error: string) => done({ statusCode: null, body: null, retryAfter: null, error });

  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(fail('The URL is not valid.'));
  }
  // Literal IPs never reach the lookup hook, so they are checked here.
  const host = hostOf(target);
  const literalReason = !o.allowPrivate && isIP(host) ? blockedReason(host) : null;
  if (literalReason) return Promise.resolve(fail(`Refused: the URL points at ${literalReason}.`));

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const https = target.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': USER_AGENT,
      },
      lookup: guardedLookup(o.allowPrivate) as never,
      agent: o.agents ? (https ? o.agents.https : o.agents.http) : false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(fail(`Timed out after ${Math.round(o.timeoutMs / 1000)} s.`));
    }, o.timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(fail('Cancelled: the dispatcher is shutting down.'));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (err) => {
      const message =
        err instanceof BlockedAddressError
          ? `Refused: ${err.message}`
          : `Connection failed: ${(err as NodeJS.ErrnoException).code ?? err.message}`;
      finish(fail(message));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const complete = (truncated: boolean) => {
        finish(
          done({
            statusCode: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
            retryAfter: (res.headers['retry-after'] as string | undefined) ?? null,
            error: null,
          }),
        );
        if (truncated) res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= o.maxResponseBytes) return;
        chunks.push(chunk.subarray(0, o.maxResponseBytes - size));
        size += chunk.length;
        if (size >= o.maxResponseBytes) complete(true);
      });
      res.on('end', () => complete(false));
      res.on('error', () => complete(true));
    });
    req.end(body);
  });
}
