// Article HTML as the server renders it (marked + sanitize-html): the saved body, or a live preview of the one being typed.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { ErrorNotice } from './notice.tsx';

/** Sanitized on the server before it reached us: the same HTML the widget and the API serve. */
export function ArticleHtml({ html }: { html: string }) {
  return <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** How long typing pauses before the preview is asked for. */
const DEBOUNCE_MS = 250;

/**
 * The preview is rendered by the server's publishing code (POST /kb/preview), so tables, images and sanitizing
 * look exactly as they will once saved; only the answer to the latest text is shown.
 */
export function ArticlePreview({ body }: { body: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!body.trim()) return;
    let current = true;
    const timer = setTimeout(() => {
      api.post<{ bodyHtml: string }>('/kb/preview', { body }).then(
        (r) => current && (setHtml(r.bodyHtml), setError(null)),
        (e) => current && setError(e),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [body]);
  if (!body.trim()) return <p class="muted">Nothing to preview yet: write Markdown on the left.</p>;
  return (
    <div aria-busy={html === null}>
      <ErrorNotice error={error} />
      {html === null ? <p class="muted">Rendering the preview…</p> : <ArticleHtml html={html} />}
    </div>
  );
}
