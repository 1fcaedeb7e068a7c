// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Panel } from './panel.tsx';
import { cleanHtml } from './safe-html.ts';
import type { PublicArticleSummary } from '../api.ts';
import {
  button,
  click,
  makeStore,
  mount,
  publicArticle,
  scriptedFetch,
  searchHit,
  settle,
  type,
  bare,
} from '../test-support.ts';

beforeEach(() => (document.body.innerHTML = ''));
afterEach(() => vi.unstubAllGlobals());

describe('knowledge base in the panel', () => {
  it('searches as the visitor types and shows highlighted snippets as text, never as markup', async () => {
    const calls = scriptedFetch((m, p) =>
      p.startsWith('/kb/search')
        ? {
            body: {
              data: [
                searchHit({
                  id: 'art_1',
                  title: 'Returns and refunds',
                  slug: 'returns',
                  snippet: 'Send <mark>returns</mark> <img src=x onerror="window.pwned=1"> within 60 days',
                }),
              ],
            },
          }
        : bare(p) === '/kb/articles/art_1?q=returns'
          ? {
              body: publicArticle({
                id: 'art_1',
                title: 'Returns and refunds',
                slug: 'returns',
                bodyHtml:
                  '<p>Print the label.</p><script>window.pwned=2</script><a href="javascript:alert(1)" onclick="x()">x</a>',
              }),
            }
          : p.startsWith('/kb/articles?')
            ? { body: { data: [] } }
            : { status: 204 },
    );
    const s = makeStore();
    const viewed: unknown[] = [];
    s.on('article:viewed', (d) => viewed.push(d));
    const root = await mount(<Panel s={s} />);
    const box = root.querySelector('input[type=search]')!;
    expect(root.querySelector(`label[for=${box.id}]`)!.textContent).toContain('Search');
    await type(box, 'returns');
    await settle(200);
    expect(calls.map((c) => c.path)).toContainEqual(
      expect.stringMatching(/^\/kb\/search\?q=returns&locale=en&session=[a-z0-9]{16}$/),
    );
    const item = root.querySelector('.item')!;
    expect(item.querySelector('mark')!.textContent).toBe('returns');
    expect(item.querySelector('img')).toBeNull();
    await click(item);
    await settle();
    // the search it came from goes along, so the server can lift this article for that search
    expect(calls.some((c) => bare(c.path) === '/kb/articles/art_1?q=returns')).toBe(true);
    const art = root.querySelector('.art')!;
    expect(art.querySelector('script')).toBeNull();
    expect(art.querySelector('a')!.getAttribute('href')).toBeNull();
    expect(art.querySelector('a')!.getAttribute('onclick')).toBeNull();
    expect(viewed).toEqual([{ id: 'art_1', title: 'Returns and refunds', slug: 'returns' }]);
    await click(button(root, 'Yes'));
    await settle();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/kb/articles/art_1/vote', body: { helpful: true } });
    expect(root.textContent).toContain('Thanks for the feedback');
  });

  it('says so when nothing matches and offers the contact form', async () => {
    scriptedFetch(() => ({ body: { data: [] } }));
    const s = makeStore();
    const root = await mount(<Panel s={s} />);
    await type(root.querySelector('input[type=search]'), 'teleporter');
    await settle(200);
    expect(root.textContent).toContain('No articles match “teleporter”');
    await click(button(root, 'Still stuck? Send us a message'));
    expect(s.view.value).toBe('contact');
  });
});

describe('knowledge base before the visitor types, and after a "no"', () => {
  // In the shape GET /widget/kb/articles answers: the article without its body, with a plain-text excerpt.
  const summary = (id: string, title: string, excerpt: string): PublicArticleSummary => {
    const { bodyHtml: _, ...rest } = publicArticle({ id, title, bodyHtml: '' });
    return { ...rest, excerpt };
  };
  const popular = [
    summary('art_1', 'Returns and refunds', 'Send returns within 60 days'),
    summary('art_2', 'Shipping times', 'Two to four days'),
  ];
  it("lists popular articles under the empty search box, in the visitor's language, until they type", async () => {
    const calls = scriptedFetch((m, p) =>
      p.startsWith('/kb/articles?')
        ? { body: { data: popular } }
        : p.startsWith('/kb/search')
          ? { body: { data: [searchHit({ id: 'art_3', title: 'Tent care', snippet: '<mark>Tent</mark> care' })] } }
          : undefined,
    );
    const s = makeStore();
    const root = await mount(<Panel s={s} />);
    await settle();
    expect(calls.filter((c) => c.path.startsWith('/kb/articles?')).map((c) => c.path)).toEqual([
      '/kb/articles?locale=en&limit=5',
    ]);
    expect(root.querySelector('h3')!.textContent).toBe('Popular articles');
    expect([...root.querySelectorAll('.item b')].map((b) => b.textContent)).toEqual([
      'Returns and refunds',
      'Shipping times',
    ]);
    await type(root.querySelector('input[type=search]'), 'tent');
    // Gone at the first keystroke, before the results arrive: a Tab then cannot land on a list about to be replaced.
    expect(root.textContent).not.toContain('Popular articles');
    expect(root.querySelector('.item')).toBeNull();
    await settle(200);
    expect([...root.querySelectorAll('.item b')].map((b) => b.textContent)).toEqual(['Tent care']);
    expect(root.textContent).not.toContain('Popular articles');
    await type(root.querySelector('input[type=search]'), '');
    await settle(200);
    expect([...root.querySelectorAll('.item b')].map((b) => b.textContent)).toEqual([
      'Returns and refunds',
      'Shipping times',
    ]);
  });

  it('a "No" vote offers the team, and the form opens with the article named in the subject', async () => {
    const calls = scriptedFetch((m, p) =>
      p.startsWith('/kb/articles?')
        ? { body: { data: popular } }
        : bare(p) === '/kb/articles/art_1'
          ? { body: publicArticle({ id: 'art_1', title: 'Returns and refunds', bodyHtml: '<p>Print the label.</p>' }) }
          : p.endsWith('/vote')
            ? { body: { ok: true } }
            : undefined,
    );
    const s = makeStore();
    const root = await mount(<Panel s={s} />);
    await settle();
    await click(root.querySelector('.item'));
    await settle();
    await click(button(root, 'No'));
    await settle();
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/kb/articles/art_1/vote', body: { helpful: false } });
    expect(root.textContent).toContain('Sorry about that. Our team can help.');
    await click(button(root, 'Ask our team'));
    await settle();
    expect(s.view.value).toBe('contact');
    expect((root.querySelector('#hd-subject') as HTMLInputElement).value).toBe('About “Returns and refunds”');
  });
});

describe('cleanHtml', () => {
  it('drops scripts, handlers, styles and javascript: links but keeps content and safe links', () => {
    const out = cleanHtml(
      '<h2 style="color:red">Hi</h2><style>*{}</style><img src="a.png" onerror="x()"><a href="https://ok.example">ok</a><iframe src="//evil"></iframe>',
    );
    expect(out).toBe(
      '<h2>Hi</h2><img src="a.png"><a href="https://ok.example" target="_blank" rel="noopener noreferrer">ok</a>',
    );
  });
});
