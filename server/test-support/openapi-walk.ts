// Test helper: the operations of the app's own OpenAPI document, so a test walks every route, including ones added
// later; read through openapi-inputs.ts, with sample bodies for tests that call each operation once.
import { sample } from 'openapi-sampler';
import type { Harness } from './harness.ts';
import {
  openApiDocument,
  operations,
  pathParameters,
  queryParameters,
  resolve,
  securitySchemes,
  type Doc,
  type JsonSchema,
} from './openapi-inputs.ts';

export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. /api/v1/agents/{id}. */
  path: string;
  /** Names of the security schemes that may call it (empty: public). */
  security: string[];
  queryParams: string[];
  pathParams: string[];
  /** The JSON request body schema, if any. */
  body: JsonSchema | null;
  /** Media types of the 200 answer, e.g. text/event-stream for a live stream. */
  answers: string[];
}

export interface Walk {
  doc: Doc;
  operations: Operation[];
  /** A minimal valid body (required fields only) with `overrides` applied to the top-level properties it has. */
  sampleBody(op: Operation, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Property names of an operation's body, one level of nesting included. */
  bodyProperties(op: Operation): string[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export async function openApiWalk(h: Harness): Promise<Walk> {
  const doc = await openApiDocument(h);
  const walked: Operation[] = operations(doc)
    .filter((o) => METHODS.has(o.method))
    .map((o) => ({
      method: o.method,
      path: o.path,
      security: securitySchemes(o),
      queryParams: queryParameters(o).map((p) => p.name),
      pathParams: pathParameters(o).map((p) => p.name),
      body: o.op.requestBody?.content['application/json']?.schema ?? null,
      answers: Object.keys(o.op.responses?.['200']?.content ?? {}),
    }));
  const propertiesOf = (s: JsonSchema | undefined, depth: number): string[] => {
    if (!s || depth > 1) return [];
    const own = Object.entries(resolve(doc, s).properties ?? {});
    return [...own.map(([k]) => k), ...own.flatMap(([, v]) => propertiesOf(v, depth + 1))];
  };
  return {
    doc,
    operations: walked,
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
