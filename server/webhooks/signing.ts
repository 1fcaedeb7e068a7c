// Standard Webhooks signing: whsec_ secrets and `v1,<base64 HMAC-SHA256(id.timestamp.body)>` signatures.
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** 24 random bytes, as Svix issues them; shown once to the integrator. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

export function signPayload(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three headers of a signed delivery; during a rotation window both secrets sign it. */
export function signedHeaders(secrets: string[], id: string, at: Date, body: string): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': secrets.map((s) => signPayload(s, id, ts, body)).join(' '),
  };
}
