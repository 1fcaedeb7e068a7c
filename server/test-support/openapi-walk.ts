// Test helper: the operations of the app's own OpenAPI document, so a test walks every route, including ones added later.
import { sample } from 'openapi-sampler';
import type { Harness } from './harness.ts';

type Schema = Record<string, any>;
type Document = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };

export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. /api/v1/agents/{id}. */
  path: string;
  /** Names of the security schemes that may call it (empty: public). */
  security: string[];
  queryParams: string[];
  pathParams: string[];
  /** The JSON request body schema, if any. */
  body: Schema | null;
  /** Media types of the 200 answer, e.g. text/event-stream for a live stream. */
  answers: string[];
}

export interface Walk {
  doc: Document;
  operations: Operation[];
  /** A minimal valid body (required fields only) with `overrides` applied to the top-level properties it has. */
  sampleBody(op: Operation, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Property names of an operation's body, one level of nesting included. */
  bodyProperties(op: Operation): string[];
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export async function openApiWalk(h: Harness): Promise<Walk> {
  const doc = (await h.json<Document>('GET', '/api/openapi.json')).body;
  const resolve = (s: Schema | undefined): Schema | undefined => {
    if (!s?.$ref) return s;
    return resolve(doc.components?.schemas?.[String(s.$ref).split('/').pop()!]);
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params: { name: string; in: string }[] = op.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        security: (op.security ?? []).flatMap((req: Record<string, unknown>) => Object.keys(req)),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        answers: Object.keys(op.responses?.['200']?.content ?? {}),
      });
    }
  }
  const propertiesOf = (s: Schema | undefined, depth: number): string[] => {
    const r = resolve(s);
    if (!r || depth > 1) return [];
    const own = Object.entries<Schema>(r.properties ?? {});
    return [...own.map(([k]) => k), ...own.flatMap(([, v]) => propertiesOf(v, depth + 1))];
  };
  return {
    doc,
    operations,
    sampleBody(op, overrides = {}) {
      if (!op.body) return {};
      const base = sample(op.body as never, { skipNonRequired: true, quiet: true }, doc) as Record<string, unknown>;
      const known = new Set(propertiesOf(op.body, 1));
      for (const [k, v] of Object.entries(overrides)) if (known.has(k)) base[k] = v;
      return base;
    },
    bodyProperties: (op) => propertiesOf(op.body ?? undefined, 0),
  };
}

/** The request path with each `{param}` replaced from `values` (unknown ones get a placeholder id). */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x_unknown'));
}
