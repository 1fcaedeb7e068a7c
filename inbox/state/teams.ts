// The team queues: each team's open or pending tickets within what the agent may see (GET /teams/queue), for the
// queue's team views and the ticket page's team picker. Refreshed with the view counts.
import { signal } from '@preact/signals';
import { api } from '../api.ts';
import type { TeamQueueCounts } from '../types.ts';

export const teamQueue = signal<TeamQueueCounts | null>(null);
let loaded: Promise<void> | null = null;

export function loadTeamQueue(force = false): Promise<void> {
  if (!loaded || force) {
    loaded = api
      .get<TeamQueueCounts>('/teams/queue')
      .then((r) => void (teamQueue.value = r))
      .catch(() => {
        loaded = null;
      });
  }
  return loaded;
}

export function teamName(id: string | null): string {
  if (!id) return 'No team';
  return teamQueue.value?.data.find((t) => t.teamId === id)?.name ?? 'Another team';
}
