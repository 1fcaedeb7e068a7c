import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';
import { createAjv, DOC_ID } from '../test-support/openapi-conformance.ts';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

let h: Harness;
let doc: Doc;
beforeAll(async () => {
  h = await createHarness();
  doc = (await h.json('GET', '/api/openapi.json')).body;
});
afterAll(() => h.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })),
  );

/** Every value of `key` anywhere under `node`, with its JSON pointer. */
function collect(
  node: unknown,
  key: string,
  at = '#',
): { at: string; value: unknown; parent: Record<string, unknown> }[] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(k === key ? [{ at: `${at}/${k}`, value: v, parent: node as Record<string, unknown> }] : []),
    ...collect(v, key, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  ]);
}

// downloadAttachment: the signed link is the credential (a call without one is 403/404, never the file).
const PUBLIC_OPERATIONS = [
  'signup',
  'login',
  'acceptInvite',
  'resetPassword',
  'getHealth',
  'downloadAttachment',
  'checkDomain',
  // Single sign-on: the identity provider's answer (or nothing yet) is the credential.
  'discoverSso',
  'startSso',
  'oidcCallback',
  'samlAcs',
  'samlMetadata',
  // The second sign-in step and passkey sign-in carry their own one-time challenge.
  'completeTwoFactor',
  'twoFactorPasskeyOptions',
  'completeTwoFactorPasskey',
  'passkeySignInOptions',
  'passkeySignIn',
];

describe('the OpenAPI document', () => {
  it('gives every operation a unique camelCase operationId, so generated clients get stable method names', () => {
    const ids = operations().map(({ name, op }) => {
      expect(op.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'listTickets',
        'createTicket',
        'getTicket',
        'updateTicket',
        'createTicketMessage',
        'listWidgetTickets',
      ]),
    );
  });

  it('declares security on every operation: [] exactly on the public ones, the widget key on every widget call', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    for (const { path, name, op } of operations()) {
      expect(Array.isArray(op.security), name).toBe(true);
      if (PUBLIC_OPERATIONS.includes(op.operationId!)) {
        expect(op.security, name).toEqual([]);
        continue;
      }
      expect(op.security!.length, name).toBeGreaterThan(0);
      for (const requirement of op.security!) {
        for (const scheme of Object.keys(requirement)) expect(schemes, name).toContain(scheme);
        if (path.startsWith('/api/v1/widget/')) expect(Object.keys(requirement), name).toContain('widgetKey');
      }
    }
  });

  it('tells the truth about security: a call without credentials is refused exactly where the document asks for some', async () => {
    for (const { path, method, op, name } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, 'x');
      const r = await h.req(method.toUpperCase(), url, op.requestBody ? { body: {} } : {});
      if (PUBLIC_OPERATIONS.includes(op.operationId!)) expect(r.status, name).not.toBe(401);
      else expect(r.status, name).toBe(401);
    }
  });

  it('documents the problem answers of every API operation, and 413 wherever a body is taken', () => {
    for (const { path, name, op } of operations()) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const status of ['400', '401', '403', '404', '422', '429']) {
        expect(op.responses[status]?.content, `${name} ${status}`).toHaveProperty(['application/problem+json']);
      }
      if (op.requestBody) expect(op.responses, name).toHaveProperty('413');
    }
  });

  it('compiles every request and answer schema in strict JSON Schema 2020-12, with known formats only', () => {
    const ajv = createAjv();
    ajv.addSchema(doc, DOC_ID);
    let compiled = 0;
    for (const { at } of collect(doc.paths, 'schema', '#/paths')) {
      expect(ajv.getSchema(`${DOC_ID}#${at.slice(1).split('/').map(encodeURIComponent).join('/')}`), at).toBeTypeOf(
        'function',
      );
      compiled++;
    }
    expect(compiled).toBeGreaterThan(500);
  });

  it('gives no field of a PATCH body a default: leaving a field out of a partial update must keep its value', () => {
    const resolve = (s: any): any => (s?.$ref ? (doc as any).components.schemas[s.$ref.split('/').pop()] : s);
    const defaults = (s: any, at: string): string[] => {
      s = resolve(s);
      if (!s || typeof s !== 'object') return [];
      return [
        ...('default' in s ? [at] : []),
        ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => defaults(v, `${at}.${k}`)),
        ...(s.items ? defaults(s.items, `${at}[]`) : []),
        ...[...(s.anyOf ?? []), ...(s.allOf ?? [])].flatMap((b: unknown) => defaults(b, at)),
      ];
    };
    const patches = operations().filter(({ method, op }) => method === 'patch' && op.requestBody);
    expect(patches.length).toBeGreaterThan(5);
    for (const { name, op } of patches)
      expect(defaults(op.requestBody!.content['application/json'].schema, 'body'), name).toEqual([]);
  });

  it('never writes a nullable reference as allOf with a null type (that forbids null; anyOf [$ref, null] allows it)', () => {
    for (const { at, value } of collect(doc, 'allOf')) {
      for (const branch of value as { type?: string | string[] }[]) {
        expect([branch.type].flat(), at).not.toContain('null');
      }
    }
  });

  it('uses only portable regular expressions: valid ECMA-262, no leaked JS flags, within the interoperable subset', () => {
    const patterns = collect(doc, 'pattern').filter((p) => typeof p.value === 'string');
    expect(patterns.length).toBeGreaterThan(5);
    for (const { at, value } of patterns) expect(patternProblems(value as string), `${at}: ${value}`).toEqual([]);
  });

  it('lets a validating client send the domains and tags the server accepts', () => {
    const ajv = createAjv();
    ajv.addSchema(doc, DOC_ID);
    const domain = ajv.getSchema(`${DOC_ID}#/components/schemas/TenantPatch/properties/domain`)!;
    for (const d of ['example.com', 'Help.Example.COM', 'shop-1.example.co.uk']) expect(domain(d), d).toBe(true);
    expect(domain('exa mple.com')).toBe(false);
    const tag = ajv.getSchema(`${DOC_ID}#/components/schemas/CreateTicket/properties/tags/items`)!;
    for (const t of ['billing', 'vip-2026', 'größe']) expect(tag(t), t).toBe(true);
    for (const t of ['two words', 'a,b', 'say"hi"', 'tab\there']) expect(tag(t), t).toBe(false);
  });
});

