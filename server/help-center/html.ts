// A tagged template for server-rendered pages: every interpolated value is HTML-escaped unless it is `raw()`
// (already safe markup: sanitized article bodies, other templates); arrays are joined; null/false render nothing.
import { escapeHtml } from '../lib/html.ts';

export const escape = escapeHtml;

export class Raw {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
export const raw = (s: string) => new Raw(s);

type Value = string | number | Raw | null | undefined | false | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Raw) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escape(String(v));
}

// The templates' own line breaks and indentation (prettier lays them out) cost bytes on every page: each run of
// them becomes one space. Only the static parts are touched, never an interpolated value (a <pre> in an article).
const compacted = new WeakMap<TemplateStringsArray, string[]>();
function compact(strings: TemplateStringsArray): string[] {
  let c = compacted.get(strings);
  if (!c) {
    c = strings.map((s) => s.replace(/\n\s*/g, ' '));
    compacted.set(strings, c);
  }
  return c;
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Raw {
  const parts = compact(strings);
  let out = parts[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + parts[i + 1];
  return new Raw(out);
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so no text can close the element. */
export const jsonLd = (data: unknown) =>
  raw(`<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
