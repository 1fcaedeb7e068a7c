// @vitest-environment happy-dom
// The CSAT switch on the Email tab: shows the stored setting, saves it with PATCH /tenants/:id, reports refusals.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Tenant } from '../../types.ts';
import { CsatCard, csatSettingsOf } from './csat.tsx';

const tenant = (csat?: { enabled?: boolean }) =>
  ({ id: 'ten_1', name: 'Trailhead', slug: 'trailhead', settings: csat ? { csat } : {} }) as unknown as Tenant;

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mount(t: Tenant, editable = true) {
  const saved: Tenant[] = [];
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<CsatCard tenant={t} onSaved={(n) => saved.push(n)} editable={editable} />, root));
  const box = root.querySelector<HTMLInputElement>('input[role=switch]')!;
  return { root, box, saved };
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe('CSAT switch', () => {
  it('is off by default, and saving it on sends settings.csat.enabled and shows the saved tenant', async () => {
    const sent: { method: string; url: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        const body = JSON.parse(String(init.body));
        sent.push({ method: init.method!, url, body });
        return new Response(JSON.stringify(tenant(body.settings.csat)), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    const { root, box, saved } = await mount(tenant());
    const label = box.closest('label')!;
    expect(label.textContent).toContain('Ask customers to rate resolved tickets');
    expect(box.checked).toBe(false);
    expect(root.querySelector('h2')!.textContent).toBe('Customer satisfaction (CSAT)');

    await act(() => box.click());
    await act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(sent).toEqual([
      { method: 'PATCH', url: '/api/v1/tenants/ten_1', body: { settings: { csat: { enabled: true } } } },
    ]);
    expect(saved.map((t) => t.settings.csat)).toEqual([{ enabled: true }]);
    expect(root.querySelector('[role=status]')!.textContent).toContain('Saved.');
  });

  it('shows a stored "on", sends off when switched off, and shows the refusal when the server says no', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async (_url: string, init: RequestInit) =>
          bodies.push(JSON.parse(String(init.body))) &&
          new Response(JSON.stringify({ title: 'Forbidden', status: 403, detail: 'You need settings:update.' }), {
            status: 403,
            headers: { 'content-type': 'application/problem+json' },
          }),
      ),
    );
    const { root, box, saved } = await mount(tenant({ enabled: true }));
    expect(box.checked).toBe(true);
    await act(() => box.click());
    await act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(saved).toEqual([]);
    expect(bodies).toEqual([{ settings: { csat: { enabled: false } } }]);
    expect(root.textContent).toContain('Your role does not allow this');
    expect(root.querySelector('[role=status]')).toBeNull();
    expect(csatSettingsOf(false)).toEqual({ csat: { enabled: false } });
  });

  it('cannot be changed without settings:update', async () => {
    const { root } = await mount(tenant({ enabled: true }), false);
    expect(root.querySelector('fieldset')!.disabled).toBe(true);
  });
});
