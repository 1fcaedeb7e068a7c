// SCIM's own error shape (RFC 7644 §3.12): `urn:ietf:params:scim:api:messages:2.0:Error` with status and scimType,
// served as application/scim+json. Every refusal of /scim/v2 answers this way, never problem+json.
import type { Context } from 'hono';
import { Problem } from '../lib/problem.ts';

export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const scimBad = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType);
export const scimNotFound = (what: 'User' | 'Group', id: string) =>
  new ScimError(404, `${what} ${JSON.stringify(id)} not found.`);
export const scimUnauthorized = (detail: string) => new ScimError(401, detail);

/** Renders any error thrown under /scim/v2: a ScimError as is, a Problem (plan, limits) with its status and detail. */
export function sendScimError(c: Context, err: unknown, log: (e: unknown) => void) {
  let e: ScimError;
  if (err instanceof ScimError) e = err;
  else if (err instanceof Problem) e = new ScimError(err.status, err.message, undefined, err.extra);
  else {
    log(err);
    e = new ScimError(500, 'Internal error.');
  }
  const body = {
    schemas: [ERROR_SCHEMA],
    status: String(e.status),
    ...(e.scimType ? { scimType: e.scimType } : {}),
    detail: e.message,
    ...e.extra,
  };
  if (e.status === 401) c.header('WWW-Authenticate', 'Bearer realm="scim"');
  return c.body(JSON.stringify(body), e.status as 400, { 'Content-Type': SCIM_CONTENT_TYPE });
}
