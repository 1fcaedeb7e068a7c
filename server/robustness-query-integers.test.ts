// Every integer query parameter of the document takes digits only: " 5", "0x10", "1e1", "+5" and "" are 422, not a coerced number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './test-support/harness.ts';
import {
  callerFor,
  openApiDocument,
  operations,
  queryParameters,
  resolvePath,
  withRequiredQuery,
} from './test-support/openapi-inputs.ts';
import { tenantWithData, type TenantWithData } from './test-support/tenant-with-data.ts';

let h: Harness;
let fx: TenantWithData;
beforeAll(async () => {
  h = await createHarness({ env: { RATE_LIMITS: 'off' } });
  fx = await tenantWithData(h);
});
afterAll(() => h.close());

const NOT_DIGITS = [
  ' 5',
  '5 ',
  '0x10',
  '1e1',
  '',
  '+5',
  '-5',
  '5.0',
  '5.',
  '.5',
  '0b1',
  '0o7',
  'Infinity',
  'NaN',
  '５',
  '5,0',
  '1_0',
  '٥',
];

describe('integer query parameters', () => {
  it('refuse anything but plain digits with 422 naming the parameter, on every operation of the document', async () => {
    const doc = await openApiDocument(h);
    let checked = 0;
    for (const o of operations(doc)) {
      if (o.method !== 'GET' || /\/events$/.test(o.path)) continue; // streams stay open; they take no integer
      const ints = queryParameters(o).filter((p) => p.schema?.type === 'integer');
      if (!ints.length) continue;
      const caller = callerFor(o, fx.callers);
      const path = await resolvePath(h, o.path, caller, fx.known);
      expect(path, `${o.name}: no real id to fill its path`).not.toBeNull();
      for (const p of ints) {
        const good = String(p.schema!.minimum ?? 1);
        const ok = await h.json('GET', withRequiredQuery(doc, o, path!, `${p.name}=${good}`), caller);
        expect(ok.status, `${o.name}?${p.name}=${good}: ${JSON.stringify(ok.body)}`).toBe(200);
        for (const bad of NOT_DIGITS) {
          const r = await h.json(
            'GET',
            withRequiredQuery(doc, o, path!, `${p.name}=${encodeURIComponent(bad)}`),
            caller,
          );
          expect(r.status, `${o.name}?${p.name}=${JSON.stringify(bad)}: ${JSON.stringify(r.body)}`).toBe(422);
          expect(
            r.body.errors.map((e: { path: string }) => e.path),
            `${o.name}?${p.name}=${JSON.stringify(bad)}`,
          ).toEqual([p.name]);
        }
        checked++;
      }
    }
    // limit on the eleven lists, tickets, both KB searches, suggestions and the widget's articles; days on reports
    expect(checked).toBeGreaterThanOrEqual(17);
  }, 120_000);
});