/**
 * Why a JSON Schema `pattern` would not mean the same in every validator: JSON Schema asks for ECMA-262, and
 * json-schema.org recommends a subset because other engines differ (`\d` and `\w` match non-ASCII digits and
 * letters in Python and .NET, RE2 has no lookbehind or backreferences, flags do not exist in a pattern at all).
 * `\uXXXX` is allowed: the control-character rules of text fields need it, and JS, Python, Java, .NET, Ruby
 * and Rust read it alike.
 */
function patternProblems(pattern: string): string[] {
  const problems: string[] = [];
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    problems.push(`not a valid ECMA-262 (unicode) expression: ${(e as Error).message}`);
  }
  if (/^\/|\/[dgimsuvy]+$/.test(pattern))
    problems.push('looks like a JS regex literal: flags or slashes leaked into the pattern');
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[++i];
      if (/[dDwWsSbBpPk]/.test(next)) problems.push(`\\${next} differs between engines; spell the characters out`);
      else if (/[0-9]/.test(next)) problems.push(`\\${next} (a backreference or octal escape) is not portable`);
      else if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(pattern.slice(i + 1, i + 5)))
        i += 4; // \uXXXX: read alike by the common engines
      else if (/[xuc]/.test(next))
        problems.push(`\\${next} escapes (other than \\uXXXX) are not portable; write the character itself`);
    } else if (c === '(' && pattern[i + 1] === '?' && !/[:=!]/.test(pattern[i + 2])) {
      problems.push(`(?${pattern[i + 2]} (lookbehind, named group or inline flag) is not portable`);
    }
  }
  return problems;
}
