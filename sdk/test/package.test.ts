// The package as published: its own tsc build compiles (src alone, no server or Node-only imports) and the
// emitted entry point loads in plain Node with the exports package.json promises.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const SDK = fileURLToPath(new URL('..', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
// Inside sdk/ so the emitted code resolves openapi-fetch the way an installed copy would.
const out = mkdtempSync(join(SDK, '.dist-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('builds with tsconfig.build.json and loads in plain Node with the promised exports', async () => {
  await run(process.execPath, [TSC, '-p', join(SDK, 'tsconfig.build.json'), '--outDir', out], { cwd: SDK });

  const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8'));
  const entry = pkg.exports['.'];
  for (const file of [entry.import, entry.types, pkg.types])
    expect(existsSync(join(out, file.replace(/^\.\/dist\//, '')))).toBe(true);

  const script = `const m = await import(${JSON.stringify(pathToFileURL(join(out, 'index.js')).href)}); console.log(JSON.stringify(Object.keys(m).sort()));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  expect(JSON.parse(stdout)).toEqual(
    expect.arrayContaining(['createHelpdesk', 'HelpdeskError', 'verifyWebhook', 'WebhookVerificationError']),
  );
}, 90_000); // a full tsc run on a shared 2-core machine
