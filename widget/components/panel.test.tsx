// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { resolveTheme } from '../config.ts';
import { button, click, makeStore, mount, PAGE, scriptedFetch, settle, TENANT, widgetTicket } from '../test-support.ts';

const theme = resolveTheme(PAGE, TENANT);
type Msg = { id: string; body: string; type: 'agent' | 'customer' };
const ticket = (id: string, subject: string, messages: Msg[]) =>
  widgetTicket({
    id,
    number: Number(id.slice(4)) + 2,
    subject,
    messages: messages.map((m) => ({
      id: m.id,
      ticketId: id,
      body: m.body,
      author: { type: m.type, name: m.type === 'agent' ? 'Dana' : 'Maren' },
      attachments: [],
      createdAt: '2026-01-01T00:00:00Z',
    })),
  });
const tickets = (messages: Msg[]) => ({
  data: [ticket('tkt_1', 'Zip broke', messages)],
  customer: { email: 'maren@example.com', name: 'Maren' },
});
const stored = () => JSON.parse(localStorage.getItem('helpdesk:ten_1:visitor')!);

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
    await act(
      () => void dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })),
    );
    expect(document.activeElement).toBe(focusables[0]);
    await act(
      () =>
        void dialog.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true, cancelable: true }),
        ),
    );
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

  it("names each ticket's status in the visitor's words, in the list and in the thread", async () => {
    scriptedFetch((m, p) =>
      p === '/tickets'
        ? {
            body: {
              data: [
                widgetTicket({ id: 'tkt_1', number: 3, subject: 'Zip broke', status: 'pending' }),
                widgetTicket({ id: 'tkt_2', number: 4, subject: 'Refund', status: 'resolved' }),
              ],
            },
          }
        : undefined,
    );
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={theme} />);
    await click(launcher(root));
    await click(button(root, 'My tickets'));
    await settle();
    expect([...root.querySelectorAll('.item .status')].map((el) => el.textContent)).toEqual([
      'Awaiting your reply',
      'Resolved',
    ]);
    await click(root.querySelector('.item'));
    await settle();
    expect(root.querySelector('.meta')!.textContent).toBe('#3 · Awaiting your reply');
    s.dispose();
  });

  it('"forget me" removes the token from the device and the tickets from view', async () => {
    localStorage.setItem('helpdesk:ten_1:visitor', JSON.stringify({ token: 'hd_vt_1', seen: {} }));
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

  it('opening while the page does not have focus (a background tab, a preview frame) leaves focus where it is', async () => {
    scriptedFetch(() => undefined);
    const s = makeStore();
    const root = await mount(<App s={s} theme={theme} />);
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    await act(() => s.open());
    await settle();
    expect(root.querySelector('[role=dialog]')).not.toBeNull();
    expect(document.activeElement).toBe(outside);
  });
});

