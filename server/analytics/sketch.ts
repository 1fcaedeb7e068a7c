// A mergeable sketch of durations in fixed log-scale buckets, so a day's rollup can answer medians and p90 of any
// run of days. Bucket 0 holds 0 s; bucket i ≥ 1 holds [γ^(i-1), γ^i) seconds with γ = 1.04. A percentile read from
// the sketch lies in the same bucket as the exact nearest-rank value and is reported as the bucket's harmonic
// middle, so it is within (γ-1)/(γ+1) ≈ 2 % of the exact figure (plus rounding to a whole second); a bucket holding
// a single whole second (everything below 25 s) answers exactly.

const GAMMA = 1.04;
const LOG_GAMMA = Math.log(GAMMA);
/** The largest relative error of a percentile read from a sketch (before rounding to whole seconds). */
export const SKETCH_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

/** Bucket index → count; sparse, since a day's durations fill few of the ~500 buckets up to three years. */
export type Sketch = Map<number, number>;

export function bucketOf(seconds: number): number {
  if (seconds < 1) return 0;
  // The nudge keeps exact powers of γ in their own bucket despite floating-point logs.
  return Math.floor(Math.log(seconds) / LOG_GAMMA + 1e-9) + 1;
}

/** What a bucket reports: its harmonic middle, clamped to the whole seconds it can hold. */
export function valueOf(bucket: number): number {
  if (bucket === 0) return 0;
  const lo = GAMMA ** (bucket - 1);
  const hi = GAMMA ** bucket;
  const first = Math.ceil(lo - 1e-9);
  const last = Math.ceil(hi - 1e-9) - 1;
  return Math.min(last, Math.max(first, Math.round((2 * lo * hi) / (lo + hi))));
}

export function addTo(s: Sketch, seconds: number, count = 1): void {
  const b = bucketOf(seconds);
  s.set(b, (s.get(b) ?? 0) + count);
}

export function mergeInto(into: Sketch, from: Sketch): void {
  for (const [b, n] of from) into.set(b, (into.get(b) ?? 0) + n);
}

/** The p-th percentile by nearest rank (the same rank as `percentile` over sorted values), null when empty. */
export function sketchPercentile(s: Sketch, p: number): number | null {
  let total = 0;
  for (const n of s.values()) total += n;
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil((p / 100) * total)));
  let seen = 0;
  for (const b of [...s.keys()].sort((x, y) => x - y)) {
    seen += s.get(b)!;
    if (seen >= rank) return valueOf(b);
  }
  return null;
}

/** Stored as pairs of 32-bit words (bucket, count), little-endian. */
export function encodeSketch(s: Sketch): Uint8Array {
  const bytes = new Uint8Array(s.size * 8);
  const dv = new DataView(bytes.buffer);
  let i = 0;
  for (const [b, n] of s) {
    dv.setUint32(i, b, true);
    dv.setUint32(i + 4, n, true);
    i += 8;
  }
  return bytes;
}

export function decodeSketchInto(into: Sketch, bytes: ArrayBuffer | Uint8Array | null): void {
  if (!bytes) return;
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const dv = new DataView(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i + 8 <= view.byteLength; i += 8) {
    const b = dv.getUint32(i, true);
    into.set(b, (into.get(b) ?? 0) + dv.getUint32(i + 4, true));
  }
}
