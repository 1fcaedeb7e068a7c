// The export archive: one zip (fflate, deflated) with manifest.json first, the JSON documents, then the files.
import { zipSync, strToU8, type Zippable } from 'fflate';

export interface ArchiveEntry {
  path: string;
  bytes: Uint8Array;
}

/** A file name safe inside the archive: no directories, no control characters, bounded length. */
export function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '_');
  return cleaned.slice(0, 120) || 'file';
}

export const jsonEntry = (path: string, value: unknown): ArchiveEntry => ({
  path,
  bytes: strToU8(JSON.stringify(value, null, 2) + '\n'),
});

export function buildZip(entries: ArchiveEntry[], mtime: Date): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) files[e.path] = [e.bytes, { mtime, level: e.path.endsWith('.json') ? 6 : 0 }];
  return zipSync(files);
}