describe('returning visitor', () => {
  it('shows a reply that came while they were away as a badge, opens on that conversation, and remembers it was read', async () => {
    localStorage.setItem('helpdesk:ten_1:visitor', JSON.stringify({ token: 'hd_vt_1', seen: { tkt_1: 'm2' } }));
    const thread: Msg[] = [
      { id: 'm1', body: 'The zip broke', type: 'customer' },
      { id: 'm2', body: 'Can you send a photo?', type: 'agent' },
      { id: 'm3', body: 'A new zip is on its way.', type: 'agent' },
    ];
    scriptedFetch((m, p) => (p === '/tickets' ? { body: tickets(thread) } : undefined));
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={theme} />);
    await act(() => s.start());
    await settle();
    expect(root.querySelector('.badge')!.textContent).toBe('1');
    expect(launcher(root).textContent).toContain('1 new');

    await click(launcher(root));
    await settle();
    expect(root.querySelector('[role=dialog] h3')!.textContent).toBe('Zip broke'); // the thread, not Search
    expect(root.querySelector('.thread')!.textContent).toContain('A new zip is on its way.');
    expect(root.querySelector('.badge')).toBeNull();
    expect(stored()).toEqual({ token: 'hd_vt_1', seen: { tkt_1: 'm3' } });
    s.dispose();

    // The next page load: nothing new.
    document.body.innerHTML = '';
    const again = makeStore({ token: 'hd_vt_1' });
    const root2 = await mount(<App s={again} theme={theme} />);
    await act(() => again.start());
    await settle();
    expect(root2.querySelector('.badge')).toBeNull();
    again.dispose();
  });

  it("counts replies after the visitor's own last message as new on a device that never saw the ticket", async () => {
    localStorage.setItem('helpdesk:ten_1:visitor', 'hd_vt_1'); // what widgets stored before they remembered what was seen
    scriptedFetch((m, p) =>
      p === '/tickets'
        ? {
            body: {
              data: [
                ticket('tkt_1', 'Zip broke', [
                  { id: 'm1', body: 'The zip broke', type: 'customer' },
                  { id: 'm2', body: 'Sorry!', type: 'agent' },
                  { id: 'm3', body: 'Thanks', type: 'customer' },
                  { id: 'm4', body: 'A new zip is on its way.', type: 'agent' },
                  { id: 'm5', body: 'Tracking: 123', type: 'agent' },
                ]),
                ticket('tkt_2', 'Wrong size', [
                  { id: 'm6', body: 'Too small', type: 'customer' },
                  { id: 'm7', body: 'Swap sent.', type: 'agent' },
                ]),
                ticket('tkt_3', 'Invoice', [{ id: 'm8', body: 'Please send the invoice', type: 'customer' }]),
              ],
            },
          }
        : undefined,
    );
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={theme} />);
    await act(() => s.start());
    await settle();
    expect(root.querySelector('.badge')!.textContent).toBe('3');
    // News on two tickets: the list, each ticket with its own count.
    await click(launcher(root));
    await settle();
    const items = [...root.querySelectorAll('.item')].map((b) => b.textContent);
    expect(items[0]).toContain('2 new');
    expect(items[1]).toContain('1 new');
    expect(items[2]).not.toContain('new');
    await click(root.querySelectorAll('.item')[1]);
    await settle();
    expect(root.querySelector('.badge')!.textContent).toBe('2');
    expect(stored()).toEqual({ token: 'hd_vt_1', seen: { tkt_2: 'm7' } });
    s.dispose();
  });

  it('stays on the form the visitor is writing when a reply is waiting', async () => {
    scriptedFetch((m, p) =>
      p === '/tickets'
        ? {
            body: tickets([
              { id: 'm1', body: 'Hi', type: 'customer' },
              { id: 'm2', body: 'Hello!', type: 'agent' },
            ]),
          }
        : undefined,
    );
    const s = makeStore({ token: 'hd_vt_1' });
    const root = await mount(<App s={s} theme={theme} />);
    await act(() => s.start());
    await settle();
    s.go('contact');
    s.setField('subject', 'Another question');
    await click(launcher(root));
    await settle();
    expect(s.view.value).toBe('contact');
    expect(root.querySelector('.badge')!.textContent).toBe('1');
    s.dispose();
  });

  it("fills the form with the email and name of the visitor's last ticket", async () => {
    scriptedFetch((m, p) =>
      p === '/tickets' ? { body: tickets([{ id: 'm1', body: 'Hi', type: 'customer' }]) } : undefined,
    );
    const s = makeStore({ token: 'hd_vt_1' });
    s.prefill({ name: 'Maren B.' }); // what the page said wins over what the server knows
    const root = await mount(<App s={s} theme={theme} />);
    await act(() => s.start());
    await settle();
    await click(launcher(root));
    await click(button(root, 'Contact us'));
    await settle();
    expect((root.querySelector('#hd-email') as HTMLInputElement).value).toBe('maren@example.com');
    expect((root.querySelector('#hd-name') as HTMLInputElement).value).toBe('Maren B.');
    s.dispose();
  });
});
