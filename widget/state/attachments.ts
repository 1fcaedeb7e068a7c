// Files on a message being written (the new-ticket form, a reply): each uploads when picked, with its progress, error and remove.
import { signal } from '../signals.ts';
import type { Api, ApiError } from '../api.ts';
import { fill } from '../../i18n/index.ts';
import type { Shell } from './shell.ts';

export interface Upload {
  key: number;
  name: string;
  size: number;
  /** Bytes sent so far. */
  sent: number;
  /** The server's id once stored. */
  id?: string;
  /** Why it was not attached, in the visitor's language. */
  error?: string;
  /** Settles (never rejects) when the upload has ended, either way. */
  done: Promise<unknown>;
  stop: AbortController;
}

/** At most this many files on one message (the server's MAX_ATTACHMENTS). */
const MAX = 10;
/** Programs, refused by the server too (content-type.ts); said before wasting the upload. */
const PROGRAM = /\.(exe|dll|scr|com|bat|cmd|msi|ps1|vbs|jar|apk)$/i;
let next = 0;

/** Bytes as the visitor's language writes them: 312 KB, 1,5 MB. */
export const bytes = (n: number, locale: string) =>
  n < 1048576
    ? `${Math.ceil(n / 1024)} KB`
    : `${(n / 1048576).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;

/** A pasted image arrives as "image.png": it gets a name that says what and when. */
export const screenshot = (f: File) =>
  new File([f], `screenshot-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.${f.type.slice(6)}`, {
    type: f.type,
  });

export type Files = ReturnType<typeof createFiles>;

export function createFiles(api: Api, shell: Shell, maxBytes: number) {
  const items = signal<Upload[]>([]);

  function update(key: number, change: Partial<Upload>) {
    items.value = items.value.map((u) => (u.key === key ? { ...u, ...change } : u));
  }

  function add(files: Iterable<File>) {
    for (const file of files) {
      const key = next++;
      const stop = new AbortController();
      const { name, size } = file;
      const t = shell.t.value;
      const big = fill(t.fileTooBig, { max: bytes(maxBytes, shell.locale.value) });
      const failed = (error: string) => {
        update(key, { error });
        shell.say(fill(t.notAttached, { name, s: error }));
      };
      const error =
        items.value.filter((u) => !u.error).length >= MAX
          ? fill(t.tooManyFiles, { n: MAX })
          : size > maxBytes
            ? big
            : PROGRAM.test(name)
              ? t.fileProgram
              : '';
      const done = error
        ? Promise.resolve()
        : api
            .upload(file, (sent) => update(key, { sent }), stop.signal)
            .then(
              (a) => {
                update(key, { id: a.id, sent: size });
                shell.say(fill(t.attached, { name }));
              },
              // The server's refusal: too large (413), a program or a lying name (422, its detail says which), storage full…
              (e: ApiError) =>
                stop.signal.aborted ||
                failed(e.status === 413 ? big : e.status === 422 ? fill(t.failed, { s: e.message }) : shell.explain(e)),
            );
      items.value = [...items.value, { key, name, size, sent: 0, done, stop }];
      if (error) failed(error);
    }
  }

  function remove(key: number) {
    items.value.find((u) => u.key === key)?.stop.abort();
    items.value = items.value.filter((u) => u.key !== key);
  }

  return {
    items,
    add,
    remove,
    /** Waits for running uploads, then the ids of the files that made it. */
    async ids() {
      await Promise.all(items.value.map((u) => u.done));
      return items.value.flatMap((u) => (u.id ? [u.id] : []));
    },
    clear: () => (items.value = []),
  };
}
