// Reads the page's window.HelpDeskConfig, fails with a prefixed message when it is wrong, and merges the tenant's config.
import type { WidgetConfig as ServerConfig } from '../server/widget/config-routes.ts';

export interface PageConfig {
  tenantId: string;
  apiKey: string;
  /** Where the API lives; defaults to the origin embed.js was loaded from. */
  apiBase?: string;
  locale?: string;
  theme?: { primaryColor?: string; position?: 'bottom-right' | 'bottom-left'; zIndex?: number; hideLauncher?: boolean };
  features?: { ticketSubmission?: boolean; knowledgeBase?: boolean; liveChat?: boolean };
}

export type CustomField = TenantConfig['customFields'][number];

/** What GET /widget/config answers: the route always sends the fields its schema lists as optional (widgetConfigOf alone leaves them out). */
export type TenantConfig = ServerConfig & Required<Pick<ServerConfig, 'locale' | 'customFields' | 'availability'>>;

export interface Theme {
  primary: string;
  onPrimary: string;
  secondary: string;
  position: 'bottom-right' | 'bottom-left';
  zIndex: number;
  hideLauncher: boolean;
  customCss: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(`[HelpDesk] ${message}`);
  }
}

const HEX = /^#[0-9a-f]{6}$/i;

export function readPageConfig(raw: unknown, scriptSrc?: string): PageConfig & { apiBase: string } {
  const c = raw as PageConfig | undefined;
  if (!c || typeof c !== 'object')
    throw new ConfigError('window.HelpDeskConfig is missing: paste the whole snippet, config included.');
  if (typeof c.tenantId !== 'string' || !c.tenantId)
    throw new ConfigError('HelpDeskConfig.tenantId must be your tenant id (a string).');
  if (typeof c.apiKey !== 'string' || !c.apiKey.startsWith('hd_pk_')) {
    throw new ConfigError(
      'HelpDeskConfig.apiKey must be the publishable widget key (starts with hd_pk_), never a secret key.',
    );
  }
  const base = c.apiBase ?? (scriptSrc ? new URL(scriptSrc).origin : '');
  if (!base) throw new ConfigError('Cannot tell where the help desk lives: set HelpDeskConfig.apiBase.');
  return { ...c, apiBase: base.replace(/\/+$/, '') };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** White, else near-black, else black: when white fails AA (4.5:1) on the brand colour, black always passes it. */
export function textOn(bg: string): string {
  return contrast(bg, '#ffffff') >= 4.5 ? '#ffffff' : contrast(bg, '#111827') >= 4.5 ? '#111827' : '#000000';
}

/** Snippet values override the tenant's branding; the snippet may switch features off, never on. */
export function resolveTheme(page: PageConfig, tenant: TenantConfig): Theme {
  const b = tenant.branding;
  const pick = (v: string | undefined, d: string) => (v && HEX.test(v) ? v : d);
  const primary = pick(page.theme?.primaryColor, pick(b.primaryColor, '#2563eb'));
  const z = Number(page.theme?.zIndex);
  return {
    primary,
    onPrimary: textOn(primary),
    secondary: pick(b.secondaryColor, '#1e293b'),
    position: (page.theme?.position ?? b.launcherPosition) === 'bottom-left' ? 'bottom-left' : 'bottom-right',
    // The maximum by default: appended last to <body>, the widget then wins ties with the page's own max-z-index bars.
    zIndex: Number.isInteger(z) ? z : 2147483647,
    hideLauncher: page.theme?.hideLauncher === true,
    customCss: b.customCss || '',
  };
}

export function resolveFeatures(page: PageConfig, tenant: TenantConfig) {
  const f = page.features ?? {};
  return {
    tickets: tenant.features.ticketSubmission && f.ticketSubmission !== false,
    kb: tenant.features.knowledgeBase && f.knowledgeBase !== false,
    /** Opt-in on the page; the tenant's own setting is GET /widget/chat's `enabled`. */
    chat: f.liveChat === true,
  };
}
