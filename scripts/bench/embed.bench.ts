// Bench row for the embed's weight: dist/embed.js gzip and brotli bytes, against the 24 KB budget and the framework floor.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import type { BenchContext, BenchRow } from './types.ts';
import { EMBED_OUT, GZIP_BUDGET, measure, target } from '../build-widget.ts';

/** Preact + hooks + signals-core alone, bundled the same way: the part of the weight no widget code can remove. */
async function frameworkFloor() {
  const r = await build({
    stdin: {
      contents: "import { render } from 'preact'; import { useRef } from 'preact/hooks'; import { signal } from '@preact/signals-core'; const s = signal(0); render(null, document.body); console.log(useRef, s);",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: ['chrome100', 'firefox102', 'safari16.4'],
  });
  return measure(Buffer.from(r.outputFiles[0].contents));
}

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  if (!existsSync(EMBED_OUT)) await target.run();
  const size = measure(readFileSync(EMBED_OUT));
  const floor = await frameworkFloor();
  ctx.log(`embed.js: raw ${size.raw} B, gzip ${size.gzip} B, brotli ${size.brotli} B (preact + signals alone: gzip ${floor.gzip} B)`);
  return [
    { name: 'embed.js gzip', value: size.gzip, unit: 'bytes', baseline: GZIP_BUDGET, ratio: size.gzip / GZIP_BUDGET, note: 'baseline = the 24 KB budget the build enforces' },
    { name: 'embed.js brotli', value: size.brotli, unit: 'bytes', baseline: GZIP_BUDGET, ratio: size.brotli / GZIP_BUDGET, note: 'what browsers receive from /embed.js (Accept-Encoding: br)' },
    { name: 'embed.js raw (minified)', value: size.raw, unit: 'bytes' },
    { name: 'preact + signals floor, gzip', value: floor.gzip, unit: 'bytes', baseline: size.gzip, ratio: floor.gzip / size.gzip, note: 'framework share of the embed' },
  ];
}
