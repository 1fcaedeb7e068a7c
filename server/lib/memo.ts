// Answers remembered by key, emptied whole once `max` keys are held (small, hot, pure lookups: Intl formatters, a
// tenant's theme CSS and its hash). `remembered(key, compute)` returns the kept answer or computes and keeps it.
export function memo<V>(max = 1000): (key: string, compute: () => V) => V {
  const seen = new Map<string, V>();
  return (key, compute) => {
    if (seen.has(key)) return seen.get(key)!;
    if (seen.size >= max) seen.clear();
    const value = compute();
    seen.set(key, value);
    return value;
  };
}
