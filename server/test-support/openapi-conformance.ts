// Holds every answer the test suite gets up against the served OpenAPI document, so an SDK generated from it can trust it.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a `default` export; which of the two the import yields depends on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

export const DOC_ID = 'helpdesk-openapi';

/** OpenAPI's own words: ignored by the validator instead of failing strict mode (the schemas themselves stay strict). */
const OPENAPI_KEYWORDS = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'paths',
  'webhooks',
  'components',
  'security',
  'tags',
  'example',
  'discriminator',
  'xml',
  'externalDocs',
];

/** Statuses whose answers carry no body by definition. */
const BODILESS = new Set([204, 304]);

interface DocResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface DocParameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}
interface DocOperation {
  parameters?: DocParameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, DocResponse>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, DocOperation>>;
}

interface Route {
  template: string;
  match: RegExp;
  params: number;
  operations: Record<string, DocOperation>;
}

export interface Sent {
  method: string;
  url: string;
  contentType: string | null;
  body: string | null;
}

export interface Answer {
  status: number;
  contentType: string | null;
  /** The body's text, read only for JSON media types (streams such as SSE are never read). */
  text: string | null;
}

const pointerToken = (t: string) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1'));

export class Conformance {
  readonly #routes: Route[];
  readonly #doc: OpenApiDocument;
  readonly #ajv = createAjv(false);
  /** Query and path values are strings on the wire; this one reads "25" as the integer a schema asks for. */
  readonly #coercingAjv = createAjv(true);
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    this.#doc = doc;
    this.#ajv.addSchema(doc, DOC_ID);
    this.#coercingAjv.addSchema(doc, DOC_ID);
    // Literal segments win over templated ones (`/tickets/bulk` before `/tickets/{id}`), as in the router.
    this.#routes = Object.entries(doc.paths)
      .map(([template, operations]) => {
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('');
        return { template, match: new RegExp(`^${source}$`), params: (template.match(/\{/g) ?? []).length, operations };
      })
      .sort((a, b) => a.params - b.params);
  }

  /** Whether the answer needs its body read to be checked. */
  static wantsBody(contentType: string | null): boolean {
    return contentType !== null && /^application\/(problem\+)?json$/.test(mediaType(contentType));
  }

