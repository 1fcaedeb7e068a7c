// @vitest-environment happy-dom
// "Delete my data" under My tickets: a confirm step, the mail asked for with the visitor token, the answer shown and
// focused; a visitor without a real email is told it cannot be confirmed and offered Forget me.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { App } from './app.tsx';
import { resolveTheme } from '../config.ts';
import { button, click, makeStore, mount, PAGE, scriptedFetch, settle, TENANT, widgetTicket } from '../test-support.ts';

const theme = resolveTheme(PAGE, TENANT);

beforeEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});
afterEach(() => vi.unstubAllGlobals());

async function openTickets(email: string, erase?: () => { status: number; body: unknown }) {
  const calls = scriptedFetch((m, p) => {
    if (p === '/tickets') return { body: { data: [widgetTicket()], customer: { email, name: 'Maya' } } };
    if (m === 'POST' && p === '/erasure-requests?locale=en') return erase?.();
  });
  const s = makeStore({ token: 'hd_vt_1' });
  const root = await mount(<App s={s} theme={theme} />);
  await act(() => s.start());
  await act(() => {
    s.open();
    s.go('tickets');
  });
  await settle();
  return { s, root, calls };
}

const region = (root: HTMLElement) => root.querySelector('[role=region][aria-label="Delete my data"]');

describe('Delete my data', () => {
  it('asks first, then mails the link with the visitor token and says to check the email', async () => {
    const { root, calls } = await openTickets('maya@example.com', () => ({
      status: 202,
      body: { status: 'sent', expiresInHours: 24 },
    }));
    expect(region(root)).toBeNull();
    await click(button(root, 'Delete my data'));
    const r = region(root)!;
    expect(r.textContent).toContain('We will email you a link');
    expect(document.activeElement).toBe(r.querySelector('p'));
    // Nothing is sent until the visitor says so; Back closes the step.
    expect(calls.some((c) => c.path === '/erasure-requests?locale=en')).toBe(false);
    await click(button(r, 'Back'));
    expect(region(root)).toBeNull();

    await click(button(root, 'Delete my data'));
    await click(button(region(root)!, 'Email me the link'));
    await settle();
    const call = calls.find((c) => c.path === '/erasure-requests?locale=en')!;
    expect(call.method).toBe('POST');
    expect(call.headers.Authorization).toBe('Bearer hd_vt_1');
    const sent = region(root)!.querySelector('[role=status]')!;
    expect(sent.textContent).toBe('Check your email: the link there confirms the deletion. It works for 24 hours.');
    expect(document.activeElement).toBe(sent);
    // The token stays until the link is used: the next call answering 401 makes the widget forget it.
    expect(localStorage.length).toBe(1);
  });

  it('shows a refusal in plain words and keeps the step open for a retry', async () => {
    const { root } = await openTickets('maya@example.com', () => ({
      status: 429,
      body: { title: 'Too Many Requests', status: 429 },
    }));
    await click(button(root, 'Delete my data'));
    await click(button(region(root)!, 'Email me the link'));
    await settle();
    expect(region(root)!.querySelector('[role=alert]')!.textContent).toContain('Too many requests');
    expect(button(region(root)!, 'Email me the link')).not.toBeNull();
  });

  it('cannot confirm without a real email, and offers Forget me instead', async () => {
    const { s, root, calls } = await openTickets('v-1@visitors.invalid');
    await click(button(root, 'Delete my data'));
    const r = region(root)!;
    expect(r.textContent).toContain('We have no email address for you');
    expect(button(r, 'Email me the link')).toBeNull();
    await click(button(r, 'Forget me on this device'));
    expect(s.token.value).toBeNull();
    expect(calls.some((c) => c.path === '/erasure-requests?locale=en')).toBe(false);
  });
});
