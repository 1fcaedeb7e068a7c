// The contact form's own parts: suggested articles under the subject, and the honeypot no person sees.
import { css } from '../css.ts';

export const ticketFormCss = css`
  .sugg {
    margin: -4px 0 14px;
    padding: 12px;
    border-radius: 10px;
    background: #f3f4f6;
  }
  .sugg p {
    margin-bottom: 8px;
    font-weight: 600;
    font-size: 13px;
  }
  .hp {
    position: absolute;
    inset-inline-start: -9999px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
