// Puts keyboard focus back after a re-render moved or replaced the focused element.

/** Focuses the first of `ids` that exists and is enabled, once the DOM has caught up. */
export function keepFocus(...ids: string[]) {
  requestAnimationFrame(() => {
    for (const id of ids) {
      const el = document.getElementById(id) as HTMLButtonElement | null;
      if (el && !el.disabled) return el.focus();
    }
  });
}
