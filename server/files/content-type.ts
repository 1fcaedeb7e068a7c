// Decides what a file is from its bytes (magic numbers, via file-type), refuses programs and files whose
// name lies about their content, and names text files from their extension once the bytes show text.
import { fileTypeFromFile } from 'file-type';
import { open } from 'node:fs/promises';
import { invalidField } from '../lib/problem.ts';

/** Programs a help desk has no business passing on (by content or by name). */
const EXECUTABLE_MIME = new Set([
  'application/x-msdownload',
  'application/x-dosexec',
  'application/vnd.microsoft.portable-executable',
  'application/x-elf',
  'application/x-executable',
  'application/x-sharedlib',
  'application/x-mach-binary',
  'application/x-msi',
  'application/vnd.android.package-archive',
  'application/java-archive',
]);
const EXECUTABLE_EXT = new Set([
  'exe',
  'dll',
  'scr',
  'com',
  'bat',
  'cmd',
  'msi',
  'ps1',
  'vbs',
  'vbe',
  'jse',
  'wsf',
  'cpl',
  'jar',
  'apk',
]);

/** Extensions whose content file-type recognises: the name must agree with the bytes. */
const DETECTABLE: Record<string, string[]> = {
  png: ['png', 'apng'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  jfif: ['jpg'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp'],
  tif: ['tif'],
  tiff: ['tif'],
  heic: ['heic'],
  avif: ['avif'],
  ico: ['ico'],
  pdf: ['pdf'],
  zip: ['zip'],
  docx: ['docx', 'zip'],
  xlsx: ['xlsx', 'zip'],
  pptx: ['pptx', 'zip'],
  odt: ['odt', 'zip'],
  gz: ['gz'],
  '7z': ['7z'],
  rar: ['rar'],
  mp3: ['mp3'],
  mp4: ['mp4', 'm4v', 'mov'],
  m4a: ['m4a', 'mp4'],
  mov: ['mov', 'mp4'],
  webm: ['webm'],
  wav: ['wav'],
};

const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Text files, named by their extension once the bytes are known to be text. */
const TEXT: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  md: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  json: 'application/json',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  ics: 'text/calendar',
  eml: 'message/rfc822',
  yaml: 'application/yaml',
  yml: 'application/yaml',
};

/** Raster images a browser may show inline (never SVG or HTML: those can carry script). */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

async function looksLikeText(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    try {
      // stream: a multi-byte character cut by the 8 KB window is not an error.
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
      return true;
    } catch {
      return false;
    }
  } finally {
    await fh.close();
  }
}

const refuse = (message: string) => invalidField('file', message);

/** The content type to store and serve for an uploaded file, or a 422 saying why it is refused. */
export async function contentTypeOf(path: string, filename: string): Promise<string> {
  const ext = extensionOf(filename);
  if (EXECUTABLE_EXT.has(ext)) throw refuse(`is a program (.${ext}); programs cannot be attached.`);
  const detected = await fileTypeFromFile(path);
  if (detected && EXECUTABLE_MIME.has(detected.mime)) throw refuse('is a program; programs cannot be attached.');
  const expected = DETECTABLE[ext];
  if (expected && !(detected && expected.includes(detected.ext)))
    throw refuse(
      `is named .${ext} but its content is ${detected ? `a ${detected.ext.toUpperCase()} file` : `not ${ext.toUpperCase()}`}; rename it or send the real file.`,
    );
  if (detected) return OFFICE[ext] && detected.ext === 'zip' ? OFFICE[ext] : detected.mime;
  if (await looksLikeText(path)) return TEXT[ext] ?? 'text/plain';
  return 'application/octet-stream';
}
