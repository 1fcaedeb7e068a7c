// CSRF defence for cookie-authenticated writes: the browser's Origin (or Sec-Fetch-Site) must be ours.
import type { Context } from 'hono';
import { crossSiteRefused } from '../lib/problem.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browsers always send Origin on cross-site unsafe requests, so a foreign Origin is refused;
 * a request with neither Origin nor Sec-Fetch-Site comes from a non-browser client (curl),
 * which cannot be driven by another site and may proceed.
 */
export function checkCsrf(c: Context, publicUrl: string) {
  if (SAFE.has(c.req.method)) return;
  const origin = c.req.header('origin');
  const ownOrigins = new Set([new URL(publicUrl).origin, new URL(c.req.url).origin]);
  if (origin) {
    if (origin !== 'null' && ownOrigins.has(origin)) return;
    throw crossSiteRefused();
  }
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw crossSiteRefused();
}
