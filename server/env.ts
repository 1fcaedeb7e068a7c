// Parses the server's configuration from the environment and refuses to start on a bad value.
import { z } from 'zod';
import { parseTrustProxy } from './middleware/client-ip.ts';

const flag = (def: '0' | '1') =>
  z
    .enum(['0', '1', 'true', 'false', 'on', 'off'])
    .default(def)
    .transform((v) => v === '1' || v === 'true' || v === 'on');

const PlanPrices = z.object({ monthly: z.string().regex(/^price_\w+$/), yearly: z.string().regex(/^price_\w+$/) });
/** Stripe price ids per plan and cycle; `tickets` and `apiCalls` are the metered prices of usage-priced tenants. */
const StripePricesSchema = z.object({
  starter: PlanPrices,
  professional: PlanPrices,
  tickets: z
    .string()
    .regex(/^price_\w+$/)
    .optional(),
  /** The metered price of API-key calls past the allowance (usage pricing), on the STRIPE_API_METER_EVENT meter. */
  apiCalls: z
    .string()
    .regex(/^price_\w+$/)
    .optional(),
});
export type StripePrices = z.infer<typeof StripePricesSchema>;

function parseJsonOrNull(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|libsql:|https?:|wss?:)/, 'must be a libSQL URL (file:, libsql:, https: or ws:)')
      .default('file:./data/helpdesk.db'),
    DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    PLATFORM_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    SEED_DEMO: flag('1'),
    ALLOW_PRIVATE_WEBHOOKS: flag('0'),
    RATE_LIMITS: z
      .enum(['on', 'off'])
      .default('on')
      .transform((v) => v === 'on'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be smtp://user:pass@host:port or smtps://…' }).optional(),
    MAIL_FROM: z.email('must be an email address like help@example.com').optional(),
    INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    INBOUND_DOMAIN: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name like mail.example.com')
      .transform((d) => d.toLowerCase())
      .optional(),
    INBOUND_EMAIL_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    STORAGE_URL: z
      .string()
      .regex(/^(file:.+|s3:\/\/[^/?#]+.*)$/, 'must be file:<directory> or s3://<bucket>?endpoint=…&region=…')
      .default('file:./data/files'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    CLAMAV_URL: z
      .string()
      .regex(/^tcp:\/\/[^:/]+:\d{1,5}$/, 'must be tcp://host:port, e.g. tcp://127.0.0.1:3310')
      .optional(),
    FILE_URL_TTL_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'must be redis://[user:pass@]host:port[/db] or rediss://…' })
      .optional(),
    TRUST_PROXY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        try {
          return parseTrustProxy(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      }),
    HELP_CENTER_DOMAIN: z
      .string()
      .regex(
        /^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/,
        'must be a domain name like help.example.com (tenants get <slug>.<domain>)',
      )
      .transform((d) => d.toLowerCase())
      .optional(),
    DNS_SERVERS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = list.find((s) => !/^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(:\d{1,5})?$|^[0-9a-fA-F:]+$/.test(s));
        if (bad) {
          ctx.addIssue({
            code: 'custom',
            message: `${bad} is not an address like 1.1.1.1, 127.0.0.1:8053 or [::1]:53`,
          });
          return z.NEVER;
        }
        return list;
      }),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_…, sk_live_… or a restricted rk_…)')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, 'must be the webhook signing secret (whsec_…)')
      .optional(),
    STRIPE_PRICES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return undefined;
        const parsed = StripePricesSchema.safeParse(parseJsonOrNull(v));
        if (!parsed.success) {
          ctx.addIssue({
            code: 'custom',
            message:
              'must be JSON like {"starter":{"monthly":"price_…","yearly":"price_…"},"professional":{…},"tickets":"price_…"}',
          });
          return z.NEVER;
        }
        return parsed.data;
      }),
    /** Tests only: where the Stripe client sends its calls (a local fake); unset: api.stripe.com. */
    STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
    STRIPE_METER_EVENT: z
      .string()
      .regex(/^[\w.-]{1,100}$/, 'must be a Stripe meter event name like helpdesk_tickets')
      .default('helpdesk_tickets'),
    /** The meter event API-key calls past the allowance (usage pricing) are reported under. */
    STRIPE_API_METER_EVENT: z
      .string()
      .regex(/^[\w.-]{1,100}$/, 'must be a Stripe meter event name like helpdesk_api_calls')
      .default('helpdesk_api_calls'),
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
    /** Bench only (`npm run bench`): adds POST /livez/sink, the bare streaming route uploads are measured against. */
    BENCH_ROUTES: flag('0'),
  })
  .superRefine((e, ctx) => {
    // Billing on is all three: a key without the webhook secret would take money and never hear back.
    if (!e.STRIPE_SECRET_KEY) return;
    for (const k of ['STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICES'] as const)
      if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: 'is required when STRIPE_SECRET_KEY is set' });
  })
  .transform((e) => {
    const PUBLIC_URL = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
    const INBOUND_DOMAIN = e.INBOUND_DOMAIN ?? new URL(PUBLIC_URL).hostname.toLowerCase();
    return { ...e, PUBLIC_URL, INBOUND_DOMAIN, MAIL_FROM: e.MAIL_FROM ?? `help@${INBOUND_DOMAIN}` };
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/** Reads configuration; empty strings count as unset so `FOO= npm start` behaves like no FOO. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
