// Article bodies: Markdown rendered once on write with marked, sanitized with sanitize-html, plus plain text for the index.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins'],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    '*': ['id'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Rendered inside other people's sites: a link must not hand the page (window.opener) or referrer over.
    a: (tagName, attribs) => {
      const external = /^https?:/i.test(attribs.href ?? '');
      return {
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer', ...(external ? { target: '_blank' } : {}) },
      };
    },
  },
};

const ALLOWED_TAGS = new Set(SANITIZE.allowedTags || []);
const TAG_NAME = /<\/?([a-z][^\s/>]*)/gi;
/** Comments, CDATA, processing instructions and declarations: none of them is kept. */
const MARKUP_DECLARATION = /<[!?]/;

/** Raw HTML that names something the sanitizer drops (raw-text elements, svg, math, comments …). */
const dropsSomething = (html: string) =>
  [...html.matchAll(TAG_NAME)].some((m) => !ALLOWED_TAGS.has(m[1].toLowerCase())) || MARKUP_DECLARATION.test(html);

/**
 * CommonMark lets an HTML block opened by <script>, <style>, <textarea> or a comment run to the
 * end of the document when it is never closed; we end it at its own line instead, so the
 * Markdown after it is still rendered (the line itself is dropped by the sanitizer).
 */
const UNCLOSED_RAW_BLOCK = /^ {0,3}(?:<(script|style|textarea)(?=[\s>]|$)|<!--)[^\n]*(?:\n|$)/i;
const RAW_BLOCK_END: Record<string, RegExp> = {
  script: /<\/script>/i,
  style: /<\/style>/i,
  textarea: /<\/textarea>/i,
  '': /-->/,
};

function unclosedRawBlock(src: string) {
  const m = UNCLOSED_RAW_BLOCK.exec(src);
  if (!m || RAW_BLOCK_END[(m[1] ?? '').toLowerCase()].test(src)) return undefined;
  return { type: 'html' as const, block: true, pre: false, raw: m[0], text: m[0] };
}

const marked = new Marked({ gfm: true, breaks: false });
marked.use({ tokenizer: { html: (src) => unclosedRawBlock(src) ?? false } });

/**
 * The sanitizer's parser reads <style>, <script>, <textarea>, <title> and <xmp> as raw text up to
 * their end tag, even inside <svg>, <math> or <noscript> where a browser would not, so one
 * unclosed tag used to take the rest of the article with it. Each top-level block holding such
 * HTML is therefore sanitized on its own first: whatever it leaves open ends with the block.
 * Blocks with allowed tags only are joined untouched, so `<div>` around Markdown still works.
 */
export function renderMarkdown(source: string): string {
  const tokens = marked.lexer(source);
  const html = tokens
    .map((token) => {
      const piece = marked.parser(Object.assign([token], { links: tokens.links }));
      let risky = false;
      marked.walkTokens([token], (t) => {
        if (t.type === 'html' && dropsSomething(t.text)) risky = true;
      });
      return risky ? sanitizeHtml(piece, SANITIZE) : piece;
    })
    .join('');
  return sanitizeHtml(html, SANITIZE);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text for the search index and excerpts: tags dropped, block ends become spaces, entities decoded. */
export function htmlToText(html: string): string {
  const spaced = html.replace(
    /<\/(p|li|h[1-6]|td|th|tr|div|blockquote|pre|dt|dd|figcaption)>|<br\s*\/?>|<hr\s*\/?>/gi,
    ' ',
  );
  const stripped = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return stripped
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[\uE000\uE001]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Renders once; the route stores source, HTML and text together. */
export function renderBody(source: string) {
  const html = renderMarkdown(source);
  return { html, text: htmlToText(html) };
}

/** First words of a text, cut at a word boundary. */
export function excerpt(text: string, max = 200): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
