// Knowledge base: article list by category and status with each article's views and votes, categories, search synonyms.
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import type { KbArticle, KbCategory } from '../types.ts';
import { can } from '../state/session.ts';
import { href } from '../state/router.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { KbSynonyms } from '../components/kb-synonyms.tsx';
import { useLoad } from '../components/use-load.ts';
import { relative } from '../components/format.ts';

function useCategories() {
  return useLoad(() => api.get<Page<KbCategory>>('/kb/categories', { limit: 100 }), []);
}

function Categories({ cats, onChange }: { cats: KbCategory[]; onChange: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function add(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/kb/categories', { name });
      setName('');
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  async function rename(c: KbCategory) {
    const next = prompt('New name for the category', c.name);
    if (!next || next === c.name) return;
    try {
      await api.patch(`/kb/categories/${c.id}`, { name: next });
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  async function remove(c: KbCategory) {
    if (!confirm(`Delete the category ${c.name}? Its articles stay, uncategorized.`)) return;
    try {
      await api.del(`/kb/categories/${c.id}`);
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card" aria-labelledby="cats-title">
      <h2 id="cats-title">Categories</h2>
      <ul class="plain cat-list">
        {cats.length === 0 && <li class="muted">No categories yet.</li>}
        {cats.map((c) => (
          <li key={c.id}>
            <span>{c.name}</span>
            {can('kb:update') && (
              <button
                class="btn btn-small btn-ghost"
                type="button"
                onClick={() => rename(c)}
                aria-label={`Rename ${c.name}`}
              >
                Rename
              </button>
            )}
            {can('kb:delete') && (
              <button
                class="btn btn-small btn-danger-ghost"
                type="button"
                onClick={() => remove(c)}
                aria-label={`Delete ${c.name}`}
              >
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {can('kb:create') && (
        <form class="inline" onSubmit={add}>
          <label for="cat-name" class="sr-only">
            New category name
          </label>
          <input
            id="cat-name"
            required
            placeholder="New category"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button class="btn btn-small" type="submit">
            Add category
          </button>
        </form>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}

export function KbListPage() {
  const [status, setStatus] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const cats = useCategories();
  const articles = useLoad(
    () => api.get<Page<KbArticle>>('/kb/articles', { limit: 100, status, categoryId }),
    [status, categoryId],
  );
  const catName = (id: string | null) => cats.data?.data.find((c) => c.id === id)?.name ?? 'Uncategorized';
  return (
    <section class="page kb" aria-labelledby="kb-title">
      <div class="page-head">
        <h1 id="kb-title">Knowledge base</h1>
        {can('kb:create') && (
          <a class="btn btn-primary" href={href('/kb/new')}>
            New article
          </a>
        )}
      </div>
      <div class="kb-grid">
        <div>
          <div class="filters">
            <label>
              Status
              <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
                <option value="">All</option>
                <option value="published">Published</option>
                <option value="draft">Drafts</option>
              </select>
            </label>
            <label>
              Category
              <select value={categoryId} onChange={(e) => setCategoryId(e.currentTarget.value)}>
                <option value="">All</option>
                {(cats.data?.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorNotice error={articles.error} />
          <ul class="plain article-list">
            {(articles.data?.data ?? []).length === 0 && !articles.loading && (
              <li class="muted">No articles here yet.</li>
            )}
            {(articles.data?.data ?? []).map((a) => (
              <li key={a.id} class="card article-row">
                <a href={href(`/kb/${a.id}`)}>{a.title}</a>
                <span class={`pill kb-${a.status}`}>{a.status}</span>
                <span class="pill pill-locale" title="Language">
                  {a.locale}
                </span>
                <span class="article-stats">
                  {a.stats.views} views · {a.stats.helpful} helpful · {a.stats.notHelpful} not helpful
                </span>
                <span class="muted">
                  {catName(a.categoryId)} · updated {relative(a.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div class="kb-side">
          <Categories cats={cats.data?.data ?? []} onChange={cats.reload} />
          <KbSynonyms />
        </div>
      </div>
    </section>
  );
}
