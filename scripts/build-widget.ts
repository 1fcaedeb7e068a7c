// Builds dist/embed.js (esbuild, IIFE, minified) and enforces its budget: ≤ 24 KB (24,576 bytes) gzipped, no zod, no server or inbox code.
import { build, type Metafile } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BuildTarget } from './build.ts';
import { cssLiterals } from './css-literals.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EMBED_OUT = join(ROOT, 'dist', 'embed.js');
/** The whole embed, chat and attachments included once they ship: spend bytes sparingly. */
export const GZIP_BUDGET = 24_576;
/** Constructable stylesheets set the floor: Chrome 73, Firefox 101, Safari 16.4. */
const TARGET = ['chrome100', 'firefox102', 'safari16.4'];

export interface EmbedSize {
  raw: number;
  gzip: number;
  brotli: number;
}

export function measure(code: Buffer | string): EmbedSize {
  const buf = Buffer.from(code);
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * Inputs that must never ship in the embed: zod, anything from the server or the inbox (type imports are erased,
 * runtime ones are not), and the translations other than English, which the server sends with /widget/config.
 */
export function forbiddenInputs(meta: Metafile): string[] {
  return Object.keys(meta.inputs).filter(
    (p) =>
      /(^|\/)node_modules\/(zod|@hono|hono)\//.test(p) ||
      /^(server|inbox)\//.test(p) ||
      /^i18n\/(?!index\.ts$|en\.ts$)/.test(p),
  );
}

/** Checks the written bundle: budget, forbidden inputs, and no code evaluation (the page's CSP may forbid it). */
export function checkEmbed(code: string, meta: Metafile): string[] {
  const problems: string[] = [];
  const size = measure(code);
  if (size.gzip > GZIP_BUDGET)
    problems.push(`embed.js is ${size.gzip} bytes gzipped, over the ${GZIP_BUDGET}-byte budget`);
  const bad = forbiddenInputs(meta);
  if (bad.length) problems.push(`embed.js pulls in code it must not ship: ${bad.join(', ')}`);
  if (/\beval\(|new Function\(/.test(code)) problems.push('embed.js contains eval or new Function');
  return problems;
}

export async function buildEmbed(): Promise<{ size: EmbedSize; meta: Metafile }> {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'widget', 'embed.ts')],
    outfile: EMBED_OUT,
    bundle: true,
    format: 'iife',
    minify: true,
    target: TARGET,
    // Not 'browser': that condition picks some packages' ES5 build (var, function(){}); neutral takes the
    // packages' modern `import` build, the same code in the syntax our TARGET already has. `module` before `main` as usual.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // The render trigger's own fields on Preact's components and function components (widget/signals.ts), long in
    // the source so they cannot clash with Preact's. Only widget/signals.ts reads them, all inside this bundle.
    mangleProps: /^_(dispose|tracked|slots|fn|run|deps|undo|due)$/,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    metafile: true,
    absWorkingDir: ROOT,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [cssLiterals(TARGET)],
  });
  const code = readFileSync(EMBED_OUT, 'utf8');
  const problems = checkEmbed(code, result.metafile);
  if (problems.length) throw new Error(`[build-widget] ${problems.join('; ')}`);
  return { size: measure(code), meta: result.metafile };
}

export const target: BuildTarget = {
  name: 'widget',
  sources: ['widget'],
  outputs: ['dist/embed.js'],
  async run() {
    const { size } = await buildEmbed();
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    process.stdout.write(
      `dist/embed.js  raw ${size.raw} B (${kb(size.raw)})  gzip ${size.gzip} B (${kb(size.gzip)}, budget ${GZIP_BUDGET})  brotli ${size.brotli} B (${kb(size.brotli)})\n`,
    );
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await target.run();
}
