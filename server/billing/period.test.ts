import { describe, expect, it } from 'vitest';
import { periodOf } from './period.ts';

describe('periodOf', () => {
  it.each([
    [
      'counts months from the anchor day and time',
      '2026-01-15T10:00:00.000Z',
      '2026-03-20T00:00:00Z',
      0,
      '2026-03-15T10:00:00.000Z',
      '2026-04-15T10:00:00.000Z',
    ],
    [
      'ends a period just before the anchor time',
      '2026-01-15T10:00:00.000Z',
      '2026-03-15T09:59:59Z',
      0,
      '2026-02-15T10:00:00.000Z',
      '2026-03-15T10:00:00.000Z',
    ],
    [
      'clamps a 31st anchor to a short month',
      '2025-10-31T00:00:00.000Z',
      '2026-02-28T12:00:00Z',
      0,
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ],
    [
      'crosses the year',
      '2025-10-31T00:00:00.000Z',
      '2026-01-05T00:00:00Z',
      0,
      '2025-12-31T00:00:00.000Z',
      '2026-01-31T00:00:00.000Z',
    ],
    [
      'moves back a whole period',
      '2026-01-01T00:00:00.000Z',
      '2026-01-10T00:00:00Z',
      -1,
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ],
    [
      'moves on a whole period',
      '2026-01-01T00:00:00.000Z',
      '2026-01-10T00:00:00Z',
      1,
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ],
  ])('%s', (_name, anchor, now, offset, start, end) => {
    const p = periodOf(anchor, new Date(now), offset);
    expect([p.start.toISOString(), p.end.toISOString()]).toEqual([start, end]);
  });
});
