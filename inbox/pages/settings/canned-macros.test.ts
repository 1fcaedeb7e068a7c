// Pure helpers of the canned-response picker and the macro form: filtering after `/`, and form ↔ API body.
import { describe, expect, it } from 'vitest';
import { filterCanned, slashQuery } from '../../components/canned-picker.ts';
import { draftOf, macroBodyOf, summary, type MacroDraft } from './macros.tsx';
import { cannedBodyOf } from './canned-responses.tsx';
import type { CannedResponse } from '../../types.ts';

const r = (id: string, title: string, shortcut: string | null = null): CannedResponse => ({
  id,
  title,
  shortcut,
  body: 'x',
  shared: true,
  ownerId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('the canned-response picker', () => {
  it('opens only for a leading slash on one short line', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/ref')).toBe('ref');
    expect(slashQuery('/where parcel')).toBe('where parcel');
    expect(slashQuery('Hi /ref')).toBeNull();
    expect(slashQuery('/ref\nmore')).toBeNull();
    expect(slashQuery('')).toBeNull();
  });

  it('puts shortcut matches first, then titles holding every word', () => {
    const list = [r('a', 'Where is my parcel'), r('b', 'Refund sent', 'refund'), r('c', 'Parcel refund policy')];
    expect(filterCanned(list, '').map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(filterCanned(list, 'ref').map((x) => x.id)).toEqual(['b', 'c']);
    expect(filterCanned(list, 'PARCEL').map((x) => x.id)).toEqual(['a', 'c']);
    expect(filterCanned(list, 'parcel where').map((x) => x.id)).toEqual(['a']);
    expect(filterCanned(list, 'zebra')).toEqual([]);
  });

  it('sends a blank shortcut as none and drops a typed slash', () => {
    expect(cannedBodyOf({ title: 'T', shortcut: ' /Refund ', body: 'B', shared: true }, true)).toEqual({
      title: 'T',
      body: 'B',
      shortcut: 'refund',
      shared: true,
    });
    expect(cannedBodyOf({ title: 'T', shortcut: '', body: 'B', shared: true }, false)).toEqual({
      title: 'T',
      body: 'B',
      shortcut: null,
    });
  });
});

describe('the macro form', () => {
  const blank: MacroDraft = {
    name: 'M',
    reply: '',
    note: '',
    status: '',
    priority: '',
    tags: '',
    removeTags: '',
    teamId: '',
    assigneeId: '',
  };

  it('sends only what the macro changes; "none" takes a team or assignee off', () => {
    expect(macroBodyOf(blank)).toEqual({ name: 'M', actions: {} });
    const body = macroBodyOf({
      ...blank,
      reply: 'Hi {{customer.name}}',
      status: 'resolved',
      tags: 'refund, vip',
      removeTags: 'waiting',
      teamId: 'none',
      assigneeId: 'agt_1',
    });
    expect(body).toEqual({
      name: 'M',
      actions: {
        reply: 'Hi {{customer.name}}',
        status: 'resolved',
        tags: ['refund', 'vip'],
        removeTags: ['waiting'],
        teamId: null,
        assigneeId: 'agt_1',
      },
    });
    const macro = { id: 'mac_1', createdAt: '', updatedAt: '', ...body };
    expect(macroBodyOf(draftOf(macro))).toEqual(body);
    expect(summary(body.actions, () => 'Billing')).toBe(
      'replies, status resolved, tags +refund +vip, tags −waiting, no team, assign Another agent',
    );
  });
});
