// Controls every view shares: fields with their error line, buttons, links, lists of items, notices and alerts.
import { css } from '../css.ts';

export const controlsCss = css`
  .f {
    margin-bottom: 14px;
  }
  label {
    display: block;
    margin-bottom: 4px;
    font-size: 13px;
    font-weight: 600;
  }
  .opt {
    font-weight: 400;
    color: #4b5563;
  }

  input,
  textarea,
  select {
    display: block;
    width: 100%;
    padding: 9px 11px;
    border: 1px solid #6b7280;
    border-radius: 8px;
    background: #fff;
    font-size: 14px;
    line-height: 1.4;
  }
  textarea {
    min-height: 112px;
    resize: vertical;
  }
  input[type='checkbox'] {
    display: inline-block;
    width: 18px;
    height: 18px;
    vertical-align: middle;
    margin-inline-end: 8px;
  }
  [aria-invalid='true'] {
    border-color: #b91c1c;
    box-shadow: 0 0 0 1px #b91c1c;
  }
  .err {
    margin-top: 4px;
    color: #b91c1c;
    font-size: 13px;
  }

  .btn,
  .ghost {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 8px 18px;
    border: 0;
    border-radius: 8px;
    background: var(--p);
    color: var(--on);
    font-weight: 600;
    cursor: pointer;
  }
  .btn[disabled] {
    opacity: 0.65;
    cursor: progress;
  }
  .ghost {
    background: #fff;
    color: #1f2937;
    border: 1px solid #9ca3af;
  }
  .wide {
    width: 100%;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin-top: 16px;
  }
  /* A button that reads as a link, in the colour of the text around it (buttons inherit it, see app.css.ts). */
  .link {
    padding: 4px 0;
    border: 0;
    background: none;
    text-decoration: underline;
    cursor: pointer;
  }
  .link + h3 {
    margin-top: 8px;
  }

  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: block;
    width: 100%;
    margin-bottom: 8px;
    padding: 12px;
    border: 1px solid #e5e7eb;
    border-radius: 10px;
    background: #fff;
    text-align: start;
    cursor: pointer;
  }
  .item:hover {
    border-color: var(--p);
    background: #f9fafb;
  }
  .item b {
    display: block;
    margin-bottom: 2px;
  }
  .snip,
  .meta {
    display: block;
    color: #4b5563;
    font-size: 13px;
  }

  .alert,
  .ok {
    margin-bottom: 12px;
    padding: 10px 12px;
    border-radius: 8px;
    background: #fef2f2;
    color: #991b1b;
  }
  .ok {
    background: #ecfdf5;
    color: #065f46;
  }
  .alert .link {
    margin-inline-start: 6px;
  }

  @media (max-width: 640px) {
    /* 16px keeps iOS from zooming into a focused field. */
    input,
    textarea,
    select {
      font-size: 16px;
    }
  }
`;
