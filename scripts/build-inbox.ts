// Bundles the agents' inbox (inbox/) into dist/inbox/ and fails when its JavaScript exceeds the gzip budget.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BuildTarget } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'inbox');
/** The whole inbox must stay light enough to open fast on a tablet over a hotel Wi-Fi. */
export const INBOX_JS_BUDGET = 60 * 1024;

export function gzipSize(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

export async function buildInbox(): Promise<{ jsGzip: number; cssGzip: number }> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'inbox/main.tsx', preview: 'inbox/preview.ts' },
    outdir: OUT,
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome109', 'safari16', 'firefox115'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const leaked = inputs.filter((p) => p.includes('node_modules/zod') || p.startsWith('server/'));
  if (leaked.length)
    throw new Error(`inbox bundle pulls in server code (use import type): ${leaked.slice(0, 5).join(', ')}`);
  copyFileSync(join(ROOT, 'inbox', 'index.html'), join(OUT, 'index.html'));
  copyFileSync(join(ROOT, 'inbox', 'preview.html'), join(OUT, 'preview.html'));
  const jsGzip = gzipSize(join(OUT, 'app.js')) + gzipSize(join(OUT, 'preview.js'));
  const cssGzip = gzipSize(join(OUT, 'app.css'));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stdout.write(
    `inbox: dist/inbox JavaScript ${kb(jsGzip)} gzipped (budget ${kb(INBOX_JS_BUDGET)}), CSS ${kb(cssGzip)} gzipped\n`,
  );
  if (jsGzip > INBOX_JS_BUDGET)
    throw new Error(`inbox JavaScript is ${kb(jsGzip)} gzipped, over the ${kb(INBOX_JS_BUDGET)} budget`);
  return { jsGzip, cssGzip };
}

export const target: BuildTarget = {
  name: 'inbox',
  sources: ['inbox'],
  outputs: [
    'dist/inbox/app.js',
    'dist/inbox/app.css',
    'dist/inbox/index.html',
    'dist/inbox/preview.js',
    'dist/inbox/preview.html',
  ],
  async run() {
    await buildInbox();
  },
};
