// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { resolveTheme } from '../config.ts';
import { button, click, makeStore, mount, PAGE, scriptedFetch, settle, TENANT, widgetTicket } from '../test-support.ts';

const theme = resolveTheme(PAGE, TENANT);
const tickets = (messages: { id: string; body: string; type: 'agent' | 'customer' }[]) => ({
  data: [
    widgetTicket({
      id: 'tkt_1',
      number: 3,
      subject: 'Zip broke',
      messages: messages.map((m) => ({ id: m.id, ticketId: 'tkt_1', body: m.body, author: { type: m.type, name: m.type === 'agent' ? 'Dana' : 'Maren' }, createdAt: '2026-01-01T00:00:00Z' })),
    }),
  ],
});

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

const launcher = (root: HTMLElement) => root.querySelector('.launcher') as HTMLButtonElement;

describe('launcher and panel', () => {
  it('opens a labelled dialog, moves focus into it, and Escape closes it and returns focus to the launcher', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore();
    const seen: string[] = [];
    s.on('open', () => seen.push('open'));
    s.on('close', () => seen.push('close'));
    const root = await mount(<App s={s} theme={theme} />);
    expect(launcher(root).textContent).toContain('Help');
    expect(launcher(root).getAttribute('aria-expanded')).toBe('false');
    launcher(root).focus();
    await click(launcher(root));
    await settle();
    const dialog = root.querySelector('[role=dialog]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(root.querySelector(`#${dialog.getAttribute('aria-labelledby')}`)!.textContent).toBe('Trailhead Outfitters');
    expect(document.activeElement?.id).toBe('hd-q'); // the search box
    await act(() => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await settle();
    expect(root.querySelector('[role=dialog]')).toBeNull();
    expect(document.activeElement).toBe(launcher(root));
    expect(seen).toEqual(['open', 'close']);
  });

  it('keeps Tab inside the dialog', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore();
    const root = await mount(<App s={s} theme={theme} />);
    await click(launcher(root));
    await settle();
    const dialog = root.querySelector('[role=dialog]')!;
    const focusables = [...dialog.querySelectorAll<HTMLElement>('button, input')];
    focusables.at(-1)!.focus();
    await act(() => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })));
    expect(document.activeElement).toBe(focusables[0]);
    await act(() => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true })));
    expect(document.activeElement).toBe(focusables.at(-1));
  });

  it('shows only what the tenant enabled', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore({ tenant: { features: { ticketSubmission: true, knowledgeBase: false } } });
    const root = await mount(<App s={s} theme={theme} />);
    await click(launcher(root));
    await settle();
    expect(root.querySelector('input[type=search]')).toBeNull();
    expect(root.querySelector('#hd-email')).not.toBeNull();
    expect(root.querySelector('.tabs')).toBeNull();
  });

  it('counts a live reply on the launcher badge, announces it, and clears the badge when the thread is read', async () => {
    let thread: Parameters<typeof tickets>[0] = [{ id: 'm1', body: 'The zip broke', type: 'customer' }];
    scriptedFetch((m, p) => (p === '/tickets' ? { body: tickets(thread) } : undefined));
    const s = makeStore({ token: 'hd_vt_1' });
    const got: unknown[] = [];
    s.on('message:received', (d) => got.push(d));
    const root = await mount(<App s={s} theme={theme} />);
    await act(() => s.loadTickets());
    thread = [...thread, { id: 'm2', body: 'Sorry! A new zip is on its way.', type: 'agent' }];
    await act(() => s.loadTickets(true)); // what a live event triggers
    await settle(60);
    expect(root.querySelector('.badge')!.textContent).toBe('1');
    expect(launcher(root).textContent).toContain('1 new');
    expect(root.querySelector('[role=status]')!.textContent).toContain('Sorry! A new zip is on its way.');
    expect(got).toHaveLength(1);
    await click(launcher(root));
    await click(button(root, 'My tickets'));
    await settle();
    await click(root.querySelector('.item'));
    await settle();
    expect(root.querySelector('.badge')).toBeNull();
    const bubbles = [...root.querySelectorAll('.thread li')].map((li) => li.textContent);
    expect(bubbles[1]).toContain('Dana');
    expect(bubbles[1]).toContain('A new zip is on its way');
  });

  it('"forget me" removes the token from the device and the tickets from view', async () => {
    localStorage.setItem('helpdesk:ten_1:visitor', 'hd_vt_1');
    scriptedFetch((m, p) => (p === '/tickets' ? { body: tickets([]) } : undefined));
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={theme} />);
    await click(launcher(root));
    await click(button(root, 'My tickets'));
    await settle();
    await click(button(root, 'Forget me on this device'));
    await settle();
    expect(localStorage.getItem('helpdesk:ten_1:visitor')).toBeNull();
    expect(button(root, 'My tickets')).toBeNull();
    expect(root.textContent).toContain('removed from this device');
  });
});
