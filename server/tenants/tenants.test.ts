import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../test-support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('a tenant managing its own account', () => {
  it('reads and updates name, domain, allowed origins, branding and settings', async () => {
    const t = await h.signup();
    const got = await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as);
    expect(got.status).toBe(200);
    expect(got.body.widgetKey).toMatch(/^hd_pk_/);
    expect(got.body).not.toHaveProperty('identitySecret');

    const patched = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        name: 'Acme Support',
        domain: 'acme.example',
        allowedOrigins: ['https://www.acme.example', 'https://shop.acme.example/'],
        branding: { primaryColor: '#ff5500', logoUrl: 'https://cdn.acme.example/logo.png' },
        settings: {
          autoAssignment: true,
          slaEnabled: true,
          maxAgents: 2,
          businessHours: {
            timezone: 'Europe/Berlin',
            schedule: { mon: { open: '09:00', close: '17:00' } },
            holidays: ['2026-12-25'],
          },
        },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Acme Support');
    expect(patched.body.allowedOrigins).toEqual(['https://www.acme.example', 'https://shop.acme.example']);
    expect(patched.body.branding.primaryColor).toBe('#ff5500');
    // branding merges: untouched fields keep their values
    expect(patched.body.branding.secondaryColor).toBe('#1e293b');
    expect(patched.body.settings.maxAgents).toBe(2);
    expect(patched.body.settings.businessHours.timezone).toBe('Europe/Berlin');

    const again = await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as);
    expect(again.body.branding.primaryColor).toBe('#ff5500');
  });

  it('answers 422 with one error per bad field and changes nothing', async () => {
    const t = await h.signup();
    const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: {
        name: '',
        allowedOrigins: ['not a url', 'https://ok.example/path'],
        branding: { primaryColor: 'red' },
        settings: { businessHours: { timezone: 'Mars/Olympus' } },
      },
    });
    expect(r.status).toBe(422);
    expect(r.res.headers.get('content-type')).toBe('application/problem+json');
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'allowedOrigins.0',
        'allowedOrigins.1',
        'branding.primaryColor',
        'settings.businessHours.timezone',
      ]),
    );
    const after = await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as);
    expect(after.body.name).toBe(t.tenant.name);
    expect(after.body.allowedOrigins).toEqual([]);
  });

  it('rotates the widget key (old one stops working) and the identity secret', async () => {
    const t = await h.signup();
    const oldKey = t.tenant.widgetKey;
    expect((await h.req('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': oldKey } })).status).toBe(200);
    const rot = await h.json('POST', `/api/v1/tenants/${t.tenant.id}/widget-key/rotate`, t.as);
    expect(rot.status).toBe(200);
    expect(rot.body.widgetKey).toMatch(/^hd_pk_/);
    expect(rot.body.widgetKey).not.toBe(oldKey);
    expect((await h.req('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': oldKey } })).status).toBe(401);
    expect(
      (await h.req('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': rot.body.widgetKey } })).status,
    ).toBe(200);

    const before = await h.json('GET', `/api/v1/tenants/${t.tenant.id}/identity-secret`, t.as);
    const sec = await h.json('POST', `/api/v1/tenants/${t.tenant.id}/identity-secret/rotate`, t.as);
    expect(sec.body.identitySecret).toMatch(/^hd_id_/);
    expect(sec.body.identitySecret).not.toBe(before.body.identitySecret);
    const audit = await h.json('GET', '/api/v1/audit-log', t.as);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['tenant.widget_key_rotated', 'tenant.identity_secret_rotated']),
    );
  });

  it('gates white-label branding on the enterprise plan with a 403 naming plan and feature', async () => {
    const t = await h.signup();
    const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { customCss: '.x{}' } },
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      type: 'https://helpdesk.dev/problems/plan-feature',
      plan: 'professional',
      feature: 'white-label',
    });
    // once the operator has moved the account to enterprise, the owner can use it
    expect(
      (
        await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
          ...h.platform,
          body: { subscription: { plan: 'enterprise' } },
        })
      ).status,
    ).toBe(200);
    const up = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { customCss: '.x{}' } },
    });
    expect(up.status).toBe(200);
    expect(up.body.branding.customCss).toBe('.x{}');
  });

  it('serves the widget config from the publishable key, with branding', async () => {
    const t = await h.signup();
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { primaryColor: '#123456', launcherPosition: 'bottom-left' } },
    });
    const cfg = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(cfg.status).toBe(200);
    expect(cfg.body.tenantId).toBe(t.tenant.id);
    expect(cfg.body.branding).toMatchObject({ primaryColor: '#123456', launcherPosition: 'bottom-left' });
    expect(JSON.stringify(cfg.body)).not.toMatch(/hd_id_|identity/i);
    expect(cfg.res.headers.get('cache-control')).toBe('no-cache');
  });

  it('enforces allowed origins on widget calls once set, answering CORS preflights', async () => {
    const t = await h.signup();
    const key = { 'x-widget-key': t.tenant.widgetKey };
    expect(
      (await h.req('GET', '/api/v1/widget/config', { headers: { ...key, origin: 'https://anyone.example' } })).status,
    ).toBe(200);
    await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { allowedOrigins: ['https://shop.example'] },
    });
    const ok = await h.req('GET', '/api/v1/widget/config', { headers: { ...key, origin: 'https://shop.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const refused = await h.json('GET', '/api/v1/widget/config', {
      headers: { ...key, origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    // the refusal itself is readable by the page, so the site owner sees why in the console
    expect(refused.body.detail).toMatch(/allowed origins/);
    // the help desk's own origin (the inbox's live preview) is always allowed
    expect(
      (await h.req('GET', '/api/v1/widget/config', { headers: { ...key, origin: 'http://localhost:8787' } })).status,
    ).toBe(200);
    const pre = await h.req('OPTIONS', '/api/v1/widget/tickets', {
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-widget-key',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-Widget-Key/i);
  });

  it('lets only the owner change the subscription', async () => {
    const t = await h.signup();
    await h.json('POST', '/api/v1/agents', {
      ...t.as,
      body: { name: 'Admin', email: 'admin@example.com', roleId: 'admin', password: 'admin password 1' },
    });
    const login = await h.json('POST', '/api/v1/auth/login', {
      body: { email: 'admin@example.com', password: 'admin password 1' },
    });
    const cookie = login.res.headers.get('set-cookie')!.split(';')[0];
    const r = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      cookie,
      body: { subscription: { plan: 'enterprise' } },
    });
    expect(r.status).toBe(403);
    const ok = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { cookie, body: { name: 'Renamed by admin' } });
    expect(ok.status).toBe(200);
  });
});

