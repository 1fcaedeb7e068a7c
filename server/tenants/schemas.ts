// Zod schemas for tenants: the public shape, and what a PATCH may change.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { SlugSchema } from './slug.ts';
import { PLANS, TENANT_STATUSES } from './plans.ts';
import { PasswordSchema } from '../auth/password-policy.ts';
import { httpUrlField } from '../lib/http-url.ts';
import { CidrSchema } from '../lib/cidr.ts';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour like #2563eb');
const time = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM (24h)');

export const BrandingSchema = z
  .object({
    logoUrl: httpUrlField(2048).nullable(),
    primaryColor: hexColor,
    secondaryColor: hexColor,
    customCss: text({ max: 20_000, multiline: true, trim: false }),
    launcherPosition: z.enum(['bottom-right', 'bottom-left']),
    hidePoweredBy: z.boolean(),
  })
  .partial()
  .strict()
  .openapi('Branding');
export type Branding = z.infer<typeof BrandingSchema>;

const DaySchema = z.object({ open: time, close: time }).strict().nullable();

export const BusinessHoursSchema = z
  .object({
    timezone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Berlin'),
    schedule: z
      .object({
        mon: DaySchema,
        tue: DaySchema,
        wed: DaySchema,
        thu: DaySchema,
        fri: DaySchema,
        sat: DaySchema,
        sun: DaySchema,
      })
      .partial()
      .strict(),
    holidays: z.array(z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'must be YYYY-MM-DD')).max(366),
  })
  .partial()
  .strict()
  .openapi('BusinessHours');

export const TenantSettingsSchema = z
  .object({
    businessHours: BusinessHoursSchema.nullable(),
    autoAssignment: z.boolean(),
    maxOpenTicketsPerAgent: z.number().int().min(1).max(100_000).nullable().openapi({
      description:
        "Auto-assignment skips an agent with this many open or pending tickets (an agent's own `maxOpenTickets` wins); null: no limit.",
    }),
    slaEnabled: z.boolean(),
    maxAgents: z.number().int().min(1).max(100_000).nullable(),
    maxTickets: z.number().int().min(1).max(10_000_000).nullable(),
    emailConfirmation: z.boolean().openapi({
      description: 'Mail the requester a "we received your request" confirmation for each new ticket (default on).',
    }),
    chat: z
      .object({
        enabled: z.boolean().openapi({ description: 'Offer live chat in the widget (default off).' }),
        maxConcurrentChats: z
          .number()
          .int()
          .min(1)
          .max(50)
          .openapi({ description: 'Live chats per agent at once (default 3).' }),
        unansweredAfterMinutes: z.number().int().min(1).max(1440).openapi({
          description:
            'A chat with no agent reply (or whose visitor left) this long becomes an ordinary ticket (default 5).',
        }),
      })
      .partial()
      .strict()
      .openapi('ChatSettings'),
    helpCenter: z
      .object({
        showWidget: z.boolean().openapi({
          description: 'Load the widget on the help centre’s pages ("Still need help?" opens it); default off.',
        }),
      })
      .partial()
      .strict()
      .openapi('HelpCenterSettings'),
    csat: z
      .object({
        enabled: z.boolean().openapi({
          description:
            'Ask the requester "How did we do?" (good / bad + comment) once per resolution, in the resolved mail and the widget (default off).',
        }),
      })
      .partial()
      .strict()
      .openapi('CsatSettings'),
  })
  .partial()
  .strict()
  .openapi('TenantSettings');
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const TenantSecuritySchema = z
  .object({
    agentIpAllowlist: z.array(CidrSchema).max(100).openapi({
      description:
        'Agents sign in and use their sessions only from these ranges (IPv4/IPv6 CIDR or addresses); empty: anywhere.',
    }),
    apiIpAllowlist: z.array(CidrSchema).max(100).openapi({
      description: 'API keys are accepted only from these ranges; empty: anywhere.',
    }),
    requireTwoFactor: z.boolean().openapi({
      description: 'Every agent must use two-factor sign-in; one without it enrols at their next sign-in.',
    }),
    groupRoles: z
      .array(
        z
          .object({ group: text({ max: 200, nonEmpty: true }), roleId: z.string().max(64) })
          .strict()
          .openapi('GroupRole'),
      )
      .max(100)
      .openapi({
        description:
          "Identity-provider groups (an SSO groups claim or attribute, SCIM groups) to roles: the first entry naming one of a person's groups gives their role; none: the default role. Owner cannot be mapped.",
      }),
  })
  .partial()
  .strict()
  .openapi('TenantSecurity');
export type TenantSecurity = z.infer<typeof TenantSecuritySchema>;

export const OriginSchema = z
  .string()
  .max(255)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === v.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin like https://www.example.com (scheme, host and optional port only)')
  .transform((v) => v.replace(/\/$/, ''));

export const SubscriptionSchema = z
  .object({ plan: z.enum(PLANS), status: z.enum(TENANT_STATUSES) })
  .openapi('Subscription');

export const TenantSchema = z
  .object({
    id: z.string().openapi({ example: 'ten_Hq3…' }),
    name: z.string(),
    slug: z.string().openapi({
      example: 'acme',
      description: 'Names the tenant in its inbound address and help-centre URL; the owner may change it.',
    }),
    inboundEmail: z.string().openapi({
      example: 'acme@help.example.com',
      description: 'Mail sent or forwarded here becomes tickets (read-only: follows `slug`).',
    }),
    domain: z.string().nullable(),
    allowedOrigins: z.array(z.string()),
    branding: BrandingSchema,
    settings: TenantSettingsSchema,
    security: TenantSecuritySchema,
    subscription: SubscriptionSchema,
    widgetKey: z.string().openapi({ example: 'hd_pk_…' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Tenant');
export type TenantDto = z.infer<typeof TenantSchema>;

export const TenantPatchSchema = z
  .object({
    name: text({ max: 120, nonEmpty: true }),
    slug: SlugSchema,
    domain: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name like example.com')
      .nullable(),
    allowedOrigins: z.array(OriginSchema).max(50),
    branding: BrandingSchema,
    settings: TenantSettingsSchema,
    security: TenantSecuritySchema,
    subscription: SubscriptionSchema.partial().strict(),
  })
  .partial()
  .strict()
  .openapi('TenantPatch');
export type TenantPatch = z.infer<typeof TenantPatchSchema>;

export const OwnerSchema = z.object({
  name: text({ max: 120, nonEmpty: true }),
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: PasswordSchema,
});
