// Serves dist/embed.js: strong ETag from the content hash, short freshness plus long stale-while-revalidate, precompressed.
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AppEnv, Deps } from '../types.ts';

const EMBED = fileURLToPath(new URL('../../dist/embed.js', import.meta.url));

/**
 * Owners paste /embed.js once and never touch the snippet again, so the URL cannot carry a hash.
 * Five minutes fresh, then a day of serving the cached copy while revalidating in the background:
 * a fix reaches every site within minutes, and a revalidation is a 304 of a few hundred bytes.
 */
export const EMBED_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

interface Built {
  mtimeMs: number;
  size: number;
  etag: string;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
}

function loader(path: string) {
  let built: Built | null = null;
  return function load(): Built | null {
    let st;
    try {
      st = statSync(path);
    } catch {
      return null;
    }
    if (built && built.mtimeMs === st.mtimeMs && built.size === st.size) return built;
    const raw = readFileSync(path);
    built = {
      mtimeMs: st.mtimeMs,
      size: st.size,
      etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
      raw,
      gzip: gzipSync(raw, { level: 9 }),
      br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    };
    return built;
  };
}

/** True when If-None-Match names this entity (a list, a weak form added by a proxy, or `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

export function createEmbedRoutes(_deps: Deps, path = EMBED) {
  const app = new Hono<AppEnv>();
  const load = loader(path);
  app.get('/embed.js', (c) => {
    const b = load();
    if (!b) return c.text('embed.js is not built yet: run `npm run build`.', 503, { 'Retry-After': '5' });
    const headers: Record<string, string> = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': EMBED_CACHE_CONTROL,
      ETag: b.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      // Loaded by every customer's site, including pages that isolate themselves with COEP.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
    };
    if (etagMatches(c.req.header('if-none-match'), b.etag)) return c.body(null, 304, headers);
    const accept = c.req.header('accept-encoding') ?? '';
    const [body, encoding] = /\bbr\b/.test(accept)
      ? [b.br, 'br']
      : /\bgzip\b/.test(accept)
        ? [b.gzip, 'gzip']
        : [b.raw, null];
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.length);
    return c.body(new Uint8Array(body), 200, headers);
  });
  return app;
}
