// `npm run build`: bundles the embed and the inbox with esbuild into dist/, and regenerates the SDK's types.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');

/** Build steps registered by the widget and inbox; each returns the files it wrote. */
export interface BuildTarget {
  name: string;
  sources: string[];
  outputs: string[];
  run(): Promise<void>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

async function targets(): Promise<BuildTarget[]> {
  const found: BuildTarget[] = [];
  for (const mod of ['./build-widget.ts', './build-inbox.ts']) {
    if (existsSync(join(ROOT, 'scripts', mod.slice(2)))) found.push((await import(mod)).target as BuildTarget);
  }
  return found;
}

export function needsBuild(): boolean {
  for (const [src, out] of [
    ['widget', 'dist/embed.js'],
    ['inbox', 'dist/inbox/app.js'],
  ]) {
    if (!existsSync(join(ROOT, src))) continue;
    const built = newestMtime(join(ROOT, out));
    if (built === 0 || newestMtime(join(ROOT, src)) > built) return true;
  }
  return false;
}

export async function build() {
  for (const t of await targets()) await t.run();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build();
  // Only here, not in build() that `npm start` runs: it needs the dev dependencies and rewrites checked-in files.
  await ((await import('./build-sdk-types.ts')).target as BuildTarget).run();
}
