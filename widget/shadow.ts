// The widget's home on the page: one <helpdesk-widget> element with an open shadow root styled by adopted sheets.
import type { Theme } from './config.ts';
import { stylesFor } from './styles.ts';

export const TAG = 'helpdesk-widget';

function sheet(text: string): CSSStyleSheet {
  const s = new CSSStyleSheet();
  try {
    s.replaceSync(text);
  } catch (e) {
    console.warn('[HelpDesk] ignored custom CSS that did not parse', e);
  }
  return s;
}

/**
 * The element stays undefined in customElements on purpose: a definition could never be removed again,
 * and attachShadow works on any valid custom-element name. Constructable sheets are not inline styles,
 * so a page CSP of `style-src 'self'` needs no nonce for them.
 */
export function mountHost(theme: Theme): { host: HTMLElement; shadow: ShadowRoot } {
  const host = document.createElement(TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [sheet(stylesFor(theme)), ...(theme.customCss ? [sheet(theme.customCss)] : [])];
  (document.body ?? document.documentElement).appendChild(host);
  return { host, shadow };
}
