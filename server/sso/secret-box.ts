// The OIDC client secret at rest: AES-256-GCM under a key the server makes once and keeps in server_secrets
// (`sso_secret_key`), so a copy of the tenants' rows alone does not hand out their identity providers' secrets.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { ServerSecret } from '../platform/server-secret.ts';

const KEY_NAME = 'sso_secret_key';

async function key(db: Db): Promise<Buffer> {
  // The stored value is a random token; the AES key is its SHA-256 (32 bytes).
  return createHash('sha256')
    .update(await new ServerSecret(db, KEY_NAME).get())
    .digest();
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export async function sealSecret(db: Db, plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await key(db), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export async function openSecret(db: Db, sealed: string): Promise<string> {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', await key(db), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
