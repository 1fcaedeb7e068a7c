// Every list of the document, given cursors it never made, answers 400 "Invalid cursor." — never a 5xx, never a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type ReqOpts } from './test-support/harness.ts';
import {
  callerFor,
  openApiDocument,
  operations,
  queryParameters,
  resolvePath,
  withRequiredQuery,
  type Doc,
  type Operation,
} from './test-support/openapi-inputs.ts';
import { tenantWithData, type TenantWithData } from './test-support/tenant-with-data.ts';

let h: Harness;
let fx: TenantWithData;
beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMITS: 'off' } });
  fx = await tenantWithData(h);
});
afterAll(() => h.close());

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const long = 'x'.repeat(300);

/** Cursors no list ever gives out, as raw JSON (JSON.stringify cannot write 1e999 or -0). */
const HOSTILE_JSON = [
  '[1e999,"x"]',
  '[-1e999,"x"]',
  '["x",1e999]',
  '[1e999]',
  '[-1e999]',
  '[1e999,1e999,1e999,1e999]',
  '[-0]',
  '[-0,"x"]',
  '["2026-03-02T10:00:00.000Z",-0]',
  '["updated","desc",-0,"x"]',
  '[]',
  '[1,2,3,4,5,6,7,8,9]',
  '["a","b","c","d","e","f"]',
  '[null]',
  '[null,null]',
  '[true]',
  '[true,false]',
  '[false,"x"]',
  '["2026-03-02T10:00:00.000Z",5]',
  '[5,5]',
  '["x","y"]',
  '["x"]',
  '[1.5]',
  '[1.5,"x"]',
  '[9007199254740993]',
  `["${long}","x"]`,
  `["2026-03-02T10:00:00.000Z","${long}"]`,
  `["${long}"]`,
  '[[1],["x"]]',
  '[[[[[[[[]]]]]]]]',
  '[["2026-03-02T10:00:00.000Z","x"]]',
  '[{},{}]',
  '[{"$gt":""}]',
  '{"0":"x","1":"y"}',
  '{}',
  '"x"',
  '1',
  'null',
  'true',
];
const HOSTILE_RAW = [
  '%%%',
  '***',
  '!!!',
  '....',
  'not base64 at all',
  Buffer.from([0xff, 0xfe, 0x00]).toString('base64url'),
  b64('['),
  b64(`["${'y'.repeat(20_000)}"]`),
];

/** Each part of a real cursor swapped for something of the wrong kind, plus a part too many and too few. */
function mutations(real: string): string[] {
  const parts = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as unknown[];
  const swaps = (v: unknown) =>
    typeof v === 'number'
      ? ['1e999', '-0', '1.5', '"1"', 'null', '{}', `[${v}]`]
      : ['1e999', '-0', '7', 'null', 'true', '{}', `[${JSON.stringify(v)}]`, `"${long}"`];
  const out: string[] = [];
  parts.forEach((v, i) => {
    for (const s of swaps(v)) out.push(`[${parts.map((p, j) => (j === i ? s : JSON.stringify(p))).join(',')}]`);
  });
  out.push(JSON.stringify([...parts, parts[parts.length - 1]]), JSON.stringify(parts.slice(0, -1)));
  return out.map(b64);
}

let doc: Doc;
let current: Operation;
const url = (path: string, extra: string) => withRequiredQuery(doc, current, path, extra);

async function expectInvalidCursor(path: string, caller: ReqOpts, cursor: string, what: string) {
  const r = await h.req('GET', url(path, `cursor=${encodeURIComponent(cursor)}`), caller);
  const text = await r.text();
  expect(r.status, `${what}: ${text}`).toBe(400);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text);
  expect(body).toMatchObject({ title: 'Bad Request', status: 400, detail: 'Invalid cursor.' });
  expect(body.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
}

describe('cursors', () => {
  it('refuses hostile cursors on every list of the document with 400, and still accepts the cursors the lists give out', async () => {
    doc = await openApiDocument(h);
    const lists = operations(doc).filter(
      (o) => o.method === 'GET' && queryParameters(o).some((p) => p.name === 'cursor'),
    );
    const paged: string[] = [];
    for (const o of lists) {
      current = o;
      const caller = callerFor(o, fx.callers);
      // A list under an id (a customer's tickets) needs a parent whose list has a second page.
      let path: string | null = null;
      let real: string | null = null;
      for (let pick = 0; pick < 5 && !real; pick++) {
        const p = await resolvePath(h, o.path, caller, fx.known, pick);
        if (!p) break;
        const first = await h.json('GET', url(p, 'limit=1'), caller);
        expect(first.status, `${o.name} first page: ${JSON.stringify(first.body)}`).toBe(200);
        path ??= p;
        if (first.body.nextCursor) [path, real] = [p, first.body.nextCursor as string];
      }
      expect(path, `${o.name}: no real id to fill its path`).not.toBeNull();
      for (const json of HOSTILE_JSON)
        await expectInvalidCursor(path!, caller, b64(json), `${o.name} ${json.slice(0, 60)}`);
      for (const raw of HOSTILE_RAW) await expectInvalidCursor(path!, caller, raw, `${o.name} ${raw.slice(0, 60)}`);
      if (!real) continue;
      paged.push(o.name);
      const next = await h.json('GET', url(path!, `limit=1&cursor=${real}`), caller);
      expect(next.status, `${o.name} with its own cursor: ${JSON.stringify(next.body)}`).toBe(200);
      expect(next.body.data).toHaveLength(1);
      for (const bad of mutations(real))
        await expectInvalidCursor(
          path!,
          caller,
          bad,
          `${o.name} ${Buffer.from(bad, 'base64url').toString().slice(0, 80)}`,
        );
    }
    // tenants, agents, api keys, articles, categories, webhooks, deliveries, customers, a customer's tickets, audit log, tickets, activity
    expect(paged.length, `lists with a second page: ${paged.join(', ')}`).toBeGreaterThanOrEqual(12);
  }, 120_000);
});
