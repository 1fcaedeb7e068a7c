// Where attachment bytes live, behind one small interface chosen by STORAGE_URL: a directory (file:) or an
// S3-compatible object store (s3://bucket?endpoint=…&region=…). Keys are `<tenantId>/<attachmentId>`.
import type { Readable } from 'node:stream';
import type { Env } from '../env.ts';
import { createFileStorage } from './file-storage.ts';
import { createS3Storage, parseS3Url } from './s3-storage.ts';

export interface StoredObject {
  body: Readable;
  size: number;
}

export interface FileStorage {
  readonly kind: 'file' | 's3';
  /**
   * Stores the bytes of the local file at `path` under `key` (replacing any object there). The driver may
   * move the file instead of copying it; the caller removes `path` afterwards if it is still there.
   */
  putFile(key: string, path: string, size: number, contentType: string): Promise<void>;
  /** The object's bytes as a stream, or null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; a missing object is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** The storage key of a tenant's attachment: tenant first, so a tenant's files sit under one prefix. */
export const storageKey = (tenantId: string, attachmentId: string) => `${tenantId}/${attachmentId}`;

export function createStorage(
  env: Pick<Env, 'STORAGE_URL' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>,
): FileStorage {
  const url = env.STORAGE_URL;
  if (url.startsWith('file:')) return createFileStorage(url.slice('file:'.length));
  if (url.startsWith('s3://')) return createS3Storage(parseS3Url(url, env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY));
  throw new Error(`STORAGE_URL: unsupported storage ${JSON.stringify(url.split(':')[0])}`);
}
