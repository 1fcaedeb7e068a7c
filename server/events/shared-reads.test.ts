// The streams' shared reads of the event log: one read answers every stream at the same cursor until a commit or
// the age limit, a different cursor or tenant reads on its own, and a failed read is not kept.
import { describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../db/client.ts';
import { SharedEventReads } from './shared-reads.ts';

function setup(fail = false) {
  const reads: unknown[][] = [];
  const latest = new Map<string, number>();
  const q = {
    get: async (_sql: string, args: unknown[]) => ({ s: latest.get(String(args[0])) ?? 0 }),
    all: async (_sql: string, args: unknown[]) => {
      reads.push(args);
      if (fail) throw new Error('database went away');
      return [{ seq: Number(args[1]) + 1, id: 'evt', tenant_id: args[0], type: 'ticket.created', data: '{"n":1}' }];
    },
  } as unknown as Queryable;
  const listeners = new Set<() => void>();
  const commit = () => listeners.forEach((l) => l());
  const onCommit = (l: () => void) => (listeners.add(l), () => listeners.delete(l));
  return {
    reads,
    latest,
    commit,
    shared: new SharedEventReads(q, onCommit, { maxAgeMs: 100, pollMs: () => 300, wakeGapMs: 20 }),
    listeners,
  };
}

describe('SharedEventReads', () => {
  it('answers a thousand streams at one cursor with one read, and the same objects', async () => {
    const { reads, shared } = setup();
    const answers = await Promise.all(Array.from({ length: 1000 }, () => shared.after('ten_a', 7, 200)));
    expect(reads).toEqual([['ten_a', 7, 200]]);
    expect(answers[999]![0]).toBe(answers[0]![0]);
    expect(answers[0]![0]).toMatchObject({ seq: 8, tenantId: 'ten_a', data: { n: 1 } });
  });

  it('reads again for another cursor or tenant, after a commit, and once the answer is older than the limit', async () => {
    vi.useFakeTimers();
    try {
      const { reads, commit, shared } = setup();
      await shared.after('ten_a', 7, 200);
      await shared.after('ten_a', 8, 200);
      await shared.after('ten_b', 7, 200);
      expect(reads).toHaveLength(3);
      commit();
      await shared.after('ten_a', 7, 200);
      await shared.after('ten_a', 7, 200);
      expect(reads).toHaveLength(4);
      vi.advanceTimersByTime(101);
      await shared.after('ten_a', 7, 200);
      expect(reads).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep a failed read, and stops listening to commits when closed', async () => {
    const { reads, shared, listeners } = setup(true);
    await expect(shared.after('ten_a', 1, 200)).rejects.toThrow('went away');
    await expect(shared.after('ten_a', 1, 200)).rejects.toThrow('went away');
    expect(reads).toHaveLength(2);
    shared.close();
    expect(listeners.size).toBe(0);
  });

  it('wakes the watching streams at once after a quiet spell, a burst of commits once more, and no stream that stopped watching', async () => {
    vi.useFakeTimers();
    try {
      const { commit, shared } = setup();
      const woken: string[] = [];
      shared.watch('ten_a', () => woken.push('a1'));
      const stop = shared.watch('ten_a', () => woken.push('a2'));
      shared.watch('ten_b', () => woken.push('b1'));
      stop();
      commit();
      commit();
      expect(woken).toEqual([]); // not inside the commit's own callback
      await vi.advanceTimersByTimeAsync(0);
      expect(woken).toEqual(['a1', 'b1']);
      // Commits within the gap after that wake-up: one more wake-up, when the gap is over.
      woken.length = 0;
      await vi.advanceTimersByTimeAsync(5);
      commit();
      commit();
      await vi.advanceTimersByTimeAsync(14);
      expect(woken).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(woken).toEqual(['a1', 'b1']);
      // After a quiet spell longer than the gap, at once again.
      woken.length = 0;
      await vi.advanceTimersByTimeAsync(100);
      commit();
      await vi.advanceTimersByTimeAsync(0);
      expect(woken).toEqual(['a1', 'b1']);
      shared.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("wakes a tenant's streams from the backstop poll only when its log is past what its streams read", async () => {
    vi.useFakeTimers();
    try {
      const { latest, shared } = setup();
      latest.set('ten_a', 5).set('ten_b', 9);
      const woken: string[] = [];
      shared.watch('ten_a', () => woken.push('a'));
      shared.watch('ten_b', () => woken.push('b'));
      await vi.advanceTimersByTimeAsync(300);
      expect(woken).toEqual(['a', 'b']); // a tenant's first poll: an event may have landed before the stream watched
      woken.length = 0;
      await vi.advanceTimersByTimeAsync(300);
      expect(woken).toEqual([]);
      // The streams read event 6 (this process's commit woke them): the poll that sees it wakes nobody again.
      await shared.after('ten_a', 5, 200);
      latest.set('ten_a', 6);
      await vi.advanceTimersByTimeAsync(300);
      expect(woken).toEqual([]);
      // Another process appends event 7, which no stream read: the next poll wakes ten_a's streams only.
      latest.set('ten_a', 7);
      await vi.advanceTimersByTimeAsync(300);
      expect(woken).toEqual(['a']);
      shared.close();
      woken.length = 0;
      latest.set('ten_a', 8);
      await vi.advanceTimersByTimeAsync(900);
      expect(woken).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
