// The S3-compatible storage driver (STORAGE_URL=s3://<bucket>?endpoint=…&region=…): AWS S3, MinIO, Cloudflare
// R2, s3rver. Requests are signed with aws4fetch (SigV4); reads and deletes go through Node's fetch, and a
// download streams the object's body. An upload streams the local file with its length known (UNSIGNED-PAYLOAD,
// so the bytes are never hashed or held whole in memory) through node:http, which keeps to the socket's pace.
import { createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsV4Signer } from 'aws4fetch';
import { ConfigError } from '../env.ts';
import type { FileStorage } from './storage.ts';

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]+$/;

export interface S3Config {
  bucket: string;
  /** Object keys are stored under this prefix (from the URL's path), '' for none. */
  prefix: string;
  region: string;
  /** Base URL requests go to; with path style, the bucket is the first path segment. */
  endpoint: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

const invalid = (lines: string[]) =>
  new ConfigError(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);

/**
 * Reads `s3://<bucket>[/<prefix>]?endpoint=http://host:port&region=us-east-1[&forcePathStyle=true|false]` and
 * the credentials; throws a ConfigError naming every missing or bad part (never the secret).
 */
export function parseS3Url(url: string, accessKeyId?: string, secretAccessKey?: string): S3Config {
  const problems: string[] = [];
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    problems.push('STORAGE_URL: must be s3://<bucket>?endpoint=…&region=…');
  }
  const bucket = parsed?.hostname ?? '';
  if (parsed && !bucket) problems.push('STORAGE_URL: names no bucket (s3://<bucket>?…)');
  else if (parsed && !BUCKET.test(bucket))
    problems.push(`STORAGE_URL: ${JSON.stringify(bucket)} is not a valid bucket name (3-63 of a-z, 0-9, . and -)`);
  const q = parsed?.searchParams;
  const region = q?.get('region') || 'us-east-1';
  if (!REGION.test(region)) problems.push(`STORAGE_URL: region ${JSON.stringify(region)} is not a region name`);
  const endpointParam = q?.get('endpoint') ?? '';
  let endpoint = '';
  if (endpointParam) {
    try {
      const e = new URL(endpointParam);
      if (e.protocol !== 'http:' && e.protocol !== 'https:') throw new Error('scheme');
      endpoint = `${e.protocol}//${e.host}${e.pathname.replace(/\/+$/, '')}`;
    } catch {
      problems.push('STORAGE_URL: endpoint must be an http(s) URL, e.g. endpoint=http://127.0.0.1:9000');
    }
  }
  const forced = q?.get('forcePathStyle');
  let pathStyle = Boolean(endpointParam);
  if (forced !== null && forced !== undefined) {
    if (/^(1|true|on)$/i.test(forced)) pathStyle = true;
    else if (/^(0|false|off)$/i.test(forced)) pathStyle = false;
    else problems.push('STORAGE_URL: forcePathStyle must be true or false');
  }
  if (!accessKeyId) problems.push('S3_ACCESS_KEY_ID: required when STORAGE_URL is s3://…');
  if (!secretAccessKey) problems.push('S3_SECRET_ACCESS_KEY: required when STORAGE_URL is s3://…');
  if (problems.length) throw invalid(problems);
  const prefix = decodeURIComponent(parsed!.pathname).replace(/^\/+|\/+$/g, '');
  if (prefix && !KEY.test(prefix))
    throw invalid(['STORAGE_URL: the key prefix may hold only A-Z, a-z, 0-9, _, - and /']);
  return {
    bucket,
    prefix,
    region,
    endpoint: endpoint || `https://s3.${region}.amazonaws.com`,
    pathStyle,
    accessKeyId: accessKeyId!,
    secretAccessKey: secretAccessKey!,
  };
}

/**
 * PUTs the file with node:http(s) and pipeline(), which waits whenever the socket is full: Node 20's fetch reads
 * a request body stream ahead of a slow store, so a large upload would pile up in memory there.
 */
function putStream(url: string, headers: Headers, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
      method: 'PUT',
      headers: Object.fromEntries(headers),
    });
    request.once('response', (res) => {
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (c: Buffer) => {
        // Only an error document is read; keep at most 64 KB of it.
        if (length < 65536) chunks.push(c);
        length += c.length;
      });
      res.once('end', () =>
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, statusText: res.statusMessage })),
      );
      res.once('error', reject);
    });
    pipeline(createReadStream(path), request).catch(reject);
  });
}

/** What S3 said, for an error message: the status and the XML error code, never a header or a credential. */
async function failure(op: string, key: string, res: Response): Promise<Error> {
  let code = '';
  try {
    const text = (await res.text()).slice(0, 4096);
    code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? '';
  } catch {
    // the body is only a detail
  }
  return new Error(`S3 ${op} ${key}: ${res.status} ${res.statusText}${code ? ` (${code})` : ''}`);
}

export function createS3Storage(config: S3Config): FileStorage {
  const base = new URL(config.endpoint);
  const objectUrl = (key: string) => {
    if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
    const path = (config.prefix ? `${config.prefix}/${key}` : key).split('/').map(encodeURIComponent).join('/');
    const basePath = base.pathname.replace(/\/+$/, '');
    return config.pathStyle
      ? `${base.protocol}//${base.host}${basePath}/${config.bucket}/${path}`
      : `${base.protocol}//${config.bucket}.${base.host}${basePath}/${path}`;
  };

  const signed = async (method: string, url: string, headers: Record<string, string> = {}) => {
    const signer = new AwsV4Signer({
      method,
      url,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      service: 's3',
      region: config.region,
    });
    return (await signer.sign()).headers;
  };

  // A network failure names the operation and the key, not the request (whose headers hold the signature).
  const send = async (op: string, key: string, url: string, init: RequestInit) => {
    try {
      return await fetch(url, init);
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`S3 ${op} ${key}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { cause: err });
    }
  };

  return {
    kind: 's3',
    async putFile(key, path, size, contentType) {
      const url = objectUrl(key);
      const headers = await signed('PUT', url, {
        'content-type': contentType,
        'content-length': String(size),
      });
      const res = await putStream(url, headers, path).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`S3 put ${key}: ${err.code ?? err.message}`, { cause: err });
      });
      if (!res.ok) throw await failure('put', key, res);
    },
    async get(key) {
      const url = objectUrl(key);
      const res = await send('get', key, url, { method: 'GET', headers: await signed('GET', url) });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body) throw await failure('get', key, res);
      const size = Number(res.headers.get('content-length'));
      return {
        body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>),
        size: Number.isFinite(size) ? size : 0,
      };
    },
    async delete(key) {
      const url = objectUrl(key);
      const res = await send('delete', key, url, { method: 'DELETE', headers: await signed('DELETE', url) });
      if (!res.ok && res.status !== 404) throw await failure('delete', key, res);
      await res.body?.cancel();
    },
    async close() {},
  };
}
