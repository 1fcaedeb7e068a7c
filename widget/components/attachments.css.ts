// Files: the list under the attach button (name, size, remove, progress), the drop hint over the panel, files in the thread.
import { css } from '../css.ts';

export const attachmentsCss = css`
  .files li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    border-bottom: 1px solid #e5e7eb;
  }
  .fn {
    flex: 1;
    overflow-wrap: anywhere;
  }
  .files progress,
  .files .err {
    flex-basis: 100%;
    margin-bottom: 6px;
  }

  /* Over the whole panel while files are dragged onto it; events pass through to the panel. */
  .drop {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    border: 3px dashed var(--p);
    background: #fffe;
    pointer-events: none;
  }

  .att {
    white-space: normal;
  }
  .att a {
    color: inherit;
  }
  .att img {
    display: block;
    max-width: 160px;
    max-height: 120px;
  }
`;
