// Keyboard shortcuts: one document listener; pages register what each key does while they are shown.
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

export const helpOpen = signal(false);

/** What the `?` dialog lists, in the order an agent uses them. */
export const SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous ticket'],
  ['Enter', 'Open the selected ticket (queue)'],
  ['r', 'Reply to the customer'],
  ['n', 'Write an internal note'],
  ['e', 'Resolve the ticket and open the next one'],
  ['a', 'Assign the ticket to me'],
  ['u', 'Back to the queue'],
  ['/', 'Search tickets'],
  ['Ctrl + Enter', 'Send the reply or note'],
  ['?', 'Show this list'],
];

type Handlers = Record<string, (e: KeyboardEvent) => void>;
const stack: Handlers[] = [];

function typingIn(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

if (typeof document !== 'undefined') {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typingIn(e.target)) return;
    if (document.querySelector('dialog[open]') && e.key !== '?') return;
    if (e.key === '?') {
      e.preventDefault();
      helpOpen.value = !helpOpen.value;
      return;
    }
    for (let i = stack.length - 1; i >= 0; i--) {
      const h = stack[i][e.key];
      if (h) {
        e.preventDefault();
        h(e);
        return;
      }
    }
  });
}

/** Registers handlers while the calling component is mounted; the newest registration wins. */
export function useShortcuts(handlers: Handlers) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const proxy: Handlers = {};
    for (const k of Object.keys(ref.current)) proxy[k] = (e) => ref.current[k]?.(e);
    stack.push(proxy);
    return () => {
      const i = stack.indexOf(proxy);
      if (i >= 0) stack.splice(i, 1);
    };
  }, [Object.keys(handlers).join(',')]);
}
