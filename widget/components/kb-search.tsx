// Knowledge base search inside the panel: popular articles until the visitor types, then results with highlighted snippets.
import { useEffect, useRef } from '../signals.ts';
import type { PublicArticleSummary, SearchHit } from '../api.ts';
import type { Store, View } from '../store.ts';
import { fill } from '../../i18n/index.ts';
import { snippetParts } from './safe-html.ts';
import { Problem } from './problem.tsx';

/** Search hits show their highlighted snippet; popular articles their title only. */
export function ArticleList({ s, items, from }: { s: Store; items: (SearchHit | PublicArticleSummary)[]; from: View }) {
  return (
    <ul class="list">
      {items.map((a) => (
        <li key={a.id}>
          <button type="button" class="item" onClick={() => s.openArticle(a, from)}>
            <b>{a.title}</b>
            {'snippet' in a && a.snippet && (
              <span class="snip">
                {snippetParts(a.snippet).map((p) => (typeof p === 'string' ? p : <mark>{p.mark}</mark>))}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function KbSearch({ s }: { s: Store }) {
  const t = s.t.value;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const results = s.results.value;
  const q = s.query.value;
  const popular = s.popular.value;
  const lang = s.locale.value;
  useEffect(() => void s.loadPopular(), [lang]);
  return (
    <div>
      {s.notice.value && <p class="ok">{s.notice.value}</p>}
      <div class="f">
        <label for="hd-q">{t.search}</label>
        <input
          id="hd-q"
          type="search"
          data-focus
          autocomplete="off"
          placeholder={t.searchHint}
          value={q}
          onInput={(e) => {
            const v = e.currentTarget.value;
            s.query.value = v;
            clearTimeout(timer.current);
            timer.current = setTimeout(() => void s.search(v), 180);
          }}
        />
      </div>
      <Problem s={s} retry={() => s.search(q)} />
      {results ? (
        results.length ? (
          <ArticleList s={s} items={results} from="help" />
        ) : (
          <p>{fill(t.noResults, { q })}</p>
        )
      ) : (
        // Only before the visitor types: a list that is about to be replaced would take a Tab meant for the results.
        !q.trim() &&
        popular.length > 0 && (
          <>
            <h3>{t.popular}</h3>
            <ArticleList s={s} items={popular} from="help" />
          </>
        )
      )}
      {s.features.tickets && (
        <div class="row">
          <button type="button" class="ghost wide" onClick={() => s.go('contact')}>
            {t.ask}
          </button>
        </div>
      )}
    </div>
  );
}
