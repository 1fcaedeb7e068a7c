// Files on messages: uploading them from the reply box and the new-ticket form (button, drop, paste, with
// progress), and showing them in the thread (thumbnails with a larger view, download links, scan states).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, sessionLost } from '../api.ts';
import { can } from '../state/session.ts';
import type { Message, Usage } from '../types.ts';
import { formatBytes } from './format.ts';

export type FileInfo = Message['attachments'][number];

/** At most this many files on one message (the server's MAX_ATTACHMENTS). */
export const MAX_FILES = 10;
/** The only types the server serves inline; everything else is a download. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const isThumbnail = (a: FileInfo): a is FileInfo & { url: string } =>
  a.status === 'ready' && !!a.url && INLINE_IMAGES.has(a.contentType);

/** When a signed link stops working (ms since epoch), read from its `e` parameter; null if it has none. */
export function linkExpiry(url: string | null): number | null {
  if (!url) return null;
  try {
    const e = Number(new URL(url, 'http://x').searchParams.get('e'));
    return Number.isFinite(e) && e > 0 ? e * 1000 : null;
  } catch {
    return null;
  }
}

/** The earliest expiry of the links in a thread, so the page can fetch fresh ones before they lapse. */
export function earliestExpiry(messages: Pick<Message, 'attachments'>[]): number | null {
  let min: number | null = null;
  for (const m of messages)
    for (const a of m.attachments) {
      const e = linkExpiry(a.url);
      if (e !== null && (min === null || e < min)) min = e;
    }
  return min;
}

