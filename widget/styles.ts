// The widget's one adopted stylesheet: the theme as custom properties, then the components' rules (styles.css.ts).
import { contrast, type Theme } from './config.ts';
import { rules } from './styles.css.ts';

/** Only these values differ between tenants; resolveTheme has already checked the colours are hex. */
export function stylesFor(th: Theme): string {
  // The focus ring must show on white (3:1); a pale brand colour falls back to dark grey.
  const ring = contrast(th.primary, '#ffffff') >= 3 ? th.primary : '#1f2937';
  // After the rules: their `:host { all: initial !important }` would reset an earlier z-index.
  return `${rules}:host{z-index:${th.zIndex}!important}.root{--p:${th.primary};--on:${th.onPrimary};--s:${th.secondary};--ring:${ring}}`;
}
