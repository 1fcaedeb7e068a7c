import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId, randomToken, timeOrderedToken } from './ids.ts';

afterEach(() => vi.useRealTimers());

describe('ids', () => {
  it('makes prefixed ids of 20 base62 characters, all different', () => {
    const ids = Array.from({ length: 5000 }, () => newId('tkt'));
    for (const id of ids) expect(id).toMatch(/^tkt_[0-9A-Za-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts an id made later after one made earlier, to the millisecond and across years', () => {
    vi.useFakeTimers();
    const times = [
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.001Z',
      '2026-12-04T10:00:00Z',
      '2031-05-01T00:00:00Z',
    ];
    const ids = times.map((t) => {
      vi.setSystemTime(new Date(t));
      return newId('msg');
    });
    expect([...ids].sort()).toEqual(ids);
    vi.setSystemTime(new Date('2026-01-01T00:00:00.000Z'));
    expect(timeOrderedToken(4).slice(0, 8)).toBe(ids[0]!.slice(4, 12));
  });

  it('draws tokens of the asked length from all 62 characters, evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const t = randomToken(31);
      expect(t).toMatch(/^[0-9A-Za-z]{31}$/);
      for (const ch of t) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 62,000 characters: 1,000 expected each; a biased draw (b % 62 without rejection) would skew the first 8
    for (const n of counts.values()) expect(n).toBeGreaterThan(850);
    for (const n of counts.values()) expect(n).toBeLessThan(1150);
  });
});
