// Receives one multipart upload as a stream: the file goes to a temporary file while its bytes are counted
// and hashed, so memory stays flat whatever the size, and an upload over the limit is cut off at the limit.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { badRequest, invalidField, type Problem, unsupportedMediaType } from '../lib/problem.ts';
import { wellFormed } from '../lib/text.ts';

export interface ReceivedFile {
  path: string;
  filename: string;
  size: number;
  sha256: string;
  /** Removes the temporary file (idempotent). */
  dispose(): Promise<void>;
}

/** A file name without directories, control characters or other surprises (it is shown and sent back as given). */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const BAD_NAME = /[\u0000-\u001f\u007f/\\]|^\.{1,2}$/;

export function checkFilename(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  if (!trimmed) throw invalidField('file', 'has no file name.');
  if (BAD_NAME.test(trimmed))
    throw invalidField('file', 'has a name with path segments or control characters; use a plain file name.');
  if ([...trimmed].length > 200) throw invalidField('file', 'has a name longer than 200 characters.');
  if (!wellFormed(trimmed)) throw invalidField('file', 'has a name that is not valid Unicode.');
  return trimmed;
}

/** Where uploads wait while they arrive, unless the app is given its own directory. */
export const DEFAULT_UPLOAD_DIR = join(tmpdir(), 'helpdesk-uploads');

/**
 * Reads `request`'s multipart body and keeps field `file` in a temporary file. `maxBytes` cuts the file off:
 * `tooLarge()` is thrown and nothing is left behind; so is an upload the client aborted half-way.
 */
export async function receiveUpload(
  request: Request,
  uploadDir: string,
  maxBytes: number,
  tooLarge: () => Problem,
): Promise<ReceivedFile> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data;.*boundary=/i.test(type))
    throw unsupportedMediaType('Send the file as multipart/form-data, in a field named "file".');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  // Multipart adds a few hundred bytes of headers; a body far over the limit is refused before it is read.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge();
  if (!request.body) throw invalidField('file', 'is required: send it as multipart/form-data field "file".');

  await mkdir(uploadDir, { recursive: true });
  const path = join(uploadDir, randomUUID());
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await rm(path, { force: true });
  };

  let result: Promise<{ filename: string; size: number; sha256: string }> | null = null;
  let problem: Problem | null = null;
  // At the limit the rest of the body is not read at all: the answer goes out at once and the connection closes.
  const cut = new AbortController();
  const parser = busboy({
    headers: { 'content-type': type },
    defParamCharset: 'utf8',
    // Keep the name as sent, so a name with directories is refused rather than silently shortened.
    preservePath: true,
    limits: { files: 1, fileSize: maxBytes, fields: 20, fieldSize: 8 * 1024, parts: 30, headerPairs: 40 },
  });
  parser.on('file', (field, stream, info) => {
    if (field !== 'file' || result) {
      stream.resume();
      return;
    }
    let filename: string;
    try {
      filename = checkFilename(info.filename ?? '');
    } catch (p) {
      problem = p as Problem;
      stream.resume();
      return;
    }
    const hash = createHash('sha256');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    stream.on('limit', () => {
      problem = tooLarge();
      // After busboy's own callback returns: destroying it inside its write breaks its state.
      setImmediate(() => cut.abort());
    });
    result = pipeline(stream, count, createWriteStream(path)).then(() => ({
      filename,
      size,
      sha256: hash.digest('hex'),
    }));
    // Surface a failed write once, at the end; an unobserved rejection must not crash the process.
    result.catch(() => undefined);
  });

  try {
    try {
      await pipeline(Readable.fromWeb(request.body as import('node:stream/web').ReadableStream), parser, {
        signal: cut.signal,
      });
    } catch (err) {
      if (problem) throw problem;
      throw badRequest(`The upload could not be read: ${err instanceof Error ? err.message : 'it ended early'}.`);
    }
    if (problem) throw problem;
    if (!result)
      throw invalidField('file', 'is required: send it as multipart/form-data field "file" with a file name.');
    const got = await (result as Promise<{ filename: string; size: number; sha256: string }>);
    if (got.size === 0) throw invalidField('file', 'is empty.');
    return { path, ...got, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
