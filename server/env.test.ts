import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATABASE_URL: 'file:./data/helpdesk.db',
      PUBLIC_URL: 'http://localhost:8787',
      SEED_DEMO: true,
      ALLOW_PRIVATE_WEBHOOKS: false,
      RATE_LIMITS: true,
    });
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(loadEnv({ PORT: '9000' }).PUBLIC_URL).toBe('http://localhost:9000');
    expect(loadEnv({ PUBLIC_URL: 'https://help.example.com/' }).PUBLIC_URL).toBe('https://help.example.com');
  });

  it('puts inbound and sender addresses at the public host unless told otherwise', () => {
    const env = loadEnv({ PUBLIC_URL: 'https://Help.Example.com' });
    expect(env.INBOUND_DOMAIN).toBe('help.example.com');
    expect(env.MAIL_FROM).toBe('help@help.example.com');
    expect(env.SMTP_URL).toBeUndefined();
    const custom = loadEnv({
      INBOUND_DOMAIN: 'Mail.Shop.com',
      MAIL_FROM: 'care@shop.com',
      SMTP_URL: 'smtp://u:p@127.0.0.1:2525',
    });
    expect(custom.INBOUND_DOMAIN).toBe('mail.shop.com');
    expect(custom.MAIL_FROM).toBe('care@shop.com');
    expect(custom.SMTP_URL).toBe('smtp://u:p@127.0.0.1:2525');
  });

  it('reads DNS_SERVERS as a list of resolver addresses, none by default', () => {
    expect(loadEnv({}).DNS_SERVERS).toEqual([]);
    expect(loadEnv({ DNS_SERVERS: '127.0.0.1:8053, [::1]:53,1.1.1.1' }).DNS_SERVERS).toEqual([
      '127.0.0.1:8053',
      '[::1]:53',
      '1.1.1.1',
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ PORT: '', DATABASE_URL: '' }).PORT).toBe(8787);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'postgres://x'],
    ['PUBLIC_URL', 'ftp://x'],
    ['PLATFORM_ADMIN_TOKEN', 'short'],
    ['RATE_LIMITS', 'maybe'],
    ['SEED_DEMO', 'yes please'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['MAIL_FROM', 'not an address'],
    ['INBOUND_SMTP_PORT', '2525x'],
    ['INBOUND_DOMAIN', 'mail example.com'],
    ['INBOUND_EMAIL_TOKEN', 'short'],
    ['DNS_SERVERS', '127.0.0.1,dns.example.com'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(name));
  });
  it('keeps billing off by default and, once on, requires the webhook secret and the price ids', () => {
    expect(loadEnv({}).STRIPE_SECRET_KEY).toBeUndefined();
    expect(loadEnv({}).BILLING_GRACE_DAYS).toBe(7);
    expect(loadEnv({}).STRIPE_API_METER_EVENT).toBe('helpdesk_api_calls');
    expect(() => loadEnv({ STRIPE_API_METER_EVENT: 'api calls' })).toThrow(/STRIPE_API_METER_EVENT/);
    const prices = {
      starter: { monthly: 'price_a', yearly: 'price_b' },
      professional: { monthly: 'price_c', yearly: 'price_d' },
    };
    const on = loadEnv({
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_PRICES: JSON.stringify(prices),
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
    });
    expect(on.STRIPE_PRICES).toEqual(prices);
    expect(() => loadEnv({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET: is required/);
    expect(() => loadEnv({ STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(ConfigError);
    expect(() =>
      loadEnv({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc', STRIPE_PRICES: '{"starter":1}' }),
    ).toThrow(/STRIPE_PRICES: must be JSON/);
  });
});
