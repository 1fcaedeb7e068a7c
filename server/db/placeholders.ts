// The `?, ?, …` list for SQL `IN (…)` lists and row values, so bound parameters are always built one way.
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
