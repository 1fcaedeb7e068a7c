import { describe, expect, it } from 'vitest';
import { periodOf } from './period.ts';

const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()];

describe('periodOf', () => {
  it('counts months from the anchor day and time', () => {
    expect(iso(periodOf('2026-01-15T10:00:00.000Z', new Date('2026-03-20T00:00:00Z')))).toEqual([
      '2026-03-15T10:00:00.000Z',
      '2026-04-15T10:00:00.000Z',
    ]);
    expect(iso(periodOf('2026-01-15T10:00:00.000Z', new Date('2026-03-15T09:59:59Z')))).toEqual([
      '2026-02-15T10:00:00.000Z',
      '2026-03-15T10:00:00.000Z',
    ]);
  });

  it('clamps a 31st anchor to short months and crosses the year', () => {
    expect(iso(periodOf('2025-10-31T00:00:00.000Z', new Date('2026-02-28T12:00:00Z')))).toEqual([
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
    ]);
    expect(iso(periodOf('2025-10-31T00:00:00.000Z', new Date('2026-01-05T00:00:00Z')))).toEqual([
      '2025-12-31T00:00:00.000Z',
      '2026-01-31T00:00:00.000Z',
    ]);
  });

  it('moves by whole periods', () => {
    const now = new Date('2026-01-10T00:00:00Z');
    expect(iso(periodOf('2026-01-01T00:00:00.000Z', now, -1))).toEqual([
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(iso(periodOf('2026-01-01T00:00:00.000Z', now, 1))).toEqual([
      '2026-02-01T00:00:00.000Z',
      '2026-03-01T00:00:00.000Z',
    ]);
  });
});
