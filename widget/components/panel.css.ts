// The dialog: a card above the launcher on wide screens, the whole screen on small ones.
import { css } from '../css.ts';

export const panelCss = css`
  .panel {
    position: fixed;
    bottom: 84px;
    right: 20px;
    width: 384px;
    max-width: calc(100vw - 40px);
    height: 640px;
    max-height: calc(100vh - 104px);
    display: flex;
    flex-direction: column;
    background: #fff;
    border-radius: 16px;
    box-shadow: 0 16px 48px rgba(0, 0, 0, 0.28);
    overflow: hidden;
  }
  .left .panel {
    right: auto;
    left: 20px;
  }

  .head {
    background: var(--p);
    color: var(--on);
    padding: 16px 16px 0;
  }
  .head :focus-visible {
    outline-color: var(--on);
  }
  .top {
    display: flex;
    align-items: center;
    gap: 10px;
  }
  .top img {
    width: 32px;
    height: 32px;
    border-radius: 8px;
    object-fit: cover;
  }
  h2 {
    font-size: 18px;
    font-weight: 700;
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .sub {
    margin-top: 2px;
    opacity: 0.92;
  }

  .x {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    border: 0;
    border-radius: 18px;
    background: transparent;
    cursor: pointer;
  }
  .x:hover {
    background: rgba(127, 127, 127, 0.25);
  }

  .tabs {
    display: flex;
    gap: 2px;
    margin-top: 10px;
    overflow-x: auto;
  }
  .tab {
    padding: 10px 10px 8px;
    border: 0;
    border-bottom: 3px solid transparent;
    background: none;
    cursor: pointer;
    white-space: nowrap;
  }
  .tab[aria-current='page'] {
    border-bottom-color: currentColor;
    font-weight: 700;
  }
  .gap {
    height: 12px;
  }

  .body {
    flex: 1;
    overflow-y: auto;
    padding: 16px;
    overscroll-behavior: contain;
  }
  .foot {
    padding: 8px;
    text-align: center;
    font-size: 12px;
    color: #4b5563;
    border-top: 1px solid #f3f4f6;
  }

  @media (max-width: 640px) {
    /* .root raises the specificity above the side rules. */
    .root .panel {
      inset: 0;
      width: 100vw;
      max-width: none;
      height: 100vh;
      height: 100dvh;
      max-height: none;
      border-radius: 0;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .panel {
      animation: hd-in 0.16s ease-out;
    }
  }
  @keyframes hd-in {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }
`;
