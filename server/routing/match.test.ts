// The pure rule matcher: each condition on its own, all of them together, and how the actions of several rules add up.
import { describe, expect, it } from 'vitest';
import { matches, routeTicket, type NewTicketFacts } from './match.ts';
import type { RoutingRule } from './schemas.ts';

const facts = (over: Partial<NewTicketFacts> = {}): NewTicketFacts => ({
  channel: 'widget',
  subject: 'Invoice for March',
  message: 'My card was charged twice.',
  tags: ['Billing'],
  customFields: { plan: 'gold', seats: 5, vip: true },
  requesterEmail: 'ana@eu.Acme.com',
  ...over,
});

let n = 0;
const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  id: `rule_${++n}`,
  name: 'r',
  enabled: true,
  position: n,
  conditions: {},
  actions: {},
  stopProcessing: false,
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('matches', () => {
  it('an empty condition set matches every ticket', () => {
    expect(matches({}, facts())).toBe(true);
  });

  it('channel: any of the listed', () => {
    expect(matches({ channel: ['email', 'widget'] }, facts())).toBe(true);
    expect(matches({ channel: ['email'] }, facts())).toBe(false);
  });

  it('keywords: any, in subject or message, any case, phrases included', () => {
    expect(matches({ keywords: ['INVOICE'] }, facts())).toBe(true);
    expect(matches({ keywords: ['charged twice'] }, facts())).toBe(true);
    expect(matches({ keywords: ['refund', 'card'] }, facts())).toBe(true);
    expect(matches({ keywords: ['refund'] }, facts())).toBe(false);
  });

  it('tags: any of the listed, any case', () => {
    expect(matches({ tags: ['billing'] }, facts())).toBe(true);
    expect(matches({ tags: ['vip', 'BILLING'] }, facts())).toBe(true);
    expect(matches({ tags: ['returns'] }, facts())).toBe(false);
    expect(matches({ tags: ['billing'] }, facts({ tags: [] }))).toBe(false);
  });

  it('custom fields: every one named has exactly that value', () => {
    expect(matches({ customFields: { plan: 'gold' } }, facts())).toBe(true);
    expect(matches({ customFields: { plan: 'gold', seats: 5, vip: true } }, facts())).toBe(true);
    expect(matches({ customFields: { plan: 'gold', seats: 6 } }, facts())).toBe(false);
    expect(matches({ customFields: { seats: '5' } }, facts())).toBe(false);
    expect(matches({ customFields: { region: 'eu' } }, facts())).toBe(false);
  });

  it('requester domain: the domain or a subdomain of it, never a look-alike', () => {
    expect(matches({ requesterDomain: ['eu.acme.com'] }, facts())).toBe(true);
    expect(matches({ requesterDomain: ['acme.com'] }, facts())).toBe(true);
    expect(matches({ requesterDomain: ['cme.com'] }, facts())).toBe(false);
    expect(matches({ requesterDomain: ['acme.com'] }, facts({ requesterEmail: 'x@notacme.com' }))).toBe(false);
    expect(matches({ requesterDomain: ['acme.com'] }, facts({ requesterEmail: 'acme.com@evil.io' }))).toBe(false);
  });

  it('every condition given must hold', () => {
    const c = { channel: ['widget' as const], keywords: ['invoice'], requesterDomain: ['acme.com'] };
    expect(matches(c, facts())).toBe(true);
    expect(matches(c, facts({ channel: 'email' }))).toBe(false);
    expect(matches(c, facts({ requesterEmail: 'ana@other.org' }))).toBe(false);
  });
});

describe('routeTicket', () => {
  it('runs enabled rules in order: a later one overrides team, priority and assignee; tags add up', () => {
    const rules = [
      rule({
        conditions: { keywords: ['invoice'] },
        actions: { teamId: 'team_billing', priority: 'high', tags: ['a'] },
      }),
      rule({ enabled: false, actions: { teamId: 'team_disabled' } }),
      rule({ conditions: { keywords: ['nope'] }, actions: { priority: 'low' } }),
      rule({ conditions: { tags: ['billing'] }, actions: { priority: 'urgent', tags: ['b'], assigneeId: 'agt_1' } }),
    ];
    const r = routeTicket(rules, facts());
    expect(r.matched).toEqual([rules[0].id, rules[3].id]);
    expect(r.actions).toEqual({ teamId: 'team_billing', priority: 'urgent', tags: ['a', 'b'], assigneeId: 'agt_1' });
  });

  it('stops at the first matching rule with stopProcessing', () => {
    const rules = [
      rule({ conditions: { keywords: ['nope'] }, actions: { priority: 'low' }, stopProcessing: true }),
      rule({ actions: { teamId: 'team_first' }, stopProcessing: true }),
      rule({ actions: { teamId: 'team_second' } }),
    ];
    const r = routeTicket(rules, facts());
    expect(r.matched).toEqual([rules[1].id]);
    expect(r.actions).toEqual({ teamId: 'team_first', tags: [] });
  });

  it('matches nothing: no actions', () => {
    expect(routeTicket([rule({ conditions: { channel: ['chat'] }, actions: { priority: 'low' } })], facts())).toEqual({
      actions: { tags: [] },
      matched: [],
    });
  });
});
