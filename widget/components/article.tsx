// One article read inside the panel, with a helpful vote (a "no" offers the team), or "this answered my question" when it came from a draft.
import type { Store } from '../store.ts';
import { cleanHtml } from './safe-html.ts';
import { Problem } from './problem.tsx';

export function ArticleView({ s }: { s: Store }) {
  const t = s.t.value;
  const a = s.article.value;
  const from = s.articleFrom.value;
  if (!a) return null;
  return (
    <article>
      <button type="button" class="link" onClick={() => s.go(from)}>
        {from === 'contact' ? t.backToForm : t.back}
      </button>
      <h3 tabIndex={-1} data-focus>
        {a.title}
      </h3>
      <Problem s={s} retry={() => s.openArticle(a, from)} />
      {/* Keys keep Preact from reusing the vote row's <div> for the loaded article, which dropped keyboard focus. */}
      {'bodyHtml' in a ? (
        <div key="art" class="art" dangerouslySetInnerHTML={{ __html: cleanHtml(a.bodyHtml) }} />
      ) : (
        <p key="loading">{t.loading}</p>
      )}
      {from === 'contact' ? (
        <div key="deflect" class="row">
          <button type="button" class="btn" onClick={s.deflect}>
            {t.answered}
          </button>
          <button type="button" class="ghost" onClick={() => s.go('contact')}>
            {t.backToForm}
          </button>
        </div>
      ) : s.voted.value === false && s.features.tickets ? (
        <div key="sorry" class="vote">
          <span>{t.notHelpful}</span>
          <button type="button" class="btn" onClick={s.askTeam}>
            {t.askTeam}
          </button>
        </div>
      ) : s.voted.value !== null ? (
        <p key="thanks" class="ok vote">
          {t.thanks}
        </p>
      ) : (
        <div key="vote" class="vote">
          <span>{t.helpful}</span>
          <button type="button" class="ghost" onClick={() => s.vote(true)}>
            {t.yes}
          </button>
          <button type="button" class="ghost" onClick={() => s.vote(false)}>
            {t.no}
          </button>
        </div>
      )}
    </article>
  );
}
