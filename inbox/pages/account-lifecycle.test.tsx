// @vitest-environment happy-dom
// Account → Leave this help desk: the export link, the typed-name confirmation that guards the deletion, the
// pending state with its purge date, and taking the deletion back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { confirmsName, TenantLifecycleCard, TENANT_EXPORT_URL } from './account-lifecycle.tsx';

const PENDING = {
  status: 'cancelled',
  requestedAt: '2026-12-01T10:00:00.000Z',
  purgeAfter: '2026-12-31T10:00:00.000Z',
};
const json = (body: unknown, status = 200) =>
  new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function server(initial: typeof PENDING | null) {
  let deletion = initial;
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(`${method} ${url}`);
      if (url === '/api/v1/me') return json({ message: 'not in this test' }, 401);
      if (method === 'GET')
        return deletion ? json(deletion) : json({ title: 'Not found', status: 404, detail: 'No deletion' }, 404);
      if (method === 'POST') {
        if (deletion)
          return json({ title: 'Conflict', status: 409, detail: 'This help desk is already being deleted.' }, 409);
        return json((deletion = PENDING), 202);
      }
      deletion = null;
      return json({ status: 'active' });
    }),
  );
  return calls;
}

/** The signed-in account as the banner reads it, in a subscription status. */
const meOf = (status: string) =>
  ({
    agent: null,
    role: null,
    permissions: [],
    tenant: { name: 'Trailhead Outfitters', subscription: { plan: 'starter', status } },
  }) as never;

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

async function mount() {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<TenantLifecycleCard tenantName="Trailhead Outfitters" />, root));
  await settle();
  return root;
}

const deleteButton = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Delete this help desk');

async function type(input: HTMLInputElement, value: string) {
  input.value = value;
  await act(() => void input.dispatchEvent(new Event('input', { bubbles: true })));
}

