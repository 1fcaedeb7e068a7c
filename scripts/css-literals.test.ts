import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cssLiterals } from './css-literals.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hd-css-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = await build({
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
    plugins: [cssLiterals(['chrome100'])],
  });
  return out.outputFiles[0].text;
}

describe('css-literals esbuild plugin', () => {
  it('ships a *.css.ts module as its minified CSS: no comments or indentation, !important and custom properties kept', async () => {
    const js = await bundle({
      'box.css.ts': `const base = 'color: red;';
/* a JS comment */
export const boxCss = \`
  /* why the box is red */
  :host {
    all: initial !important;
  }
  .box {
    \${base}
    background: var(--p);
    box-shadow: 0 4px 16px rgba(0, 0, 0, .22);
  }
  @media (max-width: 640px) {
    .box { display: none; }
  }
\`;`,
      'entry.ts': `import { boxCss } from './box.css.ts'; console.log(boxCss);`,
    });
    const shipped = JSON.parse(/boxCss = (".*");/.exec(js)![1]);
    expect(shipped).toBe(
      ':host{all:initial!important}.box{color:red;background:var(--p);box-shadow:0 4px 16px #00000038}@media(max-width:640px){.box{display:none}}',
    );
    expect(js).not.toContain('why the box is red');
  });

  it('refuses a *.css.ts module that exports anything but strings', async () => {
    const failed = await bundle({
      'bad.css.ts': 'export const theme = (c: string) => c;',
      'entry.ts': `import { theme } from './bad.css.ts'; console.log(theme);`,
    }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(String(failed)).toContain('theme is not a string');
  });
});
