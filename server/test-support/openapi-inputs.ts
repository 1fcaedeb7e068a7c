// The inputs of the served document's operations for class tests: the caller each needs, real path ids, its request schemas.
import type { Harness, ReqOpts, SignedUp } from './harness.ts';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface Doc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  /** The path template, e.g. `/api/v1/tickets/{id}`. */
  path: string;
  op: OperationObject;
  /** `GET /api/v1/tickets/{id}`, for failure messages. */
  name: string;
}

export async function openApiDocument(h: Harness): Promise<Doc> {
  const r = await h.json<Doc>('GET', '/api/openapi.json');
  if (r.status !== 200) throw new Error(`GET /api/openapi.json answered ${r.status}`);
  return r.body;
}

export function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      op,
      name: `${method.toUpperCase()} ${path}`,
    })),
  );
}

export const queryParameters = (o: Operation) => (o.op.parameters ?? []).filter((p) => p.in === 'query');
/**
 * `path` with the operation's required query parameters filled (each parameter's example, else a sample of its
 * schema) and `extra` after them: how the walks call a report that needs a period, e.g. `?from=&to=&limit=1`.
 */
export function withRequiredQuery(doc: Doc, o: Operation, path: string, extra = ''): string {
  const required = queryParameters(o)
    .filter((p) => p.required)
    .map((p) => {
      const schema = p.schema as (JsonSchema & { example?: unknown }) | undefined;
      const value = schema?.example ?? (schema ? sample(doc, schema) : 'x');
      return `${encodeURIComponent(p.name)}=${encodeURIComponent(String(value))}`;
    });
  const query = [...required, ...(extra ? [extra] : [])].join('&');
  return query ? `${path}?${query}` : path;
}
export const pathParameters = (o: Operation) => (o.op.parameters ?? []).filter((p) => p.in === 'path');
/** Names of the security schemes that may call an operation (empty: public). */
export const securitySchemes = (o: Operation) => (o.op.security ?? []).flatMap((req) => Object.keys(req));

/** The request body's JSON schema, $refs resolved at the top. */
export function jsonBodySchema(doc: Doc, o: Operation): JsonSchema | null {
  const schema = o.op.requestBody?.content['application/json']?.schema;
  return schema ? resolve(doc, schema) : null;
}

export function resolve(doc: Doc, s: JsonSchema): JsonSchema {
  let out = s;
  while (out.$ref) out = doc.components?.schemas?.[out.$ref.split('/').pop()!] ?? {};
  return out;
}

const hasType = (s: JsonSchema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));

/** Every string-valued property of a body schema, as paths (`requester.name`, `tags.0`, `customFields.*`). */
export function stringPaths(
  doc: Doc,
  schema: JsonSchema,
  prefix: string[] = [],
): { path: string[]; schema: JsonSchema }[] {
  const s = resolve(doc, schema);
  const out: { path: string[]; schema: JsonSchema }[] = [];
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) {
    for (const found of stringPaths(doc, alt, prefix))
      if (!out.some((o) => o.path.join('.') === found.path.join('.'))) out.push(found);
  }
  if (hasType(s, 'string')) out.push({ path: prefix, schema: s });
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) out.push(...stringPaths(doc, v, [...prefix, k]));
  if (typeof s.additionalProperties === 'object')
    out.push(...stringPaths(doc, s.additionalProperties, [...prefix, '*']));
  if (hasType(s, 'array') && s.items) out.push(...stringPaths(doc, s.items, [...prefix, '0']));
  return out;
}

/** Who may call an operation, from its `security`: the walk calls each operation as a caller it admits. */
export interface Callers {
  owner: ReqOpts;
  platform: ReqOpts;
  widget: ReqOpts;
  visitor: ReqOpts;
  anonymous: ReqOpts;
}

export function callerFor(o: Operation, callers: Callers): ReqOpts {
  const schemes = securitySchemes(o);
  if (schemes.includes('visitorToken')) return callers.visitor;
  if (schemes.includes('widgetKey')) return callers.widget;
  if (schemes.includes('platformToken')) return callers.platform;
  if (schemes.includes('session') || schemes.includes('apiKey')) return callers.owner;
  return callers.anonymous;
}

export function callersOf(t: SignedUp, h: Harness, visitorToken: string): Callers {
  const widget = { headers: { 'x-widget-key': t.tenant.widgetKey } };
  return {
    owner: t.as,
    platform: h.platform,
    widget,
    visitor: { headers: { ...widget.headers, authorization: `Bearer ${visitorToken}` } },
    anonymous: {},
  };
}

