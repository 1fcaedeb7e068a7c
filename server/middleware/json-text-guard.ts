// Refuses JSON bodies carrying strings SQLite cannot store as sent (NUL cuts a value short, lone surrogates become U+FFFD).
import type { MiddlewareHandler } from 'hono';
import { validationProblem, type FieldError } from '../lib/problem.ts';
import { SURROGATE_MESSAGE, wellFormed } from '../lib/text.ts';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
/** Only an escape can put NUL or a surrogate into JSON text, so most bodies are never parsed here. */
const SUSPECT = /\\u(0000|d[89a-f][0-9a-f]{2})/i;
const MAX_ERRORS = 20;
const NUL_MESSAGE = 'must not contain control characters such as NUL';

/**
 * The last line behind the per-field rules of lib/text.ts: whatever string field a schema forgets,
 * a value that would be stored differently from what was sent is a 422 naming its path.
 * `signedPaths` are left to their route (a webhook verified over the raw body).
 */
export function jsonTextGuard(opts: { signedPaths?: readonly string[] } = {}): MiddlewareHandler {
  const signed = new Set(opts.signedPaths ?? []);
  return async function jsonTextGuardMiddleware(c, next) {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '') || c.req.method === 'GET' || c.req.method === 'HEAD')
      return next();
    // A body signed by its sender (Stripe) is checked against its exact bytes first; refusing its text here would
    // turn a valid event into a 422 before the signature is looked at. Its route stores only ids and states.
    if (signed.has(c.req.path)) return next();
    const raw = await c.req.text(); // cached: the route's validator reads the same text
    if (!SUSPECT.test(raw)) return next();
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return next(); // malformed JSON is the validator's 400
    }
    const errors: FieldError[] = [];
    collect(value, [], errors);
    if (errors.length) throw validationProblem(errors);
    return next();
  };
}

function problemOf(s: string): string | null {
  if (s.includes('\u0000')) return NUL_MESSAGE;
  return wellFormed(s) ? null : SURROGATE_MESSAGE;
}

const shown = (path: string[]) => path.join('.') || '(body)';

function collect(v: unknown, path: string[], out: FieldError[]) {
  if (out.length >= MAX_ERRORS) return;
  if (typeof v === 'string') {
    const message = problemOf(v);
    if (message) out.push({ path: shown(path), message });
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => collect(item, [...path, String(i)], out));
  } else if (v && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) {
      const message = problemOf(k);
      // The key itself is the bad part: name where it sits, with the key escaped so the path stays printable.
      if (message) out.push({ path: shown([...path, JSON.stringify(k).slice(1, -1)]), message: `key ${message}` });
      else collect(item, [...path, k], out);
    }
  }
}
