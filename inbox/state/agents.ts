// The tenant's agents, loaded once per session: names for assignee columns and pickers.
import { computed, signal } from '@preact/signals';
import { api, type Page } from '../api.ts';
import type { Agent } from '../types.ts';

export const agents = signal<Agent[]>([]);
let loaded: Promise<void> | null = null;

export function loadAgents(force = false): Promise<void> {
  if (!loaded || force) {
    loaded = api
      .get<Page<Agent>>('/agents', { limit: 100 })
      .then((p) => void (agents.value = p.data))
      .catch(() => {
        loaded = null;
      });
  }
  return loaded;
}

export const agentNames = computed(() => new Map(agents.value.map((a) => [a.id, a.name])));

export function agentName(id: string | null | undefined): string {
  if (!id) return 'Unassigned';
  return agentNames.value.get(id) ?? 'Another agent';
}
