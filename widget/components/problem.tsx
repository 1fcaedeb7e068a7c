// The panel's error line: says what went wrong in plain words and offers a retry that keeps the visitor's text.
import type { Store } from '../store.ts';

export function Problem({ s, retry }: { s: Store; retry?: () => unknown }) {
  const p = s.problem.value;
  if (!p) return null;
  return (
    <div class="alert" role="alert">
      {p}
      {retry && (
        <button type="button" class="link" onClick={() => void retry()}>
          {s.t.value.retry}
        </button>
      )}
    </div>
  );
}
