// @vitest-environment happy-dom
// The plan-limit banner: nothing below 80%, a warning before the limit, what happens at it, and the held count.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { limitNotices, LimitBanner } from './limit-banner.tsx';
import type { Usage } from '../types.ts';

const usage = (over: Partial<Usage> = {}): Usage => ({
  plan: 'starter',
  pricing: 'flat',
  period: { month: '2026-03', start: '2026-03-02T10:00:00.000Z', end: '2026-04-02T10:00:00.000Z' },
  tickets: { used: 10, limit: 1000, overage: 0, held: 0 },
  apiCalls: { used: 0, limit: 100000, overage: 0 },
  storageBytes: { used: 0, limit: 1024 ** 3 },
  activeAgents: { used: 1, limit: 3 },
  agents: { used: 1, limit: 3 },
  maxFileBytes: 10 * 1024 ** 2,
  ...over,
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('limitNotices', () => {
  it('says nothing below 80% or without a limit', () => {
    expect(limitNotices(usage({ tickets: { used: 799, limit: 1000, overage: 0, held: 0 } }))).toEqual([]);
    expect(limitNotices(usage({ tickets: { used: 5000, limit: null, overage: 0, held: 0 } }))).toEqual([]);
  });

  it('warns at 80% and names what happens at the limit', () => {
    expect(limitNotices(usage({ tickets: { used: 800, limit: 1000, overage: 0, held: 0 } }))).toEqual([
      "80% of this period's tickets used: 800 of 1,000. At the limit, customers' messages wait until it lifts.",
    ]);
  });

  it('at the limit says messages are kept, when it lifts, and counts the waiting ones', () => {
    const [at, held] = limitNotices(usage({ tickets: { used: 1000, limit: 1000, overage: 0, held: 3 } }));
    expect(at).toBe(
      'Ticket limit reached: 1,000 of 1,000 tickets this period. New messages from customers are kept but not shown until the limit lifts (on Apr 2, or with a higher plan).',
    );
    expect(held).toBe('3 messages are waiting for the limit to lift.');
    expect(limitNotices(usage({ tickets: { used: 1000, limit: 1000, overage: 0, held: 1 } }))[1]).toBe(
      '1 message is waiting for the limit to lift.',
    );
  });

  it('at the API call limit says API keys are refused until the next period, or billed as overage on usage pricing', () => {
    const calls = { used: 100000, limit: 100000, overage: 0 };
    expect(limitNotices(usage({ apiCalls: calls }))).toEqual([
      'API call limit reached: 100,000 of 100,000 this period. API keys are refused until Apr 2 (or with a higher plan); the inbox and the widget keep working.',
    ]);
    expect(limitNotices(usage({ pricing: 'usage', apiCalls: calls }))[0]).toContain('billed as overage');
  });

  it('on usage pricing says further tickets are overage; names full storage and seats', () => {
    expect(
      limitNotices(
        usage({
          pricing: 'usage',
          tickets: { used: 1002, limit: 1000, overage: 2, held: 0 },
          storageBytes: { used: 1024 ** 3, limit: 1024 ** 3 },
          agents: { used: 3, limit: 3 },
        }),
      ),
    ).toEqual([
      'Ticket allowance used: 1,002 of 1,000 tickets this period. Further tickets are accepted and billed as overage.',
      'File storage is full (1 GB): new files are refused until some are deleted.',
      'All 3 seats are taken: another agent needs a higher plan.',
    ]);
  });
});

describe('LimitBanner', () => {
  it('renders the notices as one polite status region for an agent who may read usage', async () => {
    const { me } = await import('../state/session.ts');
    const { api } = await import('../api.ts');
    me.value = {
      agent: null,
      role: null,
      permissions: ['settings:read'],
      tenant: { name: 'Acme', subscription: { plan: 'starter', status: 'active' } },
    } as never;
    vi.spyOn(api, 'get').mockResolvedValue(usage({ tickets: { used: 1000, limit: 1000, overage: 0, held: 2 } }));
    const root = document.createElement('div');
    document.body.append(root);
    render(<LimitBanner />, root);
    await vi.waitFor(() => expect(root.querySelector('[role="status"]')).not.toBeNull());
    expect(root.querySelectorAll('p')).toHaveLength(2);
    expect(root.textContent).toContain('2 messages are waiting for the limit to lift.');
    me.value = undefined;
  });
});
