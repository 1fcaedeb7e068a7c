// Pure helpers of the settings and ticket pages: field order, SLA hours, time zones, the new-ticket body, the tab title.
import { describe, expect, it } from 'vitest';
import { moved, positionPatches } from './settings/ticket-fields.tsx';
import { hoursOf, minutesOf } from './settings/service-hours.tsx';
import { answerOf, prettyPayload } from './settings/webhook-delivery.tsx';
import { createBodyOf } from './new-ticket.tsx';
import { filterZones, timeZones } from '../components/time-zone-picker.tsx';
import { titleFor } from '../state/title.ts';
import { actionLabel, auditQuery } from './settings/audit-log.tsx';
import { presenceLine } from './ticket.tsx';

describe('ticket field order', () => {
  it('moves a field and patches only the positions that change, renumbering shared ones', () => {
    const f = (id: string, position: number) => ({ id, position });
    const list = [f('a', 0), f('b', 1), f('c', 2)];
    expect(positionPatches(moved(list, 2, -1))).toEqual([
      { id: 'c', position: 1 },
      { id: 'b', position: 2 },
    ]);
    expect(moved(list, 0, -1)).toBe(list);
    // after a delete and an add two fields share position 2: moving still gives a clean order
    const shared = [f('a', 0), f('c', 2), f('d', 2)];
    expect(positionPatches(moved(shared, 2, -1))).toEqual([{ id: 'd', position: 1 }]);
    expect(positionPatches(shared)).toEqual([{ id: 'c', position: 1 }]);
  });
});

describe('SLA targets in hours', () => {
  it('shows stored minutes as hours and turns hours back into the minutes the API stores', () => {
    expect(hoursOf(90)).toBe('1.5');
    expect(hoursOf(20)).toBe('0.33');
    expect(hoursOf(null)).toBe('');
    expect(minutesOf('1.5')).toBe(90);
    expect(minutesOf('0,5')).toBe(30);
    expect(minutesOf(' ')).toBeNull();
    expect(minutesOf(hoursOf(20))).toBe(20);
    expect(minutesOf('0')).toMatch(/above 0/);
    expect(minutesOf('soon')).toMatch(/number of hours/);
    expect(minutesOf('9000')).toMatch(/at most/);
  });
});

describe('time zones', () => {
  it('lists the IANA zones with UTC and keeps a stored zone the browser does not know', () => {
    const zones = timeZones('Antarctica/Troll');
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Antarctica/Troll');
  });
  it('finds zones by any words of their name', () => {
    const zones = timeZones();
    expect(filterZones(zones, 'new york')).toEqual(['America/New_York']);
    expect(filterZones(zones, 'europe ber')).toEqual(['Europe/Berlin']);
    expect(filterZones(zones, '')).toBe(zones);
    expect(filterZones(zones, 'atlantis')).toEqual([]);
  });
});

describe('new ticket body', () => {
  it('sends the requester, tags as words and only the custom fields that were filled in', () => {
    const body = createBodyOf(
      {
        email: ' casey@example.com ',
        name: ' ',
        subject: ' Broken pole ',
        message: 'It snapped.',
        priority: 'high',
        tags: 'phone call, vip, vip',
        fields: { order: ' 42 ', gift: false, size: '' },
      },
      [
        { key: 'order', type: 'number' },
        { key: 'gift', type: 'checkbox' },
        { key: 'size', type: 'select' },
      ],
    );
    expect(body).toEqual({
      subject: 'Broken pole',
      message: 'It snapped.',
      requester: { email: 'casey@example.com' },
      priority: 'high',
      tags: ['phone-call', 'vip'],
      customFields: { order: 42 },
    });
  });
});

describe('webhook delivery', () => {
  it('reads an attempt as the answer and shows the body indented', () => {
    expect(answerOf({ statusCode: 200, durationMs: 34, error: null } as never)).toBe('HTTP 200 in 34 ms');
    expect(answerOf({ statusCode: null, durationMs: 15000, error: 'Timed out' } as never)).toBe(
      'Timed out (in 15000 ms)',
    );
    expect(prettyPayload('{"type":"webhook.ping"}')).toBe('{\n  "type": "webhook.ping"\n}');
    expect(prettyPayload('not json')).toBe('not json');
  });
});

describe('tab title', () => {
  it('puts the unread count first, only when there is one', () => {
    expect(titleFor('tickets', 'Acme', 3)).toBe('(3) Tickets · Acme');
    expect(titleFor('customers', 'Acme', 0)).toBe('Customers · Acme');
    expect(titleFor('nowhere', undefined, 1)).toBe('(1) Inbox · Helpdesk');
  });
});

describe('audit log filters', () => {
  it('send only the filters set, with the "to" day included whole, in local time', () => {
    expect(auditQuery({ action: '', actorId: '', from: '', to: '' })).toEqual({});
    expect(auditQuery({ action: 'auth.login', actorId: 'agt_1', from: '2026-03-02', to: '2026-03-02' })).toEqual({
      action: 'auth.login',
      actorId: 'agt_1',
      from: new Date(2026, 2, 2).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
    });
    // the last day of a month rolls over into the next
    expect(auditQuery({ action: '', actorId: '', from: '', to: '2026-02-28' }).to).toBe(
      new Date(2026, 2, 1).toISOString(),
    );
  });
  it('name actions in words, and keep an unknown one as recorded', () => {
    expect(actionLabel('tenant.widget_key_rotated')).toBe('Widget key rotated');
    expect(actionLabel('billing.something_new')).toBe('billing.something_new');
  });
});

describe('presence line', () => {
  it('names who else views and who else types, either alone, nothing when alone', () => {
    expect(presenceLine({}, {})).toBe('');
    expect(presenceLine({ a1: 'Otto' }, {})).toBe('Otto is viewing');
    expect(presenceLine({}, { a2: 'Mina' })).toBe('Mina is typing…');
    expect(presenceLine({ a1: 'Otto', a2: 'Mina' }, { a2: 'Mina', a3: 'Ida' })).toBe(
      'Otto and Mina are viewing · Mina and Ida are typing…',
    );
  });
});
