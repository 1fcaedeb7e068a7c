// Custom-domain HTTPS as a self-hoster runs it (README's Caddy recipe): Debian's caddy with on-demand TLS asks
// GET /api/v1/domains/check, and gets a certificate from Debian's pebble (an ACME CA) only for a verified domain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type SpawnedServer } from '../../scripts/spawn-server.ts';
import { startTestDns, type TestDns } from '../test-support/challtestsrv.ts';
import { httpsGet, startTlsProxy, type TlsProxy } from '../test-support/acme.ts';

let dns: TestDns;
let app: SpawnedServer;
let proxy: TlsProxy;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hd-tls-'));
  dns = await startTestDns();
  app = await spawnServer(
    {
      DATABASE_URL: `file:${join(dir, 'tls.db')}`,
      STORAGE_URL: `file:${join(dir, 'files')}`,
      SEED_DEMO: '0',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      DNS_SERVERS: dns.address,
      PLATFORM_ADMIN_TOKEN: 'tls-test-platform-token-0123456789',
      INBOUND_EMAIL_TOKEN: 'tls-test-inbound-token-0123456789',
      // caddy forwards the client's address; the app believes only loopback.
      TRUST_PROXY: 'loopback',
    },
    60_000,
    '127.0.0.1',
  );
  proxy = await startTlsProxy(`127.0.0.1:${app.port}`, dns.address);
}, 90_000);

afterAll(async () => {
  await proxy?.stop();
  await app?.stop();
  await dns?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${app.baseURL}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      origin: app.baseURL,
      ...(init.cookie ? { cookie: init.cookie } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: await res.json().catch(() => null), cookie: res.headers.get('set-cookie') };
}

describe('on-demand TLS for custom domains through caddy and an ACME CA', () => {
  it('issues a certificate for a verified domain and none for a pending or unknown one', async () => {
    const signup = await api('/api/v1/signup', {
      method: 'POST',
      body: { tenantName: 'Acme', name: 'Owner', email: 'owner@acme.test', password: 'acme password 1' },
    });
    expect(signup.status).toBe(201);
    const login = await api('/api/v1/auth/login', {
      method: 'POST',
      body: { email: 'owner@acme.test', password: 'acme password 1' },
    });
    const cookie = login.cookie!.split(';')[0];
    await api('/api/v1/kb/articles', {
      method: 'POST',
      cookie,
      body: { title: 'Opening hours', body: 'Nine to five.', status: 'published' },
    });
    const verified = await api('/api/v1/help-center/domains', {
      method: 'POST',
      cookie,
      body: { domain: 'help.acme.test' },
    });
    await api('/api/v1/help-center/domains', { method: 'POST', cookie, body: { domain: 'pending.acme.test' } });
    await dns.setTxt(verified.body.verification.txtName, verified.body.verification.txtValue);
    const check = await api(`/api/v1/help-center/domains/${verified.body.id}/verify`, { method: 'POST', cookie });
    expect(check.body.status).toBe('verified');

    // The verified domain: a certificate from the test CA, for that name, and the help centre behind it.
    const page = await httpsGet(proxy.httpsPort, '/en/articles/opening-hours', {
      servername: 'help.acme.test',
      ca: proxy.issuingRoot,
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Nine to five.');
    expect(page.body).toContain('<link rel="canonical" href="https://help.acme.test/en/articles/opening-hours"');

    // Pending and unknown names: caddy's ask is refused, so no certificate and no handshake.
    for (const servername of ['pending.acme.test', 'nobody.example.test'])
      await expect(httpsGet(proxy.httpsPort, '/', { servername, ca: proxy.issuingRoot })).rejects.toThrow();
  }, 60_000);
});
