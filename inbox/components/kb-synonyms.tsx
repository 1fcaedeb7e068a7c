// Search synonyms of the knowledge base: what visitors type and the articles' words for it (GET/PUT /kb/synonyms).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { can } from '../state/session.ts';
import type { SynonymGroup as Group } from '../types.ts';
import { ErrorNotice, Success } from './notice.tsx';

/** One editable row: the synonyms as the owner types them, comma-separated. */
interface Row {
  key: number;
  term: string;
  synonyms: string;
}

let nextKey = 0;
const toRow = (g: Group): Row => ({ key: nextKey++, term: g.term, synonyms: g.synonyms.join(', ') });
const toGroup = (r: Row): Group => ({
  term: r.term.trim(),
  synonyms: r.synonyms
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
});

export function KbSynonyms() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const editable = can('kb:update');

  useEffect(() => {
    api.get<{ data: Group[] }>('/kb/synonyms').then((r) => setRows(r.data.map(toRow)), setError);
  }, []);

  const change = (key: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs!.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      // Rows left empty are the owner's unfinished additions, not groups.
      const data = rows!.filter((r) => r.term.trim() || r.synonyms.trim()).map(toGroup);
      const r = await api.put<{ data: Group[] }>('/kb/synonyms', { data });
      setRows(r.data.map(toRow));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="card" aria-labelledby="synonyms-title">
      <h2 id="synonyms-title">Search synonyms</h2>
      <p class="help">
        A search for the word also finds articles with its synonyms, in every language: “parcel” → order, package,
        delivery.
      </p>
      {rows === null && !error && <p class="muted">Loading…</p>}
      {rows && (
        <form onSubmit={save}>
          <fieldset disabled={!editable}>
            <legend class="sr-only">Synonym groups</legend>
            {rows.length === 0 && <p class="muted">No synonyms yet.</p>}
            {rows.map((r, i) => (
              <div key={r.key} class="synonym-row">
                <input
                  aria-label={`Word ${i + 1}`}
                  value={r.term}
                  placeholder="parcel"
                  onInput={(e) => change(r.key, { term: e.currentTarget.value })}
                />
                <button
                  class="btn btn-small btn-danger-ghost"
                  type="button"
                  aria-label={`Remove word ${i + 1}${r.term ? ` (${r.term})` : ''}`}
                  onClick={() => (setSaved(false), setRows(rows.filter((x) => x.key !== r.key)))}
                >
                  Remove
                </button>
                <input
                  class="synonyms"
                  aria-label={`Synonyms of word ${i + 1}, separated by commas`}
                  value={r.synonyms}
                  placeholder="order, package"
                  onInput={(e) => change(r.key, { synonyms: e.currentTarget.value })}
                />
              </div>
            ))}
          </fieldset>
          {editable && (
            <div class="actions">
              <button
                class="btn btn-small"
                type="button"
                onClick={() => setRows([...rows, toRow({ term: '', synonyms: [] })])}
              >
                Add a word
              </button>
              <button class="btn btn-small btn-primary" type="submit">
                Save synonyms
              </button>
            </div>
          )}
        </form>
      )}
      <ErrorNotice error={error} />
      {saved && <Success>Synonyms saved; searches use them now.</Success>}
    </section>
  );
}
