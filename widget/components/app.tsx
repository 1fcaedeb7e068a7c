// The root inside the shadow: live region, panel and launcher, in the visitor's language and direction.
import type { Store } from '../store.ts';
import type { Theme } from '../config.ts';
import { Launcher } from './launcher.tsx';
import { Panel } from './panel.tsx';

export function App({ s, theme }: { s: Store; theme: Theme }) {
  const open = s.isOpen.value;
  return (
    <div
      class={`root${theme.position === 'bottom-left' ? ' left' : ''}${open ? ' open' : ''}`}
      dir={s.dir.value}
      lang={s.locale.value}
    >
      <div class="sr" role="status" aria-live="polite">
        {s.announce.value}
      </div>
      {open && <Panel s={s} />}
      {!theme.hideLauncher && <Launcher s={s} />}
    </div>
  );
}
