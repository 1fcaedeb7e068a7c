// The widget's signals: @preact/signals-core plus a small render trigger, about 1 KB gzip less than @preact/signals.
// Every function component renders inside an effect: the signals it reads while rendering re-render it (only it)
// when they change. Reads in event handlers and hooks' effects are not tracked, as with @preact/signals.
import { Fragment, options, type Component, type FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { effect } from '@preact/signals-core';

export { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';

type Tracked = Component & { _dispose?: () => void };
type Fn = FunctionComponent & { _tracked?: FunctionComponent };

function track(render: Fn): FunctionComponent {
  const tracked: Fn = function (this: Tracked, props, context) {
    // The effect of the last render goes; this render's reads make the new one.
    this._dispose?.();
    useEffect(() => () => this._dispose?.(), []);
    let out: ReturnType<FunctionComponent>;
    let first = true;
    this._dispose = effect(() => {
      if (first) {
        first = false;
        out = render.call(this, props, context);
      } else this.setState({});
    });
    return out!;
  };
  // A component re-rendering on its own sends a copy of its vnode here again: the wrapper is its own wrapper, or the
  // parent's next render would see another type and remount the child (the search box lost focus).
  return (tracked._tracked = tracked);
}

const prev = options.vnode;
options.vnode = (vnode) => {
  const type = vnode.type as Fn;
  if (typeof type === 'function' && type !== Fragment && !type.prototype?.render)
    vnode.type = type._tracked ??= track(type);
  prev?.(vnode);
};
