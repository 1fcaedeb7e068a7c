import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, sessionCookie, type Harness } from '../test-support/harness.ts';
import { csvCell } from './export-queries.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('GET /analytics/export', () => {
  it("exports the tenant's tickets as CSV, safe to open in a spreadsheet, and customers as JSON", async () => {
    const a = await h.signup();
    const b = await h.signup();
    await h.json('POST', '/api/v1/tickets', {
      ...a.as,
      body: {
        subject: '=HYPERLINK("http://evil")',
        message: 'm',
        requester: { email: 'x@example.com', name: 'Xo, "the" tester' },
        tags: ['vip'],
      },
    });
    await h.json('POST', '/api/v1/tickets', {
      ...a.as,
      body: { subject: 'Second', message: 'm', requester: { email: 'y@example.com' } },
    });
    await h.json('POST', '/api/v1/tickets', {
      ...b.as,
      body: { subject: 'Other tenant', message: 'm', requester: { email: 'z@example.com' } },
    });

    const csv = await h.req('GET', '/api/v1/analytics/export?resource=tickets&format=csv', a.as);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['id', 'number', 'subject']);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain('"Xo, ""the"" tester"');
    expect(lines.join('\n')).not.toContain('Other tenant');

    const json = await h.json('GET', '/api/v1/analytics/export?resource=customers&format=json', a.as);
    expect(json.body.map((c: { email: string }) => c.email).sort()).toEqual(['x@example.com', 'y@example.com']);
    expect((await h.json('GET', '/api/v1/analytics/export?resource=agents', a.as)).status).toBe(422);
  });

  it('stays open to the owner of a suspended account', async () => {
    const made = await h.json('POST', '/api/v1/tenants', {
      ...h.platform,
      body: { name: 'S', owner: { name: 'O', email: 'sus@example.com', password: 'owner password 1' } },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'sus@example.com', password: 'owner password 1' },
    });
    const as = { cookie: sessionCookie(login.res) };
    await h.json('POST', `/api/v1/tenants/${made.body.tenant.id}/suspend`, h.platform);
    expect((await h.req('GET', '/api/v1/tickets', as)).status).toBe(403);
    expect((await h.req('GET', '/api/v1/analytics/export', as)).status).toBe(200);
  });

  it('quotes cells per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(['vip'])).toBe('"[""vip""]"');
    expect(csvCell(null)).toBe('');
    expect(csvCell('+1 555')).toBe("'+1 555");
  });
});
