// esbuild plugin: a `*.css.ts` module (readable CSS in template strings) is run at build time and replaced by its minified strings.
import { transform, type Plugin } from 'esbuild';
import { pathToFileURL } from 'node:url';

/**
 * Running the module, rather than parsing its templates, keeps the rule simple: a `*.css.ts` file may
 * export only strings and may not touch the DOM. Whatever it computes, the bundle gets the result minified
 * by esbuild's own CSS minifier for the same browsers as the JavaScript, so comments and indentation cost
 * no bytes in embed.js.
 */
export function cssLiterals(target: string[]): Plugin {
  return {
    name: 'css-literals',
    setup(build) {
      build.onLoad({ filter: /\.css\.ts$/ }, async ({ path }) => {
        const mod: Record<string, unknown> = await import(pathToFileURL(path).href);
        const lines: string[] = [];
        for (const [name, value] of Object.entries(mod)) {
          if (typeof value !== 'string')
            return { errors: [{ text: `${name} is not a string: a *.css.ts file may export only CSS strings` }] };
          const { code, warnings } = await transform(value, {
            loader: 'css',
            minify: true,
            target,
            logLevel: 'silent',
          });
          if (warnings.length) return { errors: warnings.map((w) => ({ text: `${name}: ${w.text}` })) };
          const min = JSON.stringify(code.trim());
          lines.push(name === 'default' ? `export default ${min};` : `export const ${name} = ${min};`);
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}
