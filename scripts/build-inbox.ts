// Bundles the agents' inbox (inbox/) into dist/inbox/ and fails when its JavaScript exceeds the gzip budget.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BuildTarget } from './build.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'inbox');
/** What the inbox loads before its first screen must stay light enough to open fast on a tablet over a hotel Wi-Fi. */
export const INBOX_JS_BUDGET = 60 * 1024;
/** Everything, the pages loaded on first visit (settings tabs, dashboard, account pages) included. */
export const INBOX_ALL_JS_BUDGET = 160 * 1024;

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
    // Pages opened now and then (settings tabs, dashboard, account) are `import()`ed: chunks loaded on first visit.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
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
  const outputs = result.metafile.outputs;
  const rel = (p: string) => p.replace(/^dist\/inbox\//, '');
  // The first screen: each entry with what it imports statically, transitively (shared chunks counted once).
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit('dist/inbox/app.js');
  visit('dist/inbox/preview.js');
  const js = Object.keys(outputs).filter((p) => p.endsWith('.js'));
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gzipSize(join(OUT, rel(f))), 0);
  const jsGzip = sum(initial);
  const allJsGzip = sum(js);
  const cssGzip = gzipSize(join(OUT, 'app.css'));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stdout.write(
    `inbox: dist/inbox first-screen JavaScript ${kb(jsGzip)} gzipped (budget ${kb(INBOX_JS_BUDGET)}), ` +
      `all ${js.length} files ${kb(allJsGzip)} (budget ${kb(INBOX_ALL_JS_BUDGET)}), CSS ${kb(cssGzip)} gzipped\n`,
  );
  if (jsGzip > INBOX_JS_BUDGET)
    throw new Error(`inbox first-screen JavaScript is ${kb(jsGzip)} gzipped, over the ${kb(INBOX_JS_BUDGET)} budget`);
  if (allJsGzip > INBOX_ALL_JS_BUDGET)
    throw new Error(`inbox JavaScript is ${kb(allJsGzip)} gzipped in all, over the ${kb(INBOX_ALL_JS_BUDGET)} budget`);
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
