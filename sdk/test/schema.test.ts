// Drift check: the checked-in SDK document and types are what the live document generates today.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openApiDocument, renderSdkFiles, SDK_DOCUMENT, SDK_SCHEMA } from '../../scripts/build-sdk-types.ts';

const OUT_OF_DATE = 'SDK types are out of date: run npm run build';

it('sdk/openapi.json and sdk/src/schema.ts match the server', async () => {
  const fresh = await renderSdkFiles(await openApiDocument());
  expect(readFileSync(SDK_DOCUMENT, 'utf8'), OUT_OF_DATE).toBe(fresh.document);
  expect(readFileSync(SDK_SCHEMA, 'utf8'), OUT_OF_DATE).toBe(fresh.schema);
});
