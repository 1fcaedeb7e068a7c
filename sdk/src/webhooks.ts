// verifyWebhook(): checks a Standard Webhooks delivery (webhook-id, webhook-timestamp, webhook-signature)
// with Web Crypto, so it runs in Node, Deno, Bun and edge runtimes alike.

export interface VerifyWebhookOptions {
  /** How far webhook-timestamp may be from now, either way (default 300 s, as Standard Webhooks). */
  toleranceSeconds?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

/** Node's IncomingHttpHeaders, a plain object, or a fetch Headers. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The delivery body: `{ type, timestamp, data }`, `data` being the full object the event is about. */
export interface WebhookEvent<Data = unknown> {
  type: string;
  timestamp: string;
  data: Data;
}

export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

const SECRET_PREFIX = 'whsec_';
const encoder = new TextEncoder();

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function base64Bytes(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Verifies a delivery and returns its parsed body; throws WebhookVerificationError otherwise.
 * `rawBody` must be the bytes as received (re-serialised JSON no longer matches the signature).
 * A header may carry several `v1,<sig>` entries (during a secret rotation): any one matching is enough.
 */
export async function verifyWebhook<Data = unknown>(
  secret: string,
  headers: WebhookHeaders,
  rawBody: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent<Data>> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header.');

  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp.');
  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const age = nowSeconds - Number(timestamp);
  if (age > tolerance) throw new WebhookVerificationError('Message timestamp too old.');
  if (age < -tolerance) throw new WebhookVerificationError('Message timestamp too new.');

  const keyBytes = base64Bytes(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret);
  if (!keyBytes || keyBytes.length === 0)
    throw new TypeError('verifyWebhook: the secret is not a whsec_<base64> secret.');
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody;
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), body);
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) continue;
    const expected = base64Bytes(signature);
    // subtle.verify compares in constant time.
    if (expected && (await crypto.subtle.verify('HMAC', key, expected, signed))) {
      try {
        return JSON.parse(new TextDecoder().decode(body)) as WebhookEvent<Data>;
      } catch {
        throw new WebhookVerificationError('The signed body is not JSON.');
      }
    }
  }
  throw new WebhookVerificationError('No matching signature found.');
}
