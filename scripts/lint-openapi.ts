// `npm run lint:openapi`: builds the app in memory, writes the OpenAPI document it serves to a temp file and lints it with Redocly, offline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../server/app.ts';
import { openDb } from '../server/db/client.ts';
import { loadEnv } from '../server/env.ts';
import { createLogger } from '../server/lib/logger.ts';
import { platformTokenChecker } from '../server/middleware/authenticate.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REDOCLY = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

async function generatedDocument(): Promise<string> {
  const db = await openDb('file::memory:');
  try {
    // The token only satisfies configuration: nothing here authenticates.
    const token = 'lint-openapi-platform-token';
    const { app } = createApp({ db, env: loadEnv({ PLATFORM_ADMIN_TOKEN: token, LOG_LEVEL: 'silent' }), logger: createLogger('silent'), platformToken: platformTokenChecker({ token }) });
    const res = await app.request('/api/openapi.json');
    if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return JSON.stringify(await res.json(), null, 2);
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hd-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, await generatedDocument());
  const run = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish'], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
