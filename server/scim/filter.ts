// The SCIM filters identity providers send to find one resource before creating it: `attribute eq "value"` (Okta:
// `userName eq "a@b.c"`, Entra: `externalId eq "…"`, groups by `displayName eq "…"`), optionally `active eq true`.
// Anything else is 400 invalidFilter, never a silently ignored condition.
import { scimBad } from './errors.ts';

export interface Filter {
  attribute: string;
  value: string | boolean;
}

const EXPR = /^\s*([A-Za-z][\w.:$-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*$/i;

/** Parses a filter, and checks its attribute is one of `allowed` (compared case-insensitively, as SCIM names are). */
export function parseFilter(raw: string | undefined, allowed: readonly string[]): Filter | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (raw.length > 1000) throw scimBad('invalidFilter', 'The filter is too long.');
  const m = EXPR.exec(raw);
  if (!m)
    throw scimBad(
      'invalidFilter',
      `Unsupported filter ${JSON.stringify(raw)}: only \`attribute eq "value"\` is supported (e.g. userName eq "ada@example.com").`,
    );
  const name = m[1].replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '');
  const attribute = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!attribute)
    throw scimBad('invalidFilter', `Filtering on "${m[1]}" is not supported; use one of ${allowed.join(', ')}.`);
  const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].toLowerCase() === 'true';
  return { attribute, value };
}

/** startIndex (1-based) and count of a list request; a non-number is 400 invalidValue, out-of-range values are clamped. */
export function parsePaging(startIndex: string | undefined, count: string | undefined, max = 200) {
  const int = (v: string | undefined, name: string, dflt: number) => {
    if (v === undefined || v === '') return dflt;
    if (!/^-?\d{1,9}$/.test(v)) throw scimBad('invalidValue', `${name} must be an integer.`);
    return Number(v);
  };
  return {
    startIndex: Math.max(1, int(startIndex, 'startIndex', 1)),
    count: Math.min(max, Math.max(0, int(count, 'count', 100))),
  };
}
