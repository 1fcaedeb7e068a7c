// The directory storage driver (STORAGE_URL=file:<dir>, the default ./data/files): one file per key.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { FileStorage } from './storage.ts';

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

export function createFileStorage(directory: string): FileStorage {
  const root = resolve(directory);
  const pathOf = (key: string) => {
    // Keys are made by the server (tenant id / attachment id), never by a user; refuse anything else anyway.
    if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    const p = join(root, ...key.split('/'));
    if (!p.startsWith(root + sep)) throw new Error('storage key escapes the storage directory');
    return p;
  };
  return {
    kind: 'file',
    async putFile(key, path) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      try {
        // Same filesystem: a rename, no second copy of the bytes. Otherwise copy, then rename into place,
        // so a reader never sees half a file.
        await rename(path, target);
      } catch {
        await copyFile(path, partial);
        await rename(partial, target);
      }
    },
    async get(key) {
      const target = pathOf(key);
      try {
        const { size } = await stat(target);
        return { body: createReadStream(target), size };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async close() {},
  };
}
