// Rendered help-centre pages by ETag. The ETag already names everything a page is made of (build, KB version,
// tenant record version, address, locale, URL), so an entry is never stale in what it shows; the least recently
// used pages go first once the byte budget is spent. Related and popular lists follow views only as often as the
// KB changes, as their ETag does.
import type { Rendered } from './pages.ts';

export interface CachedPage {
  rendered: Rendered;
  /** The article shown, so a cached read still counts as a view. */
  articleId?: string;
}

export class PageCache {
  #entries = new Map<string, CachedPage>();
  #bytes = 0;

  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  get(etag: string): CachedPage | undefined {
    const hit = this.#entries.get(etag);
    if (hit) {
      this.#entries.delete(etag);
      this.#entries.set(etag, hit);
    }
    return hit;
  }

  set(etag: string, page: CachedPage) {
    const size = page.rendered.html.length;
    if (size > this.maxBytes / 16 || this.#entries.has(etag)) return;
    this.#entries.set(etag, page);
    this.#bytes += size;
    for (const [key, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(key);
      this.#bytes -= old.rendered.html.length;
    }
  }
}
