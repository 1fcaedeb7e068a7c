// One article: title, category, language and slug, the Markdown body beside the server's preview, publish, delete, stats.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import type { KbArticle, KbCategory } from '../types.ts';
import { can } from '../state/session.ts';
import { navigate } from '../state/router.ts';
import { ErrorNotice, Success } from '../components/notice.tsx';
import { ArticleHtml, ArticlePreview } from '../components/article-html.tsx';
import { useLoad } from '../components/use-load.ts';

/** Languages the widget speaks; an article may use any other language tag too. */
const LOCALES = [
  ['en', 'English'],
  ['de', 'German'],
  ['ar', 'Arabic'],
] as const;

export function ArticleStats({ stats }: { stats: KbArticle['stats'] }) {
  return (
    <dl class="kb-stats">
      <div>
        <dt>Views</dt>
        <dd>{stats.views}</dd>
      </div>
      <div>
        <dt>Helpful</dt>
        <dd>{stats.helpful}</dd>
      </div>
      <div>
        <dt>Not helpful</dt>
        <dd>{stats.notHelpful}</dd>
      </div>
      <div>
        <dt>Suggested</dt>
        <dd>{stats.suggested}</dd>
      </div>
      <div>
        <dt>Answered the question</dt>
        <dd>{stats.deflections}</dd>
      </div>
    </dl>
  );
}

export function KbEditPage({ id }: { id: string }) {
  const isNew = id === 'new';
  const cats = useLoad(() => api.get<Page<KbCategory>>('/kb/categories', { limit: 100 }), []);
  const [article, setArticle] = useState<KbArticle | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [locale, setLocale] = useState('en');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [tab, setTab] = useState<'preview' | 'published'>('preview');
  const editable = can(isNew ? 'kb:create' : 'kb:update');

  function show(a: KbArticle) {
    setArticle(a);
    setTitle(a.title);
    setBody(a.body);
    setCategoryId(a.categoryId ?? '');
    setLocale(a.locale);
    setSlug(a.slug);
  }

  useEffect(() => {
    if (isNew) return;
    let current = true;
    api.get<KbArticle>(`/kb/articles/${id}`).then(
      (a) => current && show(a),
      (e) => current && setError(e),
    );
    return () => void (current = false);
  }, [id]);

  async function save(status?: 'draft' | 'published') {
    setError(null);
    setSaved('');
    // An empty slug on a new article is derived from the title by the server.
    const payload = {
      title,
      body,
      categoryId: categoryId || null,
      locale,
      ...(slug.trim() ? { slug } : {}),
      ...(status ? { status } : {}),
    };
    try {
      const a = isNew
        ? await api.post<KbArticle>('/kb/articles', payload)
        : await api.patch<KbArticle>(`/kb/articles/${id}`, payload);
      show(a);
      setSaved(a.status === 'published' ? 'Saved and published.' : 'Saved as draft.');
      if (isNew) navigate(`/kb/${a.id}`);
    } catch (err) {
      setError(err);
    }
  }

  async function remove() {
    if (
      !article ||
      !confirm(`Delete the article “${article.title}”? It disappears from the help centre and its stats are lost.`)
    )
      return;
    try {
      await api.del(`/kb/articles/${article.id}`);
      navigate('/kb');
    } catch (err) {
      setError(err);
    }
  }

  if (!isNew && !article && !error) return <p class="muted page">Loading article…</p>;
  return (
    <section class="page kb-edit" aria-labelledby="kb-edit-title">
      <p>
        <a href="#/kb">← Knowledge base</a>
      </p>
      <div class="page-head">
        <h1 id="kb-edit-title">{isNew ? 'New article' : 'Edit article'}</h1>
        {article && <span class={`pill kb-${article.status}`}>{article.status}</span>}
      </div>
      <ErrorNotice error={error} />
      {saved && <Success>{saved}</Success>}
      {article && (
        <section class="card kb-stats-card" aria-label="How visitors use this article">
          <ArticleStats stats={article.stats} />
        </section>
      )}
      <form class="editor" onSubmit={(e) => (e.preventDefault(), save())}>
        <div class="editor-fields">
          <fieldset disabled={!editable}>
            <label for="kb-title-input">Title</label>
            <input id="kb-title-input" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
            <label for="kb-category">Category</label>
            <select id="kb-category" value={categoryId} onChange={(e) => setCategoryId(e.currentTarget.value)}>
              <option value="">Uncategorized</option>
              {(cats.data?.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <div class="split">
              <div>
                <label for="kb-locale">Language</label>
                <input
                  id="kb-locale"
                  required
                  list="kb-locales"
                  value={locale}
                  onInput={(e) => setLocale(e.currentTarget.value)}
                  aria-describedby="kb-locale-hint"
                />
                <datalist id="kb-locales">
                  {LOCALES.map(([tag, name]) => (
                    <option key={tag} value={tag}>
                      {name}
                    </option>
                  ))}
                </datalist>
                <p id="kb-locale-hint" class="help">
                  A language tag such as en, de or pt-br; visitors see the article in that language.
                </p>
              </div>
              <div>
                <label for="kb-slug">Slug</label>
                <input
                  id="kb-slug"
                  class="mono"
                  value={slug}
                  placeholder="from the title"
                  onInput={(e) => setSlug(e.currentTarget.value)}
                  aria-describedby="kb-slug-hint"
                />
                <p id="kb-slug-hint" class="help">
                  Lowercase letters, digits and dashes; unique in its language.
                </p>
              </div>
            </div>
            <label for="kb-body">Body (Markdown)</label>
            <textarea
              id="kb-body"
              class="mono"
              rows={18}
              value={body}
              onInput={(e) => setBody(e.currentTarget.value)}
            />
          </fieldset>
          <div class="actions">
            {editable && (
              <>
                <button class="btn" type="submit">
                  {isNew ? 'Save draft' : 'Save'}
                </button>
                {article?.status !== 'published' ? (
                  <button class="btn btn-primary" type="button" onClick={() => save('published')}>
                    Publish
                  </button>
                ) : (
                  <button class="btn" type="button" onClick={() => save('draft')}>
                    Unpublish
                  </button>
                )}
              </>
            )}
            {article && can('kb:delete') && (
              <button class="btn btn-danger-ghost" type="button" onClick={remove}>
                Delete article
              </button>
            )}
          </div>
        </div>
        <div class="editor-preview card">
          <div class="tabs small" role="group" aria-label="Preview">
            <button type="button" aria-pressed={tab === 'preview'} onClick={() => setTab('preview')}>
              Preview
            </button>
            <button
              type="button"
              aria-pressed={tab === 'published'}
              disabled={!article}
              onClick={() => setTab('published')}
            >
              As saved
            </button>
          </div>
          {tab === 'preview' || !article ? <ArticlePreview body={body} /> : <ArticleHtml html={article.bodyHtml} />}
        </div>
      </form>
    </section>
  );
}
