// Entry of dist/embed.js: reads window.HelpDeskConfig, mounts the widget, exposes window.HelpDesk and replays queued calls.
//
// The queue stub (for the README): a page that wants to call HelpDesk before embed.js has loaded defines
//
//   window.HelpDesk = window.HelpDesk || function () { (window.HelpDesk.q = window.HelpDesk.q || []).push(arguments); };
//
// and every call made through it is replayed, in order, once the widget is ready.
import { h, render } from 'preact';
import { createApi } from './api.ts';
import { ConfigError, readPageConfig, resolveTheme, type PageConfig } from './config.ts';
import { pickLocale } from '../i18n/index.ts';
import { mountHost } from './shadow.ts';
import { createStore, type Store } from './store.ts';
import { readVisit, storeVisit } from './state/device.ts';
import { App } from './components/app.tsx';

type Call = ArrayLike<unknown>;
type HelpDeskFn = ((cmd: string, ...args: unknown[]) => unknown) & { q?: Call[]; loaded?: boolean };
declare global {
  interface Window {
    HelpDesk?: HelpDeskFn;
    HelpDeskConfig?: PageConfig;
  }
}

const log = (m: string, e?: unknown) => console.error(`[HelpDesk] ${m}`, e ?? '');

function boot() {
  const w = window;
  if (w.HelpDesk?.loaded) return; // the snippet was pasted twice: the first copy stays in charge
  const pending: Call[] = [...(w.HelpDesk?.q ?? [])];
  let cfg: ReturnType<typeof readPageConfig>;
  try {
    cfg = readPageConfig(w.HelpDeskConfig, (document.currentScript as HTMLScriptElement | null)?.src);
  } catch (e) {
    return console.error(e instanceof ConfigError ? e.message : e);
  }

  let store: Store | null = null;
  let unmount: (() => void) | null = null;
  let gone = false;
  const tokenRef = { current: readVisit(cfg.tenantId)?.token ?? null };
  const api = createApi(cfg.apiBase, cfg.apiKey, () => tokenRef.current);

  function run(cmd: string, args: unknown[]): unknown {
    const s = store!;
    const a = args[0] as never;
    switch (cmd) {
      case 'open':
      case 'close':
      case 'toggle':
      case 'prefill':
      case 'on':
      case 'off':
        return (s[cmd] as (...x: unknown[]) => unknown)(...args);
      case 'identify':
        return s.identify(a).catch((e) => log('identify failed:', e));
      case 'setLocale':
        return s.setLocale(a).catch((e) => log('setLocale failed:', e));
      case 'destroy':
        return destroy();
      default:
        log(`unknown command "${cmd}"`);
    }
  }

  /** Removes the element, the stream, every handler and the stored visitor token; the script can then be loaded afresh. */
  function destroy() {
    gone = true;
    store?.forget(false);
    store?.dispose();
    unmount?.();
    if (!store) storeVisit(cfg.tenantId, null);
    store = null;
    delete w.HelpDesk;
  }

  const HelpDesk: HelpDeskFn = (cmd, ...args) => {
    if (gone) return;
    if (!store) return void pending.push([cmd, ...args]);
    return run(cmd, args);
  };
  HelpDesk.loaded = true;
  w.HelpDesk = HelpDesk;

  const domReady = new Promise((r) =>
    document.body ? r(0) : document.addEventListener('DOMContentLoaded', r, { once: true }),
  );
  Promise.all([api.config(pickLocale(cfg.locale, navigator.languages)), domReady]).then(
    ([tenant]) => {
      if (gone) return;
      const theme = resolveTheme(cfg, tenant);
      const { host, shadow } = mountHost(theme);
      const s = createStore(api, cfg, tenant, tokenRef);
      render(h(App, { s, theme }), shadow);
      unmount = () => {
        render(null, shadow);
        host.remove();
      };
      store = s;
      for (const c of pending.splice(0)) {
        const [cmd, ...args] = Array.from(c);
        if (typeof cmd === 'string') run(cmd, args);
        if (gone) return;
      }
      s.start();
      s.emit('ready');
    },
    (e) => log('could not load the widget configuration:', e?.message ?? e),
  );
}

boot();
