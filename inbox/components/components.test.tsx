// @vitest-environment happy-dom
// Component tests: visitor text stays text, badges and history read right, the article preview shows the server's rendering.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { Thread } from './thread.tsx';
import { slaState } from './badges.tsx';
import { describe as describeActivity } from './activity-list.tsx';
import { ErrorNotice } from './notice.tsx';
import { ArticlePreview } from './article-html.tsx';
import { ApiError } from '../api.ts';
import { teamQueue } from '../state/teams.ts';
import type { Message } from '../types.ts';
import { sampleTicket } from '../../server/events/test-fixtures.ts';

function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  render(vnode, root);
  return root;
}

const msg = (over: Partial<Message>): Message => ({
  id: 'm1',
  ticketId: 't1',
  body: 'hi',
  internal: false,
  author: { type: 'customer', id: 'c1', name: 'Vic' },
  attachments: [],
  createdAt: new Date().toISOString(),
  ...over,
});

describe('Thread', () => {
  it('renders a visitor message containing markup as text', () => {
    const root = mount(<Thread messages={[msg({ body: '<img src=x onerror=alert(1)>' })]} requesterName="Vic" />);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.msg-body')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('tells customer, agent and internal-note messages apart in words', () => {
    const root = mount(
      <Thread
        messages={[
          msg({ id: 'a' }),
          msg({ id: 'b', author: { type: 'agent', id: 'g', name: 'Dana' } }),
          msg({ id: 'c', internal: true, author: { type: 'agent', id: 'g', name: 'Dana' } }),
        ]}
        requesterName="Vic"
      />,
    );
    const kinds = [...root.querySelectorAll('.msg')].map((li) => li.querySelector('.msg-kind')!.textContent);
    expect(kinds).toEqual(['Customer', 'Agent reply', 'Internal note']);
  });
});

describe('Thread authors', () => {
  it("draws an API-created ticket's opening message as the customer's and a key's reply on the team side under the key's name", () => {
    const root = mount(
      <Thread
        messages={[
          msg({ id: 'a', author: { type: 'customer', id: 'c1', name: null } }),
          msg({ id: 'b', author: { type: 'api', id: 'key_1', name: 'CRM sync' } }),
          msg({ id: 'c', author: { type: 'agent', id: 'g', name: 'Dana' } }),
        ]}
        requesterName="Vic"
      />,
    );
    const rows = [...root.querySelectorAll('.msg')].map((li) => ({
      side: li.getAttribute('data-kind'),
      who: li.querySelector('.msg-who')!.textContent,
      api: li.querySelector('.msg-api')?.textContent ?? null,
      kind: li.querySelector('.msg-kind')!.textContent,
    }));
    expect(rows).toEqual([
      { side: 'customer', who: 'Vic', api: null, kind: 'Customer' },
      { side: 'agent', who: 'CRM sync', api: 'API', kind: 'Agent reply' },
      { side: 'agent', who: 'Dana', api: null, kind: 'Agent reply' },
    ]);
  });
});