describe('Leave this help desk', () => {
  it('accepts the name in any case with spaces around it, and nothing else', () => {
    expect(confirmsName('  trailhead OUTFITTERS ', 'Trailhead Outfitters')).toBe(true);
    expect(confirmsName('Trailhead', 'Trailhead Outfitters')).toBe(false);
    expect(confirmsName('', '')).toBe(false);
  });

  it('offers the whole export, and deletes only once the name is typed, then shows the purge date', async () => {
    const calls = server(null);
    const root = await mount();
    expect(root.querySelector<HTMLAnchorElement>('a[download]')!.getAttribute('href')).toBe(TENANT_EXPORT_URL);
    const input = root.querySelector<HTMLInputElement>('#delete-confirm')!;
    expect(deleteButton(root)!.disabled).toBe(true);
    await type(input, 'Trailhead');
    expect(deleteButton(root)!.disabled).toBe(true);
    // Enter in the box does nothing while the name is wrong.
    await act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);

    await type(input, 'trailhead outfitters');
    expect(deleteButton(root)!.disabled).toBe(false);
    await act(() => deleteButton(root)!.click());
    await settle();
    await settle();
    expect(calls).toContain('POST /api/v1/privacy/tenant-deletion?confirm=trailhead+outfitters');
    expect(calls).toContain('GET /api/v1/me'); // the account's new status is read again
    const pending = root.querySelector('[aria-label="Deletion pending"]')!;
    expect(pending.textContent).toContain('being deleted');
    expect(pending.textContent).toContain('2026');
    expect(deleteButton(root)).toBeUndefined();
  });

  it('shows a pending deletion on arrival and takes it back with Undo', async () => {
    const calls = server(PENDING);
    const root = await mount();
    expect(root.querySelector('[aria-label="Deletion pending"]')).not.toBeNull();
    expect(deleteButton(root)).toBeUndefined();
    const undo = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Undo deletion')!;
    await act(() => undo.click());
    await settle();
    await settle();
    expect(calls).toContain('DELETE /api/v1/privacy/tenant-deletion');
    expect(root.querySelector('[aria-label="Deletion pending"]')).toBeNull();
    expect(deleteButton(root)).toBeDefined();
  });

  it('asks for the pending deletion once when the banner and the card open together', async () => {
    const { me } = await import('../state/session.ts');
    const { AccountBanner } = await import('../components/account-banner.tsx');
    const calls = server(PENDING);
    me.value = meOf('cancelled');
    const root = document.createElement('div');
    document.body.append(root);
    await act(() =>
      render(
        <>
          <AccountBanner />
          <TenantLifecycleCard tenantName="Trailhead Outfitters" />
        </>,
        root,
      ),
    );
    await settle();
    expect(root.textContent).toContain('Everything in it is purged on');
    expect(root.querySelector('[aria-label="Deletion pending"]')).not.toBeNull();
    expect(calls.filter((c) => c === 'GET /api/v1/privacy/tenant-deletion')).toHaveLength(1);
    me.value = undefined;
  });

  it("tells the owner on every page that the help desk is being deleted and where to undo it, not 'contact the operator'", async () => {
    const { me } = await import('../state/session.ts');
    const { AccountBanner } = await import('../components/account-banner.tsx');
    const show = async () => {
      const root = document.createElement('div');
      document.body.append(root);
      await act(() => render(<AccountBanner />, root));
      await settle();
      return root;
    };
    server(PENDING);
    me.value = meOf('cancelled');
    const banner = await show();
    expect(banner.textContent).toContain('This help desk is being deleted.');
    expect(banner.textContent).toContain('2026');
    expect(banner.textContent).not.toContain('contact the operator');
    expect(banner.querySelector('a')!.getAttribute('href')).toBe('#/account');

    // Cancelled without a deletion (billing), or a member the server refuses: the operator reactivates it.
    server(null);
    expect((await show()).textContent).toContain('contact the operator');
    vi.stubGlobal('fetch', async () => json({ title: 'Forbidden', status: 403, detail: 'Only the owner.' }, 403));
    expect((await show()).textContent).toContain('This account is cancelled.');
    me.value = undefined;
  });

  it('tells the owner of an account billing closed to pay on the Account page, and other agents that the owner can', async () => {
    const { me } = await import('../state/session.ts');
    const { AccountBanner } = await import('../components/account-banner.tsx');
    const as = (status: string, role: string, closedByBilling: boolean) =>
      ({
        agent: null,
        role: { id: role, name: role, ownTicketsOnly: false },
        permissions: [],
        closedByBilling,
        tenant: { name: 'Trailhead Outfitters', subscription: { plan: 'starter', status } },
      }) as never;
    const show = async () => {
      const root = document.createElement('div');
      document.body.append(root);
      await act(() => render(<AccountBanner />, root));
      await settle();
      return root;
    };
    server(null);
    me.value = as('suspended', 'owner', true);
    const owner = await show();
    expect(owner.textContent).toContain('billing suspended it');
    expect(owner.textContent).toContain('pay under Plan & billing on the Account page');
    expect(owner.textContent).not.toContain('contact the operator');
    const pay = owner.querySelector('a')!;
    expect([pay.textContent, pay.getAttribute('href')]).toEqual(['Pay now', '#/account']);

    me.value = as('suspended', 'agent', true);
    const agent = await show();
    expect(agent.textContent).toContain('The account owner can open it again by paying');
    expect(agent.textContent).not.toContain('contact the operator');
    expect(agent.textContent).not.toContain('Pay now');

    // An ended subscription (cancelled by billing, no deletion asked): the owner restarts it with Checkout.
    me.value = as('cancelled', 'owner', true);
    expect((await show()).textContent).toContain('Pay with Checkout');

    // The operator closed it (or billing is off): the operator reopens it, as before.
    me.value = as('suspended', 'owner', false);
    expect((await show()).textContent).toContain('contact the operator');

    // The owner asked to delete it: the deletion banner, whatever billing says.
    server(PENDING);
    me.value = as('cancelled', 'owner', true);
    expect((await show()).textContent).toContain('This help desk is being deleted.');
    me.value = undefined;
  });
});
