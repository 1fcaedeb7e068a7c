import { describe, expect, it } from 'vitest';
import { renderBody, renderMarkdown } from './markdown.ts';

const REST = '\n\nThe rest of the article.\n\n## Still here\n\n- and this item';

/** What must come out of every construct below: the Markdown after it, rendered. */
function expectRestSurvives(html: string) {
  expect(html).toContain('<p>The rest of the article.</p>');
  expect(html).toContain('<h2>Still here</h2>');
  expect(html).toContain('<li>and this item</li>');
}

function expectNothingActive(html: string) {
  expect(html).not.toMatch(/<(script|style|svg|math|noscript|textarea|title|xmp|iframe)\b/i);
  expect(html).not.toMatch(/\son\w+=/i);
}

describe('renderMarkdown keeps the article after raw HTML the sanitizer drops', () => {
  const constructs = [
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    'Before <math><mtext><table><mglyph><style> in the same paragraph',
    '<math><mtext><table><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">',
    '<svg><style>',
    'Text <svg><style> more text',
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<noscript><style></noscript><img src=x onerror=alert(1)>',
    'Text <noscript><style>',
    '<noscript>\n<style>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<style>',
    '<script>',
    '<textarea>',
    '<title>',
    '<xmp>',
    '<!--',
    '# Heading <math><mtext><table><mglyph><style>',
    '> Quote <svg><style>',
    '- Item <svg><style>',
  ];
  for (const construct of constructs) {
    it(`after ${JSON.stringify(construct)}`, () => {
      const html = renderMarkdown(construct + REST);
      expectRestSurvives(html);
      expectNothingActive(html);
    });
  }

  it('keeps the rest in the search text too', () => {
    expect(renderBody('<math><mtext><table><mglyph><style>' + REST).text).toContain(
      'The rest of the article. Still here and this item',
    );
  });

  it('still drops a closed script or style with its content, and keeps allowed inline and wrapping HTML', () => {
    const dropped = renderMarkdown('<script>alert(1)</script>\n\n<style>p{}</style>' + REST);
    expect(dropped).not.toContain('alert');
    expect(dropped).not.toContain('p{}');
    expectRestSurvives(dropped);
    expect(renderMarkdown('Press <kbd>Ctrl</kbd>+<kbd>C</kbd>')).toBe('<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd></p>\n');
    expect(renderMarkdown('<div>\n\n**bold**\n\n</div>')).toBe('<div><p><strong>bold</strong></p>\n</div>');
  });
});