describe('the branding logo URL', () => {
  it('refuses a URL that breaks out of markup, changing nothing, and stores the normalised href of a good one', async () => {
    const t = await h.signup();
    const hostile = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { logoUrl: 'http://cdn.example.com/logo.svg?"><img src=x onerror=alert(1)>' } },
    });
    expect(hostile.status).toBe(422);
    expect(hostile.body.errors).toEqual([
      { path: 'branding.logoUrl', message: expect.stringMatching(/quotes, angle brackets/) },
    ]);
    for (const logoUrl of [
      'javascript:alert(1)',
      'https://user:pw@cdn.example.com/logo.png',
      ' https://cdn.example.com/logo.png',
    ]) {
      expect(
        (await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, { ...t.as, body: { branding: { logoUrl } } })).status,
        logoUrl,
      ).toBe(422);
    }
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as)).body.branding.logoUrl).toBeNull();

    const ok = await h.json('PATCH', `/api/v1/tenants/${t.tenant.id}`, {
      ...t.as,
      body: { branding: { logoUrl: 'HTTPS://CDN.Example.com:443/brand/../logo.png' } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.branding.logoUrl).toBe('https://cdn.example.com/logo.png');
    const cfg = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(cfg.body.branding.logoUrl).toBe('https://cdn.example.com/logo.png');
  });

  it('is not served when an unsafe one was stored before URLs were checked', async () => {
    const t = await h.signup();
    const branding = JSON.stringify({ logoUrl: 'http://cdn.example.com/logo.svg?"><img src=x onerror=alert(1)>' });
    await h.db.tx((tx) => tx.run('UPDATE tenants SET branding = ? WHERE id = ?', [branding, t.tenant.id]));
    expect((await h.json('GET', `/api/v1/tenants/${t.tenant.id}`, t.as)).body.branding.logoUrl).toBeNull();
    const cfg = await h.json('GET', '/api/v1/widget/config', { headers: { 'x-widget-key': t.tenant.widgetKey } });
    expect(cfg.body.branding.logoUrl).toBeNull();
  });
});
