// A small Markdown preview that builds elements, never HTML strings: what the editor types cannot inject markup.
import type { ComponentChildren, VNode } from 'preact';

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*|_[^_]+_)|(\[[^\]]+\]\([^)\s]+\))/;

export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  for (let m = INLINE.exec(rest); m; m = INLINE.exec(rest)) {
    if (m.index) out.push(rest.slice(0, m.index));
    const t = m[0];
    if (m[1]) out.push(<code>{t.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong>{inline(t.slice(2, -2))}</strong>);
    else if (m[3]) out.push(<em>{inline(t.slice(1, -1))}</em>);
    else {
      const [, label, url] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t)!;
      out.push(/^(https?:|mailto:)/i.test(url) ? <a href={url} rel="noopener noreferrer" target="_blank">{inline(label)}</a> : label);
    }
    rest = rest.slice(m.index + t.length);
  }
  if (rest) out.push(rest);
  return out;
}

export function renderBlocks(src: string): VNode[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: VNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
    } else if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      blocks.push(<pre><code>{code.join('\n')}</code></pre>);
    } else if (/^#{1,6}\s/.test(line)) {
      const H = `h${line.indexOf(' ')}` as 'h2';
      blocks.push(<H>{inline(line.replace(/^#+\s*/, ''))}</H>);
      i++;
    } else if (/^\s*([-*+]|\d+\.)\s/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: VNode[] = [];
      for (; i < lines.length && /^\s*([-*+]|\d+\.)\s/.test(lines[i]); i++) items.push(<li>{inline(lines[i].replace(/^\s*([-*+]|\d+\.)\s+/, ''))}</li>);
      blocks.push(ordered ? <ol>{items}</ol> : <ul>{items}</ul>);
    } else if (line.startsWith('>')) {
      const quote: string[] = [];
      for (; i < lines.length && lines[i].startsWith('>'); i++) quote.push(lines[i].replace(/^>\s?/, ''));
      blocks.push(<blockquote>{inline(quote.join(' '))}</blockquote>);
    } else {
      const para: string[] = [];
      for (; i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```|>|\s*([-*+]|\d+\.)\s)/.test(lines[i]); i++) para.push(lines[i]);
      blocks.push(<p>{inline(para.join(' '))}</p>);
    }
  }
  return blocks;
}

export function MarkdownPreview({ source }: { source: string }) {
  return <div class="prose">{source.trim() ? renderBlocks(source) : <p class="muted">Nothing to preview yet: write Markdown on the left.</p>}</div>;
}
