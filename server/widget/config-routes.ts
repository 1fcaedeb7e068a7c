// GET /widget/config: everything the embed needs to render for a tenant, public by design.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, jsonContent, SECURITY } from '../openapi/router.ts';
import type { Entitlements } from '../billing/entitlements.ts';
import { loadEntitlements } from '../billing/entitlements.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { pickLocale } from '../../i18n/index.ts';
import { TRANSLATIONS } from '../../i18n/catalog.ts';
import { listFields } from '../custom-fields/queries.ts';
import { BusinessHoursSchema } from '../tenants/schemas.ts';
import { availability } from './availability.ts';

export const WidgetConfigSchema = z
  .object({
    tenantId: z.string(),
    name: z.string(),
    branding: z.object({
      primaryColor: z.string(),
      secondaryColor: z.string(),
      logoUrl: z.string().nullable().openapi({ format: 'uri' }),
      launcherPosition: z.enum(['bottom-right', 'bottom-left']),
      customCss: z.string(),
      hidePoweredBy: z.boolean(),
    }),
    features: z.object({ ticketSubmission: z.boolean(), knowledgeBase: z.boolean() }),
    maxFileBytes: z.number().int().openapi({
      description: "The largest file one upload may be on the tenant's plan, so the widget refuses it before uploading",
    }),
    locale: z.string().optional().openapi({ description: 'The supported locale chosen from ?locale= (en, de, ar)' }),
    strings: z
      .record(z.string(), z.string())
      .optional()
      .openapi({ description: 'UI texts for that locale; absent for English, which embed.js carries' }),
    customFields: z
      .array(
        z.object({
          key: z.string(),
          label: z.string(),
          type: z.enum(['text', 'number', 'select', 'checkbox', 'date']),
          required: z.boolean(),
          options: z.array(z.string()),
        }),
      )
      .optional()
      .openapi({ description: "The ticket form's custom fields, in display order" }),
    businessHours: BusinessHoursSchema.nullable()
      .optional()
      .openapi({ description: 'When the team works (SLA clocks run only then)' }),
    availability: z
      .object({ open: z.boolean(), opensAt: z.string().nullable(), message: z.string().nullable() })
      .optional()
      .openapi({
        description: "Whether the team is in now; when not, when it is back and a message in the visitor's language",
      }),
    csat: z.boolean().optional().openapi({
      description: 'True when the widget asks "How did we do?" on a resolved ticket (absent: it does not)',
    }),
  })
  .openapi('WidgetConfig');
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;

/** White-label fields are served only when the plan includes them, so a downgrade takes effect at once. */
export function widgetConfigOf(t: TenantRecord, e: Entitlements): WidgetConfig {
  const whiteLabel = e.features['white-label'];
  return {
    tenantId: t.id,
    name: t.name,
    branding: {
      primaryColor: t.branding.primaryColor ?? '#2563eb',
      secondaryColor: t.branding.secondaryColor ?? '#1e293b',
      logoUrl: t.branding.logoUrl ?? null,
      launcherPosition: t.branding.launcherPosition ?? 'bottom-right',
      customCss: whiteLabel ? (t.branding.customCss ?? '') : '',
      hidePoweredBy: whiteLabel ? (t.branding.hidePoweredBy ?? false) : false,
    },
    features: { ticketSubmission: true, knowledgeBase: true },
    maxFileBytes: e.limits.fileBytes,
    ...(t.settings.csat?.enabled ? { csat: true } : {}),
  };
}

export function createWidgetConfigRoutes(deps: Deps) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/widget/config',
      operationId: 'getWidgetConfig',
      tags: ['Widget'],
      summary: 'Branding and features for the embed',
      security: SECURITY.widget,
      request: { query: z.object({ locale: z.string().max(64).optional().openapi({ example: 'de' }) }) },
      responses: { 200: jsonContent(WidgetConfigSchema, 'Widget configuration'), ...commonErrors },
    }),
    async (c) => {
      // Branding changes must reach the widget on its next load, so the config is never served stale.
      c.header('Cache-Control', 'no-cache');
      // Only the visitor's language travels, so embed.js itself carries English alone.
      const locale = pickLocale(c.req.valid('query').locale?.split(','));
      const strings = locale === 'en' ? {} : { strings: TRANSLATIONS[locale] };
      const tenant = c.get('tenant');
      const customFields = (await listFields(deps.db, tenant.id)).map(({ key, label, type, required, options }) => ({
        key,
        label,
        type,
        required,
        options,
      }));
      const bh = tenant.settings.businessHours ?? null;
      return c.json(
        {
          ...widgetConfigOf(tenant, await loadEntitlements(deps.db, tenant, deps.now())),
          locale,
          ...strings,
          customFields,
          businessHours: bh,
          availability: availability(bh, deps.now(), locale),
        },
        200,
      );
    },
  );
  return router;
}
