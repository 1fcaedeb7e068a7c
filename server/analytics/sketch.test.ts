import { describe, expect, it } from 'vitest';
import { percentile } from './metrics-queries.ts';
import {
  addTo,
  bucketOf,
  decodeSketchInto,
  encodeSketch,
  SKETCH_RELATIVE_ERROR,
  sketchPercentile,
  valueOf,
  type Sketch,
} from './sketch.ts';

const sketchOf = (values: number[]) => {
  const s: Sketch = new Map();
  for (const v of values) addTo(s, v);
  return s;
};

describe('the duration sketch behind the daily rollups', () => {
  it.each([
    // [values, p, exact nearest-rank answer]: small whole seconds have a bucket each, so they come back exactly.
    [[0, 0, 5], 50, 0],
    [[3, 7, 12, 20], 50, 7],
    [[3, 7, 12, 20], 90, 20],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
  ])('answers %j at p%i exactly: %i', (values, p, expected) => {
    expect(sketchPercentile(sketchOf(values), p)).toBe(expected);
  });

  it.each([
    // 1 h, 4 h and 3 days: a bucket's answer lies within 2 % of every value it holds.
    [3600],
    [4 * 3600],
    [3 * 86_400],
    [12_345],
  ])('keeps %i s within the stated error bound', (v) => {
    const got = valueOf(bucketOf(v));
    expect(Math.abs(got - v) / v).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR + 0.5 / v);
    expect(SKETCH_RELATIVE_ERROR).toBeLessThan(0.02);
  });

  it('gives the nearest-rank median and p90 of many values within the bound, after a round trip through bytes', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.round(30 + ((i * 7919) % 5000) * 17.3));
    const sorted = [...values].sort((a, b) => a - b);
    const back: Sketch = new Map();
    decodeSketchInto(back, encodeSketch(sketchOf(values)));
    for (const p of [50, 90]) {
      const exact = percentile(sorted, p)!;
      expect(Math.abs(sketchPercentile(back, p)! - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR + 0.001);
    }
    expect(sketchPercentile(new Map(), 50)).toBeNull();
  });
});
