// Search results: the highlighted words of a snippet.
import { css } from '../css.ts';

export const kbSearchCss = css`
  mark {
    background: #fde68a;
    color: inherit;
    border-radius: 2px;
  }
`;
