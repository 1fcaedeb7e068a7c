// The tenant's custom ticket fields (definitions), loaded once and refreshed when settings change them.
import { signal } from '@preact/signals';
import { api } from '../api.ts';
import type { CustomField } from '../types.ts';

export type { CustomField };
export const customFields = signal<CustomField[]>([]);
let loaded: Promise<void> | null = null;

export function loadCustomFields(force = false): Promise<void> {
  if (!loaded || force) {
    loaded = api
      .get<{ data: CustomField[] }>('/custom-fields')
      .then((r) => void (customFields.value = r.data))
      .catch(() => {
        loaded = null;
      });
  }
  return loaded;
}
