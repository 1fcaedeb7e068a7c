import { describe, expect, it } from 'vitest';
import { blockedReason, urlRefusal } from './ssrf.ts';
import { MAX_ATTEMPTS, parseRetryAfter, retryDelayMs, RETRY_DELAYS_MS } from './schedule.ts';
import { signPayload } from './signing.ts';
import { Webhook } from 'standardwebhooks';

describe('address classification', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['10.0.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.0.1', /private/],
    ['169.254.169.254', /metadata/],
    ['169.254.0.1', /link-local/],
    ['100.64.0.1', /carrier-grade/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1%eth0', /link-local/],
    ['fc00::1', /unique local/],
    ['fd00:ec2::254', /metadata/],
    ['::ffff:10.0.0.1', /IPv4-mapped.*private/],
    ['::ffff:7f00:1', /IPv4-mapped.*loopback/],
    ['64:ff9b::a9fe:a9fe', /NAT64.*metadata/],
  ])('refuses %s', (ip, reason) => {
    expect(blockedReason(ip)).toMatch(reason);
  });

  // IPv6 forms that carry an IPv4 address are judged by that address.
  it.each([
    ['2002:7f00:1::', /6to4.*loopback/],
    ['2002:7f00:0001:0:0:0:0:1', /6to4.*loopback/],
    ['2002:a00:1::1', /6to4.*private/],
    ['2002:a9fe:a9fe::', /6to4.*metadata/],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', /Teredo.*loopback/],
    ['2001::ffff:f5ff:fffe', /Teredo.*private/],
    ['2001:0:4136:e378:8000:63bf:5601:5601', /Teredo.*metadata/],
    ['64:ff9b::127.0.0.1', /NAT64.*loopback/],
    ['64:ff9b::c0a8:101', /NAT64.*private/],
    ['64:ff9b:1::a00:1', /local-use NAT64/],
    ['::ffff:127.0.0.1', /IPv4-mapped.*loopback/],
    ['::ffff:0:a00:1', /IPv4-mapped.*private/],
    ['::127.0.0.1', /loopback/],
    ['::a9fe:a9fe', /metadata/],
    ['2001:db8::1', /documentation/],
  ])('refuses %s by the IPv4 address inside it', (ip, reason) => {
    expect(blockedReason(ip)).toMatch(reason);
  });

  it('refuses those forms in a webhook URL too', async () => {
    for (const host of [
      '[2002:7f00:1::]',
      '[2001:0:4136:e378:8000:63bf:80ff:fffe]',
      '[64:ff9b::7f00:1]',
      '[::ffff:7f00:1]',
    ]) {
      expect(await urlRefusal(new URL(`http://${host}/hook`), false), host).toMatch(/^The URL points at .*loopback/);
    }
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
    '64:ff9b::808:808',
  ])('allows public %s', (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });

  it('refuses names that resolve to a private address, and unresolvable names', async () => {
    const resolveTo = (address: string) => async () => [{ address, family: address.includes(':') ? 6 : 4 }];
    expect(await urlRefusal(new URL('https://hooks.example.com/x'), false, resolveTo('10.0.0.7'))).toMatch(
      /resolves to a private network address/,
    );
    expect(await urlRefusal(new URL('https://hooks.example.com/x'), false, resolveTo('93.184.215.14'))).toBeNull();
    const nx = async () => {
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await urlRefusal(new URL('https://nope.invalid/x'), false, nx)).toMatch(/could not be resolved/);
    expect(await urlRefusal(new URL('http://127.0.0.1/x'), true)).toBeNull();
  });
});

describe('retry schedule', () => {
  it("follows Svix's schedule with ±10% jitter, the first retry within 10 s", () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_ATTEMPTS).toBe(8);
    expect(retryDelayMs(1, () => 0)).toBe(4500);
    expect(retryDelayMs(1, () => 0.9999)).toBeLessThan(10_000);
    expect(retryDelayMs(2, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(8)).toBeNull();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('99999999', now)).toBe(24 * 3600_000);
  });
});

describe('signing', () => {
  it('matches the standardwebhooks reference implementation', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const wh = new Webhook(secret);
    const at = new Date('2026-03-02T10:00:00Z');
    expect(signPayload(secret, 'msg_1', at.getTime() / 1000, '{"a":1}')).toBe(wh.sign('msg_1', at, '{"a":1}'));
  });
});
