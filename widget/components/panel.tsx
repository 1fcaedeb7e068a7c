// The dialog: header with tabs, the current view, focus moved in on open, trapped while open, returned on close.
import { useEffect, useRef, useState } from '../signals.ts';
import type { Store, View } from '../store.ts';
import { KbSearch } from './kb-search.tsx';
import { ArticleView } from './article.tsx';
import { Sent } from './ticket-form.tsx';
import { Contact } from './chat.tsx';
import { TicketList, Thread } from './tickets.tsx';

const TABBABLE =
  'a[href],button:not([disabled]),input:not([disabled]):not([tabindex="-1"]),textarea:not([disabled]),select:not([disabled]),[tabindex="0"]';

const VIEWS = {
  help: KbSearch,
  article: ArticleView,
  contact: Contact,
  sent: Sent,
  tickets: TicketList,
  thread: Thread,
};
const TAB_OF: Record<View, View> = {
  help: 'help',
  article: 'help',
  contact: 'contact',
  sent: 'contact',
  tickets: 'tickets',
  thread: 'tickets',
};

export function Panel({ s }: { s: Store }) {
  const ref = useRef<HTMLDivElement>(null);
  const t = s.t.value;
  const view = s.view.value;
  const tenant = s.tenant;
  // Files dragged over the panel go to the message being written: the new request's, the chat's or the reply's.
  const chat = view === 'contact' && s.chatLive.value;
  const files =
    (chat
      ? s.chatId.value && !s.chatGone.value && s.chatFiles
      : view === 'contact'
        ? s.formFiles
        : view === 'thread' && s.replyFiles) || null;
  const [drag, setDrag] = useState(false);
  const dragging = (e: DragEvent) => {
    if (!files || !e.dataTransfer?.types.includes('Files')) return false;
    e.preventDefault();
    return true;
  };

  // Remember who had focus (the launcher, or the page's own button) and give it back on close.
  useEffect(() => {
    const root = ref.current!.getRootNode() as ShadowRoot;
    const prev = (root.activeElement ?? document.activeElement) as HTMLElement | null;
    return () => {
      const back =
        prev?.isConnected && prev !== document.body ? prev : (root.querySelector('.launcher') as HTMLElement | null);
      back?.focus();
    };
  }, []);

  // A new view moves focus to its first control unless focus is still on something in the panel (a tab),
  // or the page does not have focus (a background tab, the inbox's preview frame): then it is not ours to take.
  useEffect(() => {
    const el = ref.current!;
    const active = (el.getRootNode() as ShadowRoot).activeElement;
    if (document.hasFocus() && (!active || !el.contains(active)))
      (
        el.querySelector<HTMLElement>('[data-focus]') ?? el.querySelector<HTMLElement>(`.body :is(${TABBABLE})`)
      )?.focus();
  }, [view]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      return s.close();
    }
    if (e.key !== 'Tab') return;
    // We move focus ourselves on every Tab, so the order never depends on what the browser counts as tabbable.
    const all = [...ref.current!.querySelectorAll<HTMLElement>(TABBABLE)];
    const active = (ref.current!.getRootNode() as ShadowRoot).activeElement as HTMLElement | null;
    let i = active ? all.indexOf(active) : -1;
    if (i < 0) {
      // Focus sits on something outside the list (a heading focused for a new view): start from where it is.
      const after = all.findIndex(
        (el) => active && active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      i = after < 0 ? all.length : after;
      if (!e.shiftKey) i--;
    }
    e.preventDefault();
    all[(i + (e.shiftKey ? -1 : 1) + all.length) % all.length]?.focus();
  }

  const tabs: [View, string][] = [];
  if (s.features.kb) tabs.push(['help', t.tabHelp]);
  if (s.features.tickets) tabs.push(['contact', t.tabContact]);
  if (s.token.value) tabs.push(['tickets', t.tabTickets]);
  const Body = VIEWS[view];

  return (
    <div
      class="panel"
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby="hd-title"
      aria-describedby="hd-sub"
      onKeyDown={onKeyDown}
      onDragOver={(e) => dragging(e) && setDrag(true)}
      onDragLeave={(e) => !ref.current!.contains(e.relatedTarget as Node) && setDrag(false)}
      onDrop={(e) => {
        setDrag(false);
        if (dragging(e)) files!.add([...e.dataTransfer!.files]);
      }}
    >
      <div class="head">
        <div class="top">
          {tenant.branding.logoUrl && <img src={tenant.branding.logoUrl} alt="" />}
          <h2 id="hd-title">{tenant.name}</h2>
          <button class="x" type="button" aria-label={t.close} onClick={s.close}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
        <p class="sub" id="hd-sub">
          {tenant.availability.message || t.title}
        </p>
        {tabs.length > 1 ? (
          <nav class="tabs">
            {tabs.map(([v, label]) => (
              <button
                key={v}
                type="button"
                class="tab"
                aria-current={TAB_OF[view] === v ? 'page' : undefined}
                onClick={() => s.go(v)}
              >
                {label}
              </button>
            ))}
          </nav>
        ) : (
          <div class="gap" />
        )}
      </div>
      <div class="body">
        <Body s={s} />
      </div>
      {!tenant.branding.hidePoweredBy && <div class="foot">{t.powered}</div>}
      {drag && <div class="drop">{t.dropHint}</div>}
    </div>
  );
}