/**
 * Fills a path template with real ids: `/a/{id}/b/{deliveryId}` takes `{id}` from `GET /a` and
 * `{deliveryId}` from `GET /a/<id>/b`, item `pick` of each list. `known` answers for a collection
 * the caller cannot list (a tenant's own `/tenants`).
 */
export async function resolvePath(
  h: Harness,
  template: string,
  caller: ReqOpts,
  known: Record<string, string> = {},
  pick = 0,
): Promise<string | null> {
  let path = template;
  for (let m = /\{[^}]+\}/.exec(path); m; m = /\{[^}]+\}/.exec(path)) {
    const collection = path.slice(0, m.index).replace(/\/$/, '');
    let id: string | undefined = known[collection];
    if (!id) {
      const r = await h.json('GET', `${collection}?limit=100`, caller);
      const items = (r.status === 200 && Array.isArray(r.body?.data) ? r.body.data : []) as { id?: string }[];
      id = items[pick]?.id;
    }
    if (!id) return null;
    path = path.slice(0, m.index) + encodeURIComponent(id) + path.slice(m.index + m[0].length);
  }
  return path;
}

/** Sets a value at a stringPaths path (`*` becomes `key`), creating objects and arrays on the way. */
export function withValue(body: unknown, path: string[], value: unknown, key = 'field'): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === '0') {
    const arr = Array.isArray(body) ? [...body] : [];
    arr[0] = withValue(arr[0], rest, value, key);
    return arr;
  }
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  const k = head === '*' ? key : head;
  obj[k] = withValue(obj[k], rest, value, key);
  return obj;
}

/** The error path a validator reports for a stringPaths path. */
export const errorPath = (path: string[], key = 'field') => path.map((p) => (p === '*' ? key : p)).join('.');

/** Every row of every table, for "nothing was stored" checks (full-text shadow tables are derived). */
export async function databaseSnapshot(h: Harness, skip: string[] = []): Promise<Record<string, unknown[]>> {
  const tables = await h.db.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name",
  );
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    if (skip.includes(name)) continue;
    out[name] = (await h.db.all(`SELECT * FROM "${name}"`)).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Values for the patterns request schemas use; a new pattern falls back to `sample`. */
const PATTERN_SAMPLES: [RegExp, string][] = [
  [/^\^\[a-z\]\[a-z0-9_\]/, 'sample_key'],
  [/^\^\[a-z0-9\]\+\(\?:-/, 'sample-slug'],
  [/^\^\[a-z\]\{2,3\}/, 'en'],
  [/^\^#/, '#123456'],
  [/\[01\]\\d\|2\[0-3\]/, '09:00'],
  [/\\d\{4\}-\\d\{2\}-\\d\{2\}/, '2026-03-02'],
  [/8,64/, 'session-0001'],
];

let sampleCounter = 0;

/** A value meeting a schema's declared constraints: required properties only, first enum value, bounds respected. */
export function sample(doc: Doc, schema: JsonSchema): unknown {
  const s = resolve(doc, schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].find((a) => !hasType(resolve(doc, a), 'null'));
  if (alt) return sample(doc, alt);
  if (hasType(s, 'object') || s.properties) {
    const out: Record<string, unknown> = {};
    for (const k of s.required ?? []) out[k] = sample(doc, s.properties?.[k] ?? {});
    return out;
  }
  if (hasType(s, 'array')) return (s.minItems ?? 0) > 0 && s.items ? [sample(doc, s.items)] : [];
  if (hasType(s, 'boolean')) return true;
  if (hasType(s, 'integer') || hasType(s, 'number')) return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
  if (s.format === 'email') return `sample${++sampleCounter}-${Date.now().toString(36)}@example.com`;
  if (s.format === 'uri' || s.format === 'url') return 'https://example.com/sample';
  if (s.format === 'date-time') return '2026-03-02T10:00:00.000Z';
  const fromPattern = s.pattern && PATTERN_SAMPLES.find(([re]) => re.test(s.pattern!))?.[1];
  let text = fromPattern || 'Sample text';
  if (s.maxLength !== undefined) text = text.slice(0, s.maxLength);
  if (s.minLength !== undefined) text = text.padEnd(s.minLength, 'x');
  return text;
}
