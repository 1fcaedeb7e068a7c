// The widget's signals: @preact/signals-core plus a small render trigger, about 1 KB gzip less than @preact/signals,
// and the three hooks the components use, about 1 KB gzip less than preact/hooks.
// Every function component becomes a class component whose render runs inside an effect: the signals it read while
// rendering re-render it (only it) when they change. Reads in event handlers and hooks' effects are not tracked, as
// with @preact/signals. The class's lifecycle (public Preact API) runs the hooks' effects, so nothing here depends on
// Preact's mangled internals.
import { Component, Fragment, options, type ComponentChild, type FunctionComponent } from 'preact';
import { effect } from '@preact/signals-core';

export { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';

type Cleanup = void | (() => void);
interface Fx {
  _run: () => Cleanup;
  _deps?: readonly unknown[];
  _undo?: Cleanup;
  _due?: boolean;
}

let current: Tracked | undefined;
let slot = 0;
/** The component whose render is running: its hooks take its slots, from the first. */
const rendering = (c?: Tracked) => {
  current = c;
  slot = 0;
};

/** A function component's hook slots, in call order (refs, states, effects), kept on its instance. */
const slots = () => current!._slots;

class Tracked extends Component {
  _slots: unknown[] = [];
  _dispose?: () => void;
  declare _fn: FunctionComponent;
  render(props: object, _state: unknown, context: unknown): ComponentChild {
    // The effect of the last render goes; this render's reads make the new one.
    this._dispose?.();
    let out: ComponentChild;
    let first = true;
    this._dispose = effect(() => {
      if (first) {
        first = false;
        rendering(this);
        try {
          out = this._fn.call(this, props, context) as ComponentChild;
        } finally {
          rendering();
        }
      } else this.setState({});
    });
    return out;
  }
  componentDidMount() {
    for (const s of this._slots as Fx[])
      if (s?._due) {
        s._due = false;
        if (typeof s._undo === 'function') s._undo();
        s._undo = s._run();
      }
  }
  componentDidUpdate() {
    this.componentDidMount();
  }
  componentWillUnmount() {
    this._dispose?.();
    for (const s of this._slots as Fx[]) if (typeof s?._undo === 'function') s._undo();
  }
}

type Fn = FunctionComponent & { _tracked?: typeof Tracked };

const prev = options.vnode;
options.vnode = (vnode) => {
  const type = vnode.type as Fn;
  if (typeof type === 'function' && type !== Fragment && !type.prototype?.render) {
    if (!type._tracked) {
      type._tracked = class extends Tracked {};
      type._tracked.prototype._fn = type;
    }
    vnode.type = type._tracked as never;
  }
  prev?.(vnode);
};

/** A box that lives as long as the component (its `current` survives re-renders). */
export function useRef<T>(initial: T): { current: T };
export function useRef<T>(initial: T | null): { current: T | null };
export function useRef<T>(initial: T | undefined): { current: T | undefined };
export function useRef<T>(initial: T) {
  const h = slots();
  return (h[slot++] ??= { current: initial }) as { current: T };
}

/** A value of the component's own; setting a different one re-renders it. */
export function useState<T>(initial: T): [T, (next: T) => void] {
  const c = current!;
  const h = slots();
  const i = slot++;
  const s = (h[i] ??= [
    initial,
    (next: T) => {
      if (s[0] !== next) {
        s[0] = next;
        c.setState({});
      }
    },
  ]) as [T, (next: T) => void];
  return s;
}

/** Runs after the render is in the DOM, again when a dependency changed (cleaning up first), cleans up on unmount. */
export function useEffect(run: () => Cleanup, deps?: readonly unknown[]) {
  const h = slots();
  const s = h[slot] as Fx | undefined;
  if (!s || !deps || !s._deps || deps.length !== s._deps.length || deps.some((d, j) => d !== s._deps![j]))
    h[slot] = { _run: run, _deps: deps, _undo: s?._undo, _due: true } satisfies Fx;
  slot++;
}
