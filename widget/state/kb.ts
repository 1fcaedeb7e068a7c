// The knowledge base in the panel: search as the visitor types, one article with its vote, and "this answered my question".
import { batch, signal } from '../signals.ts';
import type { Api, Article, PublicArticleSummary, SearchHit } from '../api.ts';
import { fill } from '../../i18n/index.ts';
import type { Form } from './form.ts';
import type { HostEvents } from './host-events.ts';
import type { Shell, View } from './shell.ts';

export function createKb(api: Api, shell: Shell, form: Form, events: HostEvents, home: View) {
  const query = signal('');
  const results = signal<SearchHit[] | null>(null);
  const article = signal<Article | null>(null);
  /** Where the article was opened from, so "Back" returns there (search, or the draft's suggestions). */
  const articleFrom = signal<View>('help');
  /** The visitor's vote on the article on screen, null before they vote. */
  const voted = signal<boolean | null>(null);
  /** Most viewed articles, shown before anyone types; loaded once per language. */
  const popular = signal<PublicArticleSummary[]>([]);
  let popularLocale = '';

  async function search(text: string) {
    query.value = text;
    if (!text.trim()) return void (results.value = null);
    try {
      const { data } = await api.search(text, shell.locale.value, form.session());
      if (query.value !== text) return; // a newer search is under way
      results.value = data;
      shell.problem.value = '';
      shell.say(
        data.length ? fill(shell.t.value.results, { n: data.length }) : fill(shell.t.value.noResults, { q: text }),
      );
    } catch (e) {
      shell.problem.value = shell.explain(e);
    }
  }

  async function openArticle(a: Article, from: View) {
    batch(() => {
      article.value = a;
      articleFrom.value = from;
      voted.value = null;
    });
    shell.go('article');
    try {
      // The search it was opened from goes along, so the server can lift it for that search.
      const full = await api.article(a.id, form.session(), from === 'help' ? query.value.trim() : undefined);
      if (article.value?.id === a.id) article.value = full;
      events.emit('article:viewed', { id: full.id, title: full.title, slug: full.slug });
    } catch (e) {
      shell.problem.value = shell.explain(e);
    }
  }

  async function loadPopular() {
    const l = shell.locale.value;
    if (popularLocale === l) return;
    popularLocale = l;
    try {
      popular.value = (await api.popular(l)).data;
    } catch {
      // a help, never a blocker
    }
  }

  async function vote(helpful: boolean) {
    voted.value = helpful;
    await api.vote(article.value!.id, helpful).catch(() => undefined);
  }

  /** After a "no": the form, with the article named in the subject so the team knows what was read. */
  function askTeam() {
    const d = form.draft.value;
    if (!d.subject.trim())
      form.draft.value = { ...d, subject: fill(shell.t.value.about, { title: article.value!.title }) };
    shell.go('contact');
  }

  /** Counts the deflection against the draft's suggestion session, then clears the draft: it needs no ticket now. */
  async function deflect() {
    await api.deflect(article.value!.id, form.session()).catch(() => undefined);
    form.reset();
    shell.go(home);
    shell.notice.value = shell.t.value.glad;
    shell.say(shell.t.value.glad);
  }

  return {
    query,
    results,
    popular,
    article,
    articleFrom,
    voted,
    search,
    loadPopular,
    openArticle,
    vote,
    askTeam,
    deflect,
  };
}
