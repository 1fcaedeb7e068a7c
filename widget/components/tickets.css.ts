// "My tickets": status chips, and the thread as chat bubbles (the visitor's own on the brand colour).
import { css } from '../css.ts';

export const ticketsCss = css`
  .new {
    margin-inline-start: 6px;
    padding: 1px 8px;
    border-radius: 10px;
    background: #b91c1c;
    color: #fff;
    font-size: 12px;
    font-weight: 600;
  }
  .status {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 10px;
    background: #e5e7eb;
    color: #1f2937;
    font-size: 12px;
  }

  .thread {
    list-style: none;
    margin: 12px 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .msg {
    max-width: 85%;
    padding: 8px 12px;
    border-radius: 12px;
    background: #f3f4f6;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .me {
    align-self: flex-end;
    background: var(--p);
    color: var(--on);
  }
  .who {
    display: block;
    font-size: 12px;
    font-weight: 700;
  }
  .msg time {
    display: block;
    font-size: 11px;
    margin-top: 2px;
  }
  #hd-reply {
    min-height: 72px;
  }
`;
