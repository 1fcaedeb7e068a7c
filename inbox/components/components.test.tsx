// @vitest-environment happy-dom
// Component tests: visitor text stays text, the Markdown preview never emits raw HTML, badges and history read right.
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { Thread } from './thread.tsx';
import { MarkdownPreview } from './markdown.tsx';
import { slaState } from './badges.tsx';
import { describe as describeActivity } from './activity-list.tsx';
import { ErrorNotice } from './notice.tsx';
import { ApiError } from '../api.ts';
import type { Message, Ticket } from '../types.ts';

function mount(vnode: preact.VNode) {
  const root = document.createElement('div');
  render(vnode, root);
  return root;
}

const msg = (over: Partial<Message>): Message => ({ id: 'm1', ticketId: 't1', body: 'hi', internal: false, author: { type: 'customer', id: 'c1', name: 'Vic' }, createdAt: new Date().toISOString(), ...over });

describe('Thread', () => {
  it('renders a visitor message containing markup as text', () => {
    const root = mount(<Thread messages={[msg({ body: '<img src=x onerror=alert(1)>' })]} requesterName="Vic" />);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('.msg-body')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('tells customer, agent and internal-note messages apart in words', () => {
    const root = mount(
      <Thread
        messages={[msg({ id: 'a' }), msg({ id: 'b', author: { type: 'agent', id: 'g', name: 'Dana' } }), msg({ id: 'c', internal: true, author: { type: 'agent', id: 'g', name: 'Dana' } })]}
        requesterName="Vic"
      />,
    );
    const kinds = [...root.querySelectorAll('.msg')].map((li) => li.querySelector('.msg-kind')!.textContent);
    expect(kinds).toEqual(['Customer', 'Agent reply', 'Internal note']);
  });
});

describe('MarkdownPreview', () => {
  it('formats Markdown but keeps HTML in the source as text', () => {
    const root = mount(<MarkdownPreview source={'# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n<script>alert(1)</script> [x](javascript:alert(1))'} />);
    expect(root.querySelector('h1')!.textContent).toBe('Title');
    expect(root.querySelector('strong')!.textContent).toBe('bold');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.querySelector('a')).toBeNull();
  });

  it('links only http(s) and mailto targets', () => {
    const root = mount(<MarkdownPreview source="[docs](https://example.com/help)" />);
    expect(root.querySelector('a')!.getAttribute('href')).toBe('https://example.com/help');
  });
});

describe('slaState', () => {
  const base = { status: 'open', sla: { firstResponseDueAt: null, resolutionDueAt: null, firstResponseBreached: false, resolutionBreached: false, nextDueAt: null } } as unknown as Ticket;
  const now = Date.parse('2026-01-01T12:00:00Z');
  it('is breached once the running deadline has passed', () => {
    expect(slaState({ ...base, sla: { ...base.sla!, nextDueAt: '2026-01-01T11:00:00Z' } }, now)?.kind).toBe('breached');
    expect(slaState({ ...base, sla: { ...base.sla!, firstResponseBreached: true } }, now)?.kind).toBe('breached');
  });
  it('is "soon" inside the last hour and quiet for finished tickets', () => {
    expect(slaState({ ...base, sla: { ...base.sla!, nextDueAt: '2026-01-01T12:30:00Z' } }, now)?.kind).toBe('soon');
    expect(slaState({ ...base, sla: { ...base.sla!, nextDueAt: '2026-01-01T18:00:00Z' } }, now)?.kind).toBe('due');
    expect(slaState({ ...base, status: 'resolved', sla: { ...base.sla!, firstResponseBreached: true } }, now)).toBeNull();
  });
});

describe('activity and errors', () => {
  it('describes a change in words', () => {
    const text = describeActivity({ id: 'a', action: 'ticket.updated', actor: { type: 'agent', id: 'x', name: 'Dana' }, changes: { status: { from: 'open', to: 'pending' } }, createdAt: '' });
    expect(text).toBe('changed status from open to pending');
  });
  it("lists the server's field errors", () => {
    const root = mount(<ErrorNotice error={new ApiError(422, 'The request has invalid fields.', [{ path: 'branding.primaryColor', message: 'must be a hex colour like #2563eb' }])} />);
    expect(root.querySelector('[role=alert]')!.textContent).toContain('branding.primaryColor: must be a hex colour');
  });
});
