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
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});