  /**
   * What is wrong with this exchange according to the document; empty when it conforms or the call is not an operation.
   * A request body the server accepted must be one the document allows, or validating clients refuse valid calls.
   */
  check(sent: Sent, answer: Answer): string[] {
    const { method } = sent;
    const path = new URL(sent.url, 'http://test.invalid').pathname;
    const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
    const route = this.#routes.find((r) => r.match.test(path) && r.operations[verb]);
    if (!route) return []; // not a documented operation (pages, assets, unknown routes): nothing to hold it to
    const accepted = answer.status >= 200 && answer.status <= 299;
    return [
      ...(accepted ? this.#checkParameters(route, verb, sent, path) : []),
      ...(accepted ? this.#checkAccepted(route, verb, sent, answer) : []),
      ...this.#checkAnswer(route, verb, method, answer),
    ];
  }

  #checkParameters(route: Route, verb: string, sent: Sent, path: string): string[] {
    const values = new Map<string, string>();
    const names = [...route.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    route.match
      .exec(path)!
      .slice(1)
      .forEach((v, i) => values.set(`path:${names[i]}`, safeDecode(v)));
    for (const [k, v] of new URL(sent.url, 'http://test.invalid').searchParams) values.set(`query:${k}`, v);
    const problems: string[] = [];
    (route.operations[verb].parameters ?? []).forEach((declared, i) => {
      let tokens = ['paths', route.template, verb, 'parameters', String(i)];
      let param = declared;
      if (declared.$ref) {
        tokens = declared.$ref
          .replace(/^#\//, '')
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
        param = tokens.reduce<any>((o, t) => o?.[t], this.#doc) as DocParameter;
      }
      if (param.in !== 'path' && param.in !== 'query') return;
      const where = `${sent.method.toUpperCase()} ${route.template} accepted ${param.in} parameter ${param.name}`;
      const value = values.get(`${param.in}:${param.name}`);
      if (value === undefined) {
        if (param.required) problems.push(`${where} missing, but the document requires it`);
        return;
      }
      if (param.schema === undefined) return;
      const validate = this.#validator([...tokens, 'schema'], this.#coercingAjv);
      if (!validate(value))
        problems.push(`${where} = ${JSON.stringify(value)}, which the document forbids: ${describe(validate)}`);
    });
    return problems;
  }

  #checkAccepted(route: Route, verb: string, sent: Sent, answer: Answer): string[] {
    if (sent.body === null || !Conformance.wantsBody(sent.contentType)) return [];
    const type = mediaType(sent.contentType!);
    const documented = route.operations[verb].requestBody?.content;
    if (!documented) return []; // a body the operation ignores harms no client
    const where = `${sent.method.toUpperCase()} ${route.template} accepted (${answer.status}) a ${type} body`;
    if (!(type in documented)) return [`${where}, but the document takes ${Object.keys(documented).join(', ')}`];
    let body: unknown;
    try {
      body = JSON.parse(sent.body);
    } catch {
      return [`${where} that is not JSON`];
    }
    const validate = this.#validator(['paths', route.template, verb, 'requestBody', 'content', type, 'schema']);
    if (validate(body)) return [];
    return [`${where} that the document forbids: ${describe(validate)}\n  body: ${sent.body.slice(0, 500)}`];
  }

  #checkAnswer(route: Route, verb: string, method: string, answer: Answer): string[] {
    const where = `${method.toUpperCase()} ${route.template} answered ${answer.status}`;
    const responses = route.operations[verb].responses ?? {};
    const status = String(answer.status);
    const key =
      status in responses
        ? status
        : `${status[0]}XX` in responses
          ? `${status[0]}XX`
          : 'default' in responses
            ? 'default'
            : null;
    if (!key)
      return [
        `${where}, a status the document does not list for this operation (it lists ${Object.keys(responses).join(', ')})`,
      ];
    const content = responses[key].content ?? {};
    const type = answer.contentType ? mediaType(answer.contentType) : null;
    if (!type) {
      if (BODILESS.has(answer.status) || method.toLowerCase() === 'head' || Object.keys(content).length === 0)
        return [];
      return [`${where} with no body, but the document promises ${Object.keys(content).join(', ')}`];
    }
    // `*/*` documents a body of any type (a download serves each file as its own type): nothing to parse.
    if (!(type in content) && '*/*' in content) return [];
    if (!(type in content)) {
      return [
        `${where} with ${type}, but the document's ${key} answer is ${Object.keys(content).join(', ') || 'without a body'}`,
      ];
    }
    if (answer.text === null || content[type].schema === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`${where} with ${type} that is not JSON: ${answer.text.slice(0, 200)}`];
    }
    const validate = this.#validator(['paths', route.template, verb, 'responses', key, 'content', type, 'schema']);
    if (validate(body)) return [];
    return [
      `${where} with a ${type} body that breaks its schema: ${describe(validate)}\n  body: ${answer.text.slice(0, 500)}`,
    ];
  }

  #validator(tokens: string[], ajv = this.#ajv): ValidateFunction {
    const pointer = tokens.map(pointerToken).join('/');
    const key = `${ajv === this.#ajv ? 'strict' : 'coercing'}:${pointer}`;
    let v = this.#validators.get(key);
    if (!v) {
      v = ajv.getSchema(`${DOC_ID}#/${pointer}`);
      if (!v) throw new Error(`no schema at ${pointer}`);
      this.#validators.set(key, v);
    }
    return v;
  }
}

/** A strict JSON Schema 2020-12 validator that knows OpenAPI's own keywords and the standard formats. */
export function createAjv(coerceTypes = false): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, allErrors: true, coerceTypes });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  return ajv;
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
    .join('; ');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

// One document and one set of compiled validators per test process: every test's app serves the same document.
let shared: Promise<Conformance> | undefined;

/** The conformance checker, built on first use from the document this app serves. */
export function conformanceOf(app: { request(path: string): Response | Promise<Response> }): Promise<Conformance> {
  shared ??= (async () => {
    const res = await app.request('/api/openapi.json');
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return new Conformance((await res.json()) as OpenApiDocument);
  })();
  return shared;
}

/** Reads what the check needs from a response without consuming it for the test. */
export async function answerOf(res: Response): Promise<Answer> {
  const contentType = res.headers.get('content-type');
  return {
    status: res.status,
    contentType,
    text: Conformance.wantsBody(contentType) ? await res.clone().text() : null,
  };
}
