// Pure helpers of the Teams, Routing and Roles tabs: the bodies they send and how they say what a rule or role does.
import { describe, expect, it } from 'vitest';
import { describeRule, draftOf, EMPTY_RULE, movedIds, ruleBody } from './routing.tsx';
import { teamBody } from './teams.tsx';
import { describeConditions, NO_CONDITIONS } from './roles.tsx';
import type { CustomField, RoutingRule } from '../../types.ts';

const defs = [
  { key: 'plan', type: 'select', options: ['free', 'gold'] },
  { key: 'seats', type: 'number', options: [] },
  { key: 'vip', type: 'checkbox', options: [] },
] as unknown as CustomField[];

describe('ruleBody', () => {
  it('sends only what was filled in, lists split on commas, tags without spaces, domains without @', () => {
    expect(ruleBody({ ...EMPTY_RULE, name: ' Catch all ', priority: 'low' })).toEqual({
      name: 'Catch all',
      enabled: true,
      stopProcessing: false,
      conditions: {},
      actions: { priority: 'low' },
    });
    const body = ruleBody(
      {
        ...EMPTY_RULE,
        name: 'Billing',
        channels: ['widget', 'email'],
        keywords: 'invoice, charged twice,, invoice',
        tags: 'vip , big customer',
        domains: '@acme.com, eu.acme.com',
        fields: { plan: 'gold', seats: '5', vip: 'true', other: '' },
        teamId: 'team_1',
        addTags: 'billing',
        assigneeId: 'agt_1',
        stopProcessing: true,
      },
      defs,
    );
    expect(body).toEqual({
      name: 'Billing',
      enabled: true,
      stopProcessing: true,
      conditions: {
        channel: ['widget', 'email'],
        keywords: ['invoice', 'charged twice'],
        tags: ['vip', 'big-customer'],
        requesterDomain: ['acme.com', 'eu.acme.com'],
        customFields: { plan: 'gold', seats: 5, vip: true },
      },
      actions: { teamId: 'team_1', tags: ['billing'], assigneeId: 'agt_1' },
    });
  });

  it('round-trips a stored rule through the form', () => {
    const rule = {
      id: 'rule_1',
      name: 'R',
      enabled: false,
      position: 1,
      stopProcessing: false,
      conditions: { keywords: ['a', 'b'], customFields: { plan: 'gold', seats: 3 } },
      actions: { teamId: 'team_1', priority: 'high' },
      createdAt: '',
      updatedAt: '',
    } as RoutingRule;
    const { id: _id, ...rest } = draftOf(rule);
    const { name, enabled, stopProcessing, conditions, actions } = rule;
    expect(ruleBody(rest, defs)).toEqual({ name, enabled, stopProcessing, conditions, actions });
  });
});

describe('describeRule', () => {
  it('says when and then in words', () => {
    const r = {
      conditions: { channel: ['email'], keywords: ['refund'], requesterDomain: ['acme.com'] },
      actions: { teamId: 'team_1', priority: 'high', assigneeId: 'agt_1' },
      stopProcessing: true,
    } as RoutingRule;
    expect(
      describeRule(
        r,
        () => 'Billing',
        () => 'Ada',
      ),
    ).toEqual({
      when: 'When channel is email, and mentions “refund”, and from @acme.com',
      then: 'Then team Billing; priority high; assign to Ada; stop',
    });
    expect(describeRule({ conditions: {}, actions: {} } as RoutingRule, String, String)).toEqual({
      when: 'Every new ticket',
      then: 'Does nothing',
    });
  });
});

describe('movedIds', () => {
  it('swaps with the neighbour, and leaves the ends alone', () => {
    expect(movedIds(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(movedIds(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(movedIds(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('teamBody', () => {
  it('sends the members on a change even when empty (removing everyone), and only when given on a create', () => {
    expect(teamBody({ name: ' Returns ', agentIds: [] })).toEqual({ name: 'Returns' });
    expect(teamBody({ name: 'Returns', agentIds: ['agt_1'] })).toEqual({ name: 'Returns', agentIds: ['agt_1'] });
    expect(teamBody({ id: 'team_1', name: 'Returns', agentIds: [] })).toEqual({ name: 'Returns', agentIds: [] });
  });
});

describe('describeConditions', () => {
  it('names each limit of a role', () => {
    expect(describeConditions(NO_CONDITIONS)).toBe('');
    expect(describeConditions({ own: false, team: true, priorities: ['high', 'urgent'] })).toBe(
      "Only tickets of the agent's teams, of priority high or urgent",
    );
  });
});
