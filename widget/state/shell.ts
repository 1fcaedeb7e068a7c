// The panel itself: open or closed, the view on screen, the visitor's language, and what the widget tells them.
import { batch, computed, signal } from '../signals.ts';
import { ApiError, type Api } from '../api.ts';
import type { TenantConfig } from '../config.ts';
import { fill, isRtl, pickLocale, withFallback, type Strings } from '../../i18n/index.ts';
import type { HostEvents } from './host-events.ts';

export type View = 'help' | 'article' | 'contact' | 'sent' | 'tickets' | 'thread';

export type Shell = ReturnType<typeof createShell>;

export function createShell(api: Api, tenant: TenantConfig, start: View, events: HostEvents) {
  const locale = signal(pickLocale(tenant.locale));
  const t = signal<Strings>(withFallback(tenant.strings as Partial<Strings>));
  const dir = computed(() => (isRtl(locale.value) ? 'rtl' : 'ltr'));
  const isOpen = signal(false);
  const view = signal<View>(start);
  /** The alert of the current view (a failed call); `notice` is its good news. */
  const problem = signal('');
  const notice = signal('');
  /** The text of the polite live region, for screen readers. */
  const announce = signal('');
  const busy = signal(false);

  function say(text: string) {
    // Re-setting the same text would not be re-announced; clear first.
    announce.value = '';
    setTimeout(() => (announce.value = text), 50);
  }

  /** A failed call as one short sentence: no status codes, no field paths; the server's detail only for a refusal it explains. */
  function explain(e: unknown): string {
    const err = e instanceof ApiError ? e : new ApiError(0, String(e));
    const s = err.status;
    // A server error is as good as unreachable for the visitor: their text is kept, the retry is the same.
    if (s === 0 || s >= 500) return t.value.offline;
    if (s === 429) return fill(t.value.tooMany, { s: err.retryAfter });
    if (s === 422) return t.value.notAccepted;
    return fill(t.value.failed, { s: err.message });
  }

  /** One call at a time: busy while it runs, its failure the view's alert (the visitor's text stays for a retry). */
  async function run(fn: () => Promise<unknown>) {
    if (busy.value) return;
    busy.value = true;
    problem.value = '';
    try {
      await fn();
    } catch (e) {
      problem.value = explain(e);
    } finally {
      busy.value = false;
    }
  }

  function go(v: View) {
    batch(() => {
      view.value = v;
      problem.value = '';
      notice.value = '';
    });
  }

  function open() {
    if (isOpen.value) return;
    isOpen.value = true;
    events.emit('open');
  }
  function close() {
    if (!isOpen.value) return;
    isOpen.value = false;
    events.emit('close');
  }

  /** Other languages' texts come from the server (embed.js carries English only); direction flips with them. */
  async function setLocale(wanted: string) {
    const l = pickLocale(wanted);
    const next = l === 'en' ? {} : (await api.config(l)).strings;
    batch(() => {
      t.value = withFallback(next as Partial<Strings>);
      locale.value = l;
    });
  }

  return {
    locale,
    t,
    dir,
    isOpen,
    view,
    problem,
    notice,
    announce,
    busy,
    say,
    explain,
    run,
    go,
    open,
    close,
    toggle: () => (isOpen.value ? close() : open()),
    setLocale,
  };
}
