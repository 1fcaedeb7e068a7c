// The host element and the root inside the shadow: nothing of the page's CSS gets in, nothing of ours gets out.
import { css } from '../css.ts';

/**
 * :host rules are !important because an important declaration in the shadow tree beats the page's own
 * important ones (even `* { … !important }`), so no page CSS can move, hide or restyle the host.
 * `all: initial !important` alone already resets margin, padding, border, inset, opacity, visibility,
 * transform and filter that way; only what differs from the initial values is spelled out. Inside, .root
 * inherits from the host, so it starts from initial values too (text-align: start, no page colour or font).
 * The z-index and the brand colours come from the theme sheet (styles.ts) as custom properties.
 */
export const appCss = css`
  :host {
    all: initial !important;
    display: block !important;
    position: fixed !important;
    width: 0 !important;
    height: 0 !important;
  }

  /* px, not rem: the page's root font size must not resize the widget. */
  .root {
    font:
      14px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      'Noto Sans',
      'Noto Sans Arabic',
      sans-serif;
    color: #1f2937;
    -webkit-font-smoothing: antialiased;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
    margin: 0;
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  h3 {
    font-size: 17px;
    margin-bottom: 8px;
  }

  svg {
    width: 22px;
    height: 22px;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    flex: none;
  }

  /* Read by screen readers, invisible on screen (clip-path alone: every browser we target has it, clip is deprecated). */
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  :focus-visible {
    outline: 3px solid var(--ring);
    outline-offset: 2px;
  }
`;
