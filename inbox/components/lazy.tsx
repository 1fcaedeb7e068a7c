// Pages opened now and then load on first visit: `lazyPage(() => import('./x.tsx').then((m) => m.X))` is a
// component that shows "Loading…" until its code has arrived, then the page (later renders have it at once).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let Loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  let failed = false;
  const start = () =>
    (loading ??= load().then(
      (c) => {
        Loaded = c;
      },
      () => {
        failed = true;
        loading = null;
      },
    ));
  return function LazyPage(props: P) {
    const [, rerender] = useState(0);
    useEffect(() => {
      if (Loaded) return;
      let live = true;
      void start().then(() => live && rerender((n) => n + 1));
      return () => {
        live = false;
      };
    }, []);
    if (Loaded) return <Loaded {...props} />;
    if (failed)
      return (
        <p role="alert">
          This page could not be loaded. <a href={location.href}>Reload</a> to try again.
        </p>
      );
    return (
      <p class="loading" aria-busy="true">
        Loading…
      </p>
    );
  };
}
