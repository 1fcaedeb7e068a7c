// `npm run bench [name…]`: runs scripts/bench/*.bench.ts, prints a table, writes bench/results.json.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchContext } from './bench/context.ts';
import type { BenchModule, BenchRow } from './bench/types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(join(ROOT, 'scripts/bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const tmp = mkdtempSync(join(tmpdir(), 'hd-bench-'));
const ctx = createBenchContext(tmp, (l) => process.stdout.write(`  ${l}\n`));
const results: Record<string, BenchRow[]> = {};
try {
  for (const file of modules) {
    const name = file.replace('.bench.ts', '');
    process.stdout.write(`\n▶ ${name}\n`);
    const mod = (await import(join(ROOT, 'scripts/bench', file))) as BenchModule;
    results[name] = await mod.bench(ctx);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const fmt = (n: number | undefined) => (n === undefined ? '' : Number.isInteger(n) ? String(n) : n.toFixed(2));
const lines = [['benchmark', 'value', 'unit', 'baseline', 'ratio', 'note']];
for (const [mod, rows] of Object.entries(results)) {
  for (const r of rows)
    lines.push([
      `${mod}: ${r.name}`,
      fmt(r.value),
      r.unit,
      fmt(r.baseline),
      r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(1)}%`,
      r.note ?? '',
    ]);
}
const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
process.stdout.write('\n' + lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n') + '\n');

mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench/results.json'),
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      results,
    },
    null,
    2,
  ) + '\n',
);
process.stdout.write('\nwrote bench/results.json\n');