describe('ArticlePreview', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the server's rendering of the latest text, never an older answer that arrives late", async () => {
    const pending: { body: string; resolve: (html: string) => void }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init: RequestInit) => {
        expect(url).toBe('/api/v1/kb/preview');
        const { body } = JSON.parse(String(init.body));
        return new Promise<Response>((done) =>
          pending.push({
            body,
            resolve: (html) => done(new Response(JSON.stringify({ bodyHtml: html }), { status: 200 })),
          }),
        );
      }),
    );
    const root = document.createElement('div');
    render(<ArticlePreview body="| a |" />, root);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    render(<ArticlePreview body="| b |" />, root);
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    expect(pending.map((p) => p.body)).toEqual(['| a |', '| b |']);
    pending[1].resolve('<table><tr><td>b</td></tr></table>');
    await vi.waitFor(() => expect(root.querySelector('td')?.textContent).toBe('b'));
    pending[0].resolve('<table><tr><td>a</td></tr></table>');
    await new Promise((r) => setTimeout(r, 0));
    expect(root.querySelector('td')!.textContent).toBe('b');
  });

  it('asks for nothing while the body is empty', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const root = mount(<ArticlePreview body="  " />);
    expect(root.textContent).toContain('Nothing to preview yet');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('slaState', () => {
  // A whole ticket as GET /tickets/{id} answers it (parsed by the server's schema), created at 09:00.
  const base = sampleTicket({ createdAt: '2026-01-01T09:00:00Z', updatedAt: '2026-01-01T09:00:00Z' });
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('is breached once the running deadline has passed', () => {
    expect(slaState({ ...base, sla: { ...base.sla, nextDueAt: '2026-01-01T11:00:00Z' } }, now)?.kind).toBe('breached');
    expect(slaState({ ...base, sla: { ...base.sla, firstResponseBreached: true } }, now)?.kind).toBe('breached');
  });
  it('is "soon" inside the last hour and quiet for finished tickets', () => {
    expect(slaState({ ...base, sla: { ...base.sla, nextDueAt: '2026-01-01T12:30:00Z' } }, now)?.kind).toBe('soon');
    expect(slaState({ ...base, sla: { ...base.sla, nextDueAt: '2026-01-01T18:00:00Z' } }, now)?.kind).toBe('due');
    expect(
      slaState({ ...base, status: 'resolved', sla: { ...base.sla, firstResponseBreached: true } }, now),
    ).toBeNull();
  });
});

describe('activity and errors', () => {
  it('describes a change in words', () => {
    const text = describeActivity({
      id: 'a',
      ticketId: 't',
      action: 'ticket.updated',
      actor: { type: 'agent', id: 'x', name: 'Dana' },
      changes: { status: { from: 'open', to: 'pending' } },
      createdAt: '',
    });
    expect(text).toBe('changed status from open to pending');
  });
  it('names the team a change moved the ticket to', () => {
    teamQueue.value = { data: [{ teamId: 'team_1', name: 'Billing', open: 0, unassigned: 0 }], none: 0 };
    const text = describeActivity({
      id: 'a',
      ticketId: 't',
      action: 'ticket.updated',
      actor: { type: 'agent', id: 'x', name: 'Dana' },
      changes: { teamId: { from: null, to: 'team_1' } },
      createdAt: '',
    });
    expect(text).toBe('changed team from no team to Billing');
    teamQueue.value = null;
  });
  it("lists the server's field errors", () => {
    const root = mount(
      <ErrorNotice
        error={
          new ApiError(422, 'The request has invalid fields.', [
            { path: 'branding.primaryColor', message: 'must be a hex colour like #2563eb' },
          ])
        }
      />,
    );
    expect(root.querySelector('[role=alert]')!.textContent).toBe(
      'Branding primary color must be a hex colour like #2563eb.',
    );
  });
});

describe('a suspended account', () => {
  it('words a refusal by the account status, not as a permission problem', () => {
    const e = new ApiError(
      403,
      'This account is suspended. The owner can still manage the subscription and export data.',
      [],
      { tenantStatus: 'suspended' },
    );
    const root = mount(<ErrorNotice error={e} />);
    expect(root.textContent).toMatch(/^This account is suspended\. The owner can still/);
    expect(mount(<ErrorNotice error={new ApiError(403, 'Missing permission tickets:update.')} />).textContent).toBe(
      'Your role does not allow this. Ask an owner or admin.',
    );
  });

  it('shows the banner with the way out only while the account is not active', async () => {
    const { me } = await import('../state/session.ts');
    const { AccountBanner } = await import('./account-banner.tsx');
    const tenant = (status: string) =>
      ({
        agent: null,
        role: null,
        permissions: [],
        tenant: { name: 'Acme', subscription: { plan: 'starter', status } },
      }) as never;
    me.value = tenant('active');
    expect(mount(<AccountBanner />).textContent).toBe('');
    me.value = tenant('suspended');
    const root = mount(<AccountBanner />);
    expect(root.textContent).toContain('This account is suspended.');
    expect(root.textContent).toContain('contact the operator');
    expect(root.querySelector('a')!.getAttribute('href')).toBe('#/account');
    me.value = undefined;
  });
});
