// The launcher button and its unread badge; a round icon button on small screens, hidden while the panel covers them.
import { css } from '../css.ts';

export const launcherCss = css`
  .launcher {
    position: fixed;
    bottom: 20px;
    right: 20px;
    display: flex;
    align-items: center;
    gap: 8px;
    height: 52px;
    padding: 0 20px 0 16px;
    border: 0;
    border-radius: 26px;
    background: var(--p);
    color: var(--on);
    font-size: 15px;
    font-weight: 600;
    cursor: pointer;
    box-shadow: 0 4px 16px rgba(0, 0, 0, 0.22);
  }
  /* Bottom right unless the theme puts the root on the left. */
  .left .launcher {
    right: auto;
    left: 20px;
  }
  .launcher:hover {
    filter: brightness(1.08);
  }

  .badge {
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: #b91c1c;
    color: #fff;
    font-size: 12px;
    line-height: 20px;
    text-align: center;
    box-shadow: 0 0 0 2px #fff;
  }

  @media (max-width: 640px) {
    .launcher {
      bottom: 12px;
      right: 12px;
      width: 48px;
      height: 48px;
      padding: 0;
      justify-content: center;
      border-radius: 24px;
    }
    .left .launcher {
      left: 12px;
    }
    .launcher .lbl {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .badge {
      position: absolute;
      top: -4px;
      right: -4px;
    }
    .left .badge {
      right: auto;
      left: -4px;
    }
    .open .launcher {
      display: none;
    }
  }
`;
