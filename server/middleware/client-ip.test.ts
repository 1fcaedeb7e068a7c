import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustProxy, resolveClientIp } from './client-ip.ts';
import { ConfigError, loadEnv } from '../env.ts';
import { createHarness, type Harness } from '../test-support/harness.ts';

const ip = (socket: string, headers: { xForwardedFor?: string; forwarded?: string }, trust?: string) =>
  resolveClientIp(socket, headers, parseTrustProxy(trust));

describe('resolveClientIp', () => {
  it('without TRUST_PROXY is the socket address, whatever the headers say', () => {
    expect(ip('203.0.113.9', { xForwardedFor: '1.2.3.4', forwarded: 'for=5.6.7.8' })).toBe('203.0.113.9');
    expect(ip('127.0.0.1', { xForwardedFor: '1.2.3.4' })).toBe('127.0.0.1');
    // Node reports IPv4 peers of a dual-stack socket as IPv4-mapped IPv6.
    expect(ip('::ffff:198.51.100.7', {})).toBe('198.51.100.7');
  });

  it('believes X-Forwarded-For only from a trusted peer, walking right to left to the first untrusted hop', () => {
    expect(ip('127.0.0.1', { xForwardedFor: '198.51.100.7' }, 'loopback')).toBe('198.51.100.7');
    expect(ip('::ffff:127.0.0.1', { xForwardedFor: '198.51.100.7' }, 'loopback')).toBe('198.51.100.7');
    // An untrusted peer's header is ignored.
    expect(ip('203.0.113.9', { xForwardedFor: '198.51.100.7' }, 'loopback')).toBe('203.0.113.9');
    // The client prepended a lie; the proxy appended what it saw: the lie is left of the first untrusted hop.
    expect(ip('127.0.0.1', { xForwardedFor: '10.9.9.9, 198.51.100.7' }, 'loopback')).toBe('198.51.100.7');
    // Two proxies in a trusted range: the walk passes both.
    expect(ip('10.0.0.2', { xForwardedFor: '198.51.100.7, 10.0.0.1' }, '10.0.0.0/8')).toBe('198.51.100.7');
    expect(ip('10.0.0.2', { xForwardedFor: '198.51.100.7, 10.0.0.1' }, '10.0.0.2')).toBe('10.0.0.1');
    expect(ip('::1', { xForwardedFor: '2001:db8::1' }, 'loopback, 10.0.0.0/8')).toBe('2001:db8::1');
  });

  it('with a hop count trusts exactly that many nearest hops', () => {
    expect(ip('203.0.113.9', { xForwardedFor: '6.6.6.6, 198.51.100.7' }, '1')).toBe('198.51.100.7');
    expect(ip('203.0.113.9', { xForwardedFor: '6.6.6.6, 198.51.100.7, 10.0.0.1' }, '2')).toBe('198.51.100.7');
    // Fewer entries than hops: the leftmost is the client.
    expect(ip('203.0.113.9', { xForwardedFor: '198.51.100.7' }, '3')).toBe('198.51.100.7');
  });

  it('reads RFC 7239 Forwarded, with quotes, brackets and ports', () => {
    expect(ip('127.0.0.1', { forwarded: 'for=198.51.100.7;proto=https;by=127.0.0.1' }, 'loopback')).toBe(
      '198.51.100.7',
    );
    expect(ip('127.0.0.1', { forwarded: 'for="[2001:db8:cafe::17]:4711"' }, 'loopback')).toBe('2001:db8:cafe::17');
    expect(ip('127.0.0.1', { forwarded: 'for=6.6.6.6, for="198.51.100.7:80"' }, 'loopback')).toBe('198.51.100.7');
  });

  it('never takes a hop that is not an address, nor headers that contradict each other', () => {
    expect(ip('127.0.0.1', { xForwardedFor: 'not-an-ip' }, 'loopback')).toBe('127.0.0.1');
    expect(ip('127.0.0.1', { forwarded: 'for=unknown' }, 'loopback')).toBe('127.0.0.1');
    expect(ip('127.0.0.1', { forwarded: 'for=_hidden, for=198.51.100.7' }, 'loopback')).toBe('198.51.100.7');
    expect(
      ip('127.0.0.1', { xForwardedFor: '198.51.100.7', forwarded: 'for=6.6.6.6' }, 'loopback'),
      'one of the two came from the client',
    ).toBe('127.0.0.1');
    expect(ip('127.0.0.1', { xForwardedFor: '198.51.100.7', forwarded: 'for=198.51.100.7' }, 'loopback')).toBe(
      '198.51.100.7',
    );
  });

  it('TRUST_PROXY refuses what it cannot read, naming the value', () => {
    expect(() => loadEnv({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
    expect(() => loadEnv({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY: "everyone" is not loopback/);
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
    expect(() => loadEnv({ TRUST_PROXY: '0' })).toThrow(/hop count/);
    expect(loadEnv({}).TRUST_PROXY).toEqual({ kind: 'none' });
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 2 });
  });
});

describe('the client address behind a proxy', () => {
  let h: Harness;
  afterEach(() => h.close());

  const submit = (key: string, i: number, ipAddr: string, forwardedFor?: string) =>
    h.json('POST', '/api/v1/widget/tickets', {
      ip: ipAddr,
      headers: { 'x-widget-key': key, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: { subject: `Question ${i}`, message: 'Where is my parcel?', email: `v${i}@example.com` },
    });

  it('with TRUST_PROXY=loopback, visitors behind the proxy have their own widget limits', async () => {
    h = await createHarness({ env: { TRUST_PROXY: 'loopback' } });
    const t = await h.signup();
    for (let i = 0; i < 20; i++)
      expect((await submit(t.tenant.widgetKey, i, '127.0.0.1', '198.51.100.7')).status).toBe(201);
    expect((await submit(t.tenant.widgetKey, 20, '127.0.0.1', '198.51.100.7')).status).toBe(429);
    // Another visitor through the same proxy is not refused.
    expect((await submit(t.tenant.widgetKey, 21, '127.0.0.1', '198.51.100.8')).status).toBe(201);
    // Prepending an address does not give the first visitor a fresh bucket: the proxy appends the real one.
    expect((await submit(t.tenant.widgetKey, 22, '127.0.0.1', '10.1.2.3, 198.51.100.7')).status).toBe(429);
  });

  it('spoofed headers from an untrusted peer change nothing: not the limit, not the audit log', async () => {
    h = await createHarness({ env: { TRUST_PROXY: 'loopback' } });
    const t = await h.signup();
    for (let i = 0; i < 20; i++)
      expect((await submit(t.tenant.widgetKey, i, '203.0.113.9', `198.51.100.${i}`)).status).toBe(201);
    expect((await submit(t.tenant.widgetKey, 20, '203.0.113.9', '198.51.100.99')).status).toBe(429);

    const login = (from: string, forwardedFor: string) =>
      h.json('POST', '/api/v1/auth/login', {
        ip: from,
        headers: { 'x-forwarded-for': forwardedFor, forwarded: `for=${forwardedFor}` },
        body: { email: t.agent.email, password: 'correct horse battery' },
      });
    expect((await login('203.0.113.9', '192.0.2.1')).status).toBe(200);
    expect((await login('127.0.0.1', '192.0.2.2')).status).toBe(200);
    const rows = await h.db.all<{ ip: string }>("SELECT ip FROM audit_log WHERE action = 'auth.login' ORDER BY seq");
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.9', '192.0.2.2']);
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored even from loopback', async () => {
    h = await createHarness();
    const t = await h.signup();
    for (let i = 0; i < 20; i++)
      expect((await submit(t.tenant.widgetKey, i, '127.0.0.1', `198.51.100.${i}`)).status).toBe(201);
    expect((await submit(t.tenant.widgetKey, 20, '127.0.0.1', '198.51.100.99')).status).toBe(429);
  });
});