/** The thread with one file swapped for the scanner's verdict on it (attachment.scanned). */
export function withScanned<M extends Pick<Message, 'id' | 'attachments'>>(
  messages: M[],
  messageId: string,
  file: FileInfo,
): M[] {
  return messages.map((m) =>
    m.id === messageId ? { ...m, attachments: m.attachments.map((x) => (x.id === file.id ? file : x)) } : m,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Uploading

/** One file on its way: name, size, how much has gone, and then its id or why it was refused. */
export interface PendingFile {
  key: number;
  name: string;
  size: number;
  loaded: number;
  state: 'uploading' | 'done' | 'failed';
  id?: string;
  error?: string;
}

/** A refusal in a sentence that names the file: the server's own detail (413 names the limit, 402 the storage). */
export function uploadErrorText(name: string, err: unknown): string {
  if (!(err instanceof ApiError)) return `${name} could not be uploaded.`;
  if (err.status === 0) return `${name} could not be uploaded: ${err.message}`;
  const field = err.field('file');
  if (field) return `${name} ${field}`;
  return `${name}: ${err.message}`;
}

/** POST /api/v1/attachments over XHR (fetch reports no upload progress), with the session cookie. */
export function uploadFile(file: File, onProgress: (loaded: number) => void) {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileInfo>((resolve, reject) => {
    xhr.open('POST', '/api/v1/attachments');
    // Same origin: the browser sends the cookie and its own Origin header, which is what the CSRF check reads.
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () =>
      reject(new ApiError(0, 'the connection failed or was cut off. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'cancelled.'));
    xhr.onload = () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's JSON, typed by the caller
      let json: any = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // a proxy's error page
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve({ ...(json as FileInfo), url: null });
      if (xhr.status === 401) sessionLost.value = true;
      reject(
        new ApiError(
          xhr.status,
          json?.detail || json?.title || `Upload failed (${xhr.status}).`,
          Array.isArray(json?.errors) ? json.errors : [],
          json && typeof json === 'object' ? json : {},
        ),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

let planLimit: Promise<number | null> | null = null;
/** The plan's per-file limit, when this agent may read usage: a file over it is refused before it is sent. */
function maxFileBytes(): Promise<number | null> {
  if (!can('settings:read')) return Promise.resolve(null);
  planLimit ??= api.get<Usage>('/usage').then(
    (u) => u.maxFileBytes,
    () => ((planLimit = null), null),
  );
  return planLimit;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A pasted screenshot arrives as "image.png": give it a name that says when it was taken. */
export function namePasted(file: File, now = new Date()): File {
  if (file.name && file.name !== 'image.png') return file;
  const ext = (file.type.split('/')[1] || 'png').replace('jpeg', 'jpg');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}.${pad(now.getMinutes())}.${pad(now.getSeconds())}`;
  return new File([file], `Screenshot ${stamp}.${ext}`, { type: file.type });
}

/** The files of one draft: add (button, drop, paste), remove, and the ids to send once all are up. */
export function useUploads() {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [notice, setNotice] = useState('');
  const seq = useRef(0);
  const aborts = useRef(new Map<number, () => void>());
  const update = (key: number, patch: Partial<PendingFile>) =>
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  useEffect(() => () => aborts.current.forEach((abort) => abort()), []);

  async function add(list: File[]) {
    setNotice('');
    if (!list.length) return;
    const room = MAX_FILES - files.filter((f) => f.state !== 'failed').length;
    if (list.length > room) setNotice(`At most ${MAX_FILES} files on one message; ${list.length - room} left out.`);
    const taken = list.slice(0, Math.max(room, 0));
    const limit = await maxFileBytes();
    for (const file of taken) {
      const key = ++seq.current;
      const entry: PendingFile = { key, name: file.name, size: file.size, loaded: 0, state: 'uploading' };
      if (limit !== null && file.size > limit) {
        const error = `${file.name} is larger than ${formatBytes(limit)}, the largest file this plan takes.`;
        setFiles((l) => [...l, { ...entry, state: 'failed', error }]);
        continue;
      }
      setFiles((l) => [...l, entry]);
      const up = uploadFile(file, (loaded) => update(key, { loaded }));
      aborts.current.set(key, up.abort);
      up.done.then(
        (a) => update(key, { state: 'done', id: a.id, loaded: file.size }),
        (err) => update(key, { state: 'failed', error: uploadErrorText(file.name, err) }),
      );
      up.done.finally(() => aborts.current.delete(key)).catch(() => {});
    }
  }
  function remove(key: number) {
    aborts.current.get(key)?.();
    aborts.current.delete(key);
    setFiles((l) => l.filter((f) => f.key !== key));
  }
  function clear() {
    aborts.current.forEach((abort) => abort());
    aborts.current.clear();
    setFiles([]);
    setNotice('');
  }
  const ids = files.filter((f) => f.state === 'done').map((f) => f.id!);
  return { files, notice, ids, uploading: files.some((f) => f.state === 'uploading'), add, remove, clear };
}
export type Uploads = ReturnType<typeof useUploads>;

/** Drag-and-drop and paste onto a box: files become uploads, text pastes as text. */
export function dropTarget(u: Uploads, setOver: (v: boolean) => void) {
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  return {
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!(e.currentTarget as Element).contains(e.relatedTarget as Node | null)) setOver(false);
    },
    onDrop: (e: DragEvent) => {
      setOver(false);
      if (!hasFiles(e)) return;
      e.preventDefault();
      void u.add([...e.dataTransfer!.files]);
    },
    onPaste: (e: ClipboardEvent) => {
      const pasted = [...(e.clipboardData?.files ?? [])];
      if (!pasted.length) return;
      e.preventDefault();
      void u.add(pasted.map((f) => namePasted(f)));
    },
  };
}

/** The attach button, the list of files with progress and a remove button each, and refusals beside them. */
export function UploadList({ uploads, id, label = 'Attach files' }: { uploads: Uploads; id: string; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const failed = uploads.files.filter((f) => f.state === 'failed');
  return (
    <div class="uploads">
      <input
        ref={input}
        id={`${id}-input`}
        type="file"
        multiple
        hidden
        onChange={(e) => {
          const el = e.currentTarget;
          void uploads.add([...(el.files ?? [])]);
          el.value = '';
        }}
      />
      <button class="btn btn-small btn-ghost" type="button" onClick={() => input.current?.click()}>
        {label}
      </button>
      <span class="help"> or drop or paste files here</span>
      {uploads.files.length > 0 && (
        <ul class="upload-list" aria-label="Files to send">
          {uploads.files.map((f) => (
            <li key={f.key} class={`upload upload-${f.state}`}>
              <span class="file-name">{f.name}</span> <span class="muted">{formatBytes(f.size)}</span>
              {f.state === 'uploading' && (
                <progress max={f.size || 1} value={f.loaded} aria-label={`Uploading ${f.name}`} />
              )}
              {f.state === 'done' && <span class="upload-ok">Uploaded</span>}
              {f.state === 'failed' && <span class="upload-bad">Not uploaded</span>}
              <button
                class="chip-x"
                type="button"
                aria-label={`Remove ${f.name}`}
                title="Remove"
                onClick={() => uploads.remove(f.key)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {(failed.length > 0 || uploads.notice) && (
        <div class="notice notice-error upload-errors" role="alert">
          {uploads.notice && <p>{uploads.notice}</p>}
          {failed.map((f) => (
            <p key={f.key}>{f.error}</p>
          ))}
        </div>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Showing

/** A larger view of an image: a modal dialog (Escape closes), focus goes back to the thumbnail. */
function ImageViewer({ file, onClose }: { file: FileInfo & { url: string }; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  return (
    <dialog ref={ref} class="dialog image-viewer" aria-label={file.filename} onClose={onClose}>
      <img src={file.url} alt={file.filename} />
      <div class="actions">
        <a class="btn" href={file.url} download={file.filename}>
          Download {file.filename} ({formatBytes(file.size)})
        </a>
        <button
          class="btn"
          type="button"
          onClick={() => {
            const d = ref.current;
            if (d?.open && d.close) d.close();
            else onClose();
          }}
        >
          Close
        </button>
      </div>
    </dialog>
  );
}

/** The files of one message, inside its bubble (so a note's files wear the note's colours). */
export function MessageFiles({ files, onStale }: { files: FileInfo[]; onStale?: () => void }) {
  const [viewing, setViewing] = useState<(FileInfo & { url: string }) | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  if (!files.length) return null;
  const close = () => {
    setViewing(null);
    const back = opener.current;
    opener.current = null;
    requestAnimationFrame(() => back?.focus());
  };
  const open = (a: FileInfo & { url: string }) => (e: MouseEvent) => {
    opener.current = e.currentTarget as HTMLElement;
    setViewing(a);
  };
  return (
    <>
      <ul class="files" aria-label="Files">
        {files.map((a) => (
          <li key={a.id} class={`file file-${a.status}`}>
            {isThumbnail(a) && (
              <button class="thumb" type="button" aria-label={`View ${a.filename} larger`} onClick={open(a)}>
                <img src={a.url} alt={a.filename} loading="lazy" onError={onStale} />
              </button>
            )}
            <span class="file-line">
              {a.status === 'ready' && a.url ? (
                <a href={a.url} download={a.filename} class="file-link">
                  {a.filename}
                </a>
              ) : (
                <span class="file-name">{a.filename}</span>
              )}{' '}
              <span class="muted">{formatBytes(a.size)}</span>
              {a.status === 'scanning' && <span class="file-status">Scanning…</span>}
              {a.status === 'infected' && (
                <span class="file-status file-infected">
                  Quarantined: the virus scanner found something harmful, so this file is kept from everyone.
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
      {viewing && <ImageViewer file={viewing} onClose={close} />}
    </>
  );
}
