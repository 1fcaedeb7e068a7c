// @vitest-environment happy-dom
// The render trigger: a component re-renders on the signals it read (and only it), keeps its DOM (focus) across its
// own and its parent's re-renders, and stops listening once unmounted.
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal, useEffect, useRef, useState } from './signals.ts';

describe('widget signals', () => {
  it('re-renders the component that read a signal, and only it, after the change', async () => {
    const name = signal('Ada');
    const other = signal(0);
    let outer = 0;
    let inner = 0;
    function Name() {
      inner++;
      return <b>{name.value}</b>;
    }
    function Card() {
      outer++;
      return (
        <p>
          {other.value} <Name />
        </p>
      );
    }
    const root = document.createElement('div');
    await act(() => render(<Card />, root));
    expect(root.textContent).toBe('0 Ada');
    await act(() => void (name.value = 'Grace'));
    expect(root.textContent).toBe('0 Grace');
    expect([outer, inner]).toEqual([1, 2]);
    await act(() => void (other.value = 1));
    expect(root.textContent).toBe('1 Grace');
    expect(outer).toBe(2);
    render(null, root);
  });

  it('keeps the element of a child that re-rendered on its own when its parent renders next, so focus stays', async () => {
    const q = signal('');
    const hits = signal(0);
    function Field() {
      return <input id="q" value={q.value} />;
    }
    function Search() {
      return (
        <div>
          <Field />
          {hits.value}
        </div>
      );
    }
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<Search />, root));
    const input = root.querySelector('input')!;
    input.focus();
    // The field re-renders alone (Preact copies its vnode for that), then the results re-render the parent.
    await act(() => void (q.value = 'pass'));
    await act(() => void (hits.value = 3));
    expect(root.querySelector('input')).toBe(input);
    expect(document.activeElement).toBe(input);
    expect(root.textContent).toBe('3');
    render(null, root);
  });

  it('stops re-rendering a component once it is unmounted', async () => {
    const n = signal(0);
    let renders = 0;
    function Count() {
      renders++;
      return <i>{n.value}</i>;
    }
    const root = document.createElement('div');
    await act(() => render(<Count />, root));
    await act(() => render(null, root));
    await act(() => void (n.value = 1));
    expect(renders).toBe(1);
  });

  it("runs the components' effects once in the DOM, again when a dependency changes, and cleans up on unmount", async () => {
    const view = signal('a');
    const log: string[] = [];
    let set: (v: number) => void = () => {};
    function Box() {
      const ref = useRef<HTMLElement>(null);
      const [n, setN] = useState(0);
      set = setN;
      const v = view.value;
      useEffect(() => {
        log.push(`mount ${ref.current?.tagName}`);
        return () => log.push('unmount');
      }, []);
      useEffect(() => {
        log.push(`view ${v}`);
        return () => log.push(`leave ${v}`);
      }, [v]);
      return (
        <em ref={ref}>
          {v}
          {n}
        </em>
      );
    }
    const root = document.createElement('div');
    await act(() => render(<Box />, root));
    expect(log).toEqual(['mount EM', 'view a']);
    await act(() => set(2));
    expect(root.textContent).toBe('a2');
    expect(log).toEqual(['mount EM', 'view a']);
    await act(() => void (view.value = 'b'));
    expect(root.textContent).toBe('b2');
    expect(log).toEqual(['mount EM', 'view a', 'leave a', 'view b']);
    await act(() => render(null, root));
    expect(log).toEqual(['mount EM', 'view a', 'leave a', 'view b', 'unmount', 'leave b']);
  });
});
