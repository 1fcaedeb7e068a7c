// The tenant's macros for the pickers (ticket page, bulk bar): loaded on first use, again after a change in settings.
import { signal } from '@preact/signals';
import { api, type Page } from '../api.ts';
import type { Macro } from '../types.ts';

export const macros = signal<Macro[]>([]);
let loaded: Promise<void> | null = null;

export function loadMacros(force = false): Promise<void> {
  if (!loaded || force) {
    loaded = api
      .get<Page<Macro>>('/macros', { limit: 100 })
      .then((p) => void (macros.value = p.data))
      .catch(() => {
        loaded = null;
      });
  }
  return loaded;
}
