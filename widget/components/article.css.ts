// One article: its sanitized HTML kept inside the panel, and the vote row under it.
import { css } from '../css.ts';

export const articleCss = css`
  .art {
    overflow-wrap: anywhere;
  }
  .art img {
    max-width: 100%;
    height: auto;
  }
  .art a {
    color: #1d4ed8;
  }
  .art p,
  .art ul,
  .art ol,
  .art pre {
    margin: 0 0 10px;
  }
  .art pre {
    padding: 8px;
    overflow-x: auto;
    background: #f3f4f6;
    border-radius: 6px;
  }

  .vote {
    display: flex;
    align-items: center;
    gap: 8px;
    flex-wrap: wrap;
    margin-top: 16px;
    padding-top: 12px;
    border-top: 1px solid #e5e7eb;
  }
  .vote span {
    flex: 1;
  }
`;
