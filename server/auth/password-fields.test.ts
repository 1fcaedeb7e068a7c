// Every operation of the OpenAPI document that sets a password applies the one password policy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type ReqOpts } from '../test-support/harness.ts';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/**
 * Signing in, and confirming who you are before new recovery codes or turning two-factor off, check an existing
 * password; they must keep accepting passwords set before the policy.
 */
const CHECKS_NOT_SETS = new Set([
  'post /api/v1/auth/login',
  'post /api/v1/me/two-factor/recovery-codes',
  'post /api/v1/me/two-factor/totp/disable',
]);

const BAD: [string, string, RegExp][] = [
  ['ten spaces', ' '.repeat(10), /only spaces/],
  ['ten ideographic spaces', '\u3000'.repeat(10), /only spaces/],
  ['ten NULs', '\u0000'.repeat(10), /control characters/],
  ['a tab inside', 'correct\thorse battery', /control characters/],
  ['a digit sequence', '1234567890', /sequence/],
  ['a letter sequence', 'abcdefghij', /sequence/],
  ['one character repeated', 'aaaaaaaaaa', /repetitive/],
  ['a short unit repeated', 'abcabcabca', /repetitive/],
  ['a common password with digits', 'password12', /one of the most commonly used passwords/],
  ['a common password in capitals with a suffix', 'Sunshine2024!', /one of the most commonly used passwords/],
  ['five emoji (ten UTF-16 units)', '😀'.repeat(5), /at least 10 characters/],
  ['too short', 'short', /at least 10 characters/],
  ['over 1024 bytes', 'ü'.repeat(513), /at most 1024 bytes/],
  ['a lone surrogate', 'long enough \ud800 text', /valid Unicode/],
];

/** Dotted paths of every `password` property in a schema, following $refs. */
function passwordPaths(doc: Doc, schema: Schema | undefined, prefix = '', seen = new Set<string>()): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    return passwordPaths(
      doc,
      doc.components.schemas[schema.$ref.split('/').pop()!],
      prefix,
      new Set([...seen, schema.$ref]),
    );
  }
  const nested = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((s) =>
    passwordPaths(doc, s, prefix, seen),
  );
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, s]) => [
    ...(name === 'password' ? [`${prefix}${name}`] : []),
    ...passwordPaths(doc, s, `${prefix}${name}.`, seen),
  ]);
  return [...nested, ...own];
}

/** A body that is only `password` at `path` (other fields may be missing: zod reports every field). */
function bodyWith(path: string, password: string): Record<string, unknown> {
  const parts = path.split('.');
  return parts.reduceRight<unknown>((inner, key) => ({ [key]: inner }), password) as Record<string, unknown>;
}

let h: Harness;
beforeEach(async () => {
  // Signup is limited per address; this test sends it many bodies on purpose.
  h = await createHarness({ env: { RATE_LIMITS: 'off' } });
});
afterEach(() => h.close());

describe('password policy on every operation that sets a password', () => {
  it('refuses each bad password with 422 naming the field, and accepts a good one', async () => {
    const doc = (await h.json<Doc>('GET', '/api/openapi.json')).body;
    const owner = await h.signup();
    const credential = (op: Operation): ReqOpts => {
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      if (schemes.includes('session')) return owner.as;
      if (schemes.includes('platformToken')) return h.platform;
      return {};
    };

    const targets = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        passwordPaths(doc, op.requestBody?.content?.['application/json']?.schema).map((field) => ({
          method,
          path,
          op,
          field,
        })),
      ),
    );
    const setting = targets.filter((t) => !CHECKS_NOT_SETS.has(`${t.method} ${t.path}`));
    // signup, platform tenant creation, agent creation and invitation acceptance at least
    expect(setting.map((t) => `${t.method} ${t.path} ${t.field}`)).toEqual(
      expect.arrayContaining([
        'post /api/v1/signup password',
        'post /api/v1/tenants owner.password',
        'post /api/v1/agents password',
        'post /api/v1/auth/accept-invite password',
      ]),
    );

    for (const { method, path, op, field } of setting) {
      const url = path.replace(/\{[^}]+\}/g, 'x');
      for (const [label, password, message] of BAD) {
        const r = await h.json(method.toUpperCase(), url, { ...credential(op), body: bodyWith(field, password) });
        const where = `${method} ${path} (${label})`;
        expect(r.status, where).toBe(422);
        expect(r.res.headers.get('content-type'), where).toBe('application/problem+json');
        const error = r.body.errors.find((e: { path: string }) => e.path === field);
        expect(error?.message ?? `no error on ${field}: ${JSON.stringify(r.body.errors)}`, where).toMatch(message);
      }
      const good = await h.json(method.toUpperCase(), url, {
        ...credential(op),
        body: bodyWith(field, 'a long passphrase you can remember'),
      });
      expect(good.body?.errors?.map((e: { path: string }) => e.path) ?? [], `${method} ${path} (good)`).not.toContain(
        field,
      );
    }
  });

  it('documents the policy on the password fields', async () => {
    const doc = (await h.json<Doc>('GET', '/api/openapi.json')).body;
    const signup = doc.components.schemas.Signup.properties!.password as Schema & {
      description?: string;
      minLength?: number;
    };
    expect(signup.minLength).toBe(10);
    expect(signup.description).toMatch(/commonly used/);
  });
});
