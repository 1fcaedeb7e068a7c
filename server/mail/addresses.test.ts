import { describe, expect, it } from 'vitest';
import { inboundAddress, parseLocalAddress, replyAddress, replyToken, verifyReplyToken } from './addresses.ts';

const KEY = 'k'.repeat(48);

describe('mail addresses', () => {
  it('gives each tenant <slug>@<domain>', () => {
    expect(inboundAddress('acme', 'mail.example.com')).toBe('acme@mail.example.com');
  });

  it('makes a reply address whose token verifies for its tenant and ticket only', () => {
    const addr = replyAddress(KEY, { id: 'ten_a', slug: 'acme' }, 42, 'mail.example.com');
    const parsed = parseLocalAddress(addr.toUpperCase(), 'mail.example.com');
    expect(parsed?.slug).toBe('acme');
    expect(verifyReplyToken(KEY, 'ten_a', parsed!.token!)).toBe(42);
    expect(verifyReplyToken(KEY, 'ten_b', parsed!.token!)).toBeNull();
    expect(verifyReplyToken('other-key'.repeat(6), 'ten_a', parsed!.token!)).toBeNull();
  });

  it('refuses a token made up from a ticket number', () => {
    const real = replyToken(KEY, 'ten_a', 42);
    expect(verifyReplyToken(KEY, 'ten_a', '42')).toBeNull();
    expect(verifyReplyToken(KEY, 'ten_a', '42-' + '0'.repeat(20))).toBeNull();
    expect(verifyReplyToken(KEY, 'ten_a', real.replace(/^42/, '43'))).toBeNull();
    expect(verifyReplyToken(KEY, 'ten_a', real.slice(0, -1))).toBeNull();
  });

  it('reads only addresses at the inbound domain', () => {
    expect(parseLocalAddress('acme@mail.example.com.', 'mail.example.com')).toEqual({ slug: 'acme', token: null });
    expect(parseLocalAddress('acme@elsewhere.com', 'mail.example.com')).toBeNull();
    expect(parseLocalAddress('not an address', 'mail.example.com')).toBeNull();
    expect(parseLocalAddress('a b@mail.example.com', 'mail.example.com')).toBeNull();
  });
});
