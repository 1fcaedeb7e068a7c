// Tenant rows: read, create with owner, update; the DTO served to tenant members.
import type { Queryable } from '../db/client.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import { parseHttpUrl } from '../lib/http-url.ts';
import { inboundAddress } from '../mail/addresses.ts';
import type { Plan, TenantStatus } from './plans.ts';
import { slugify, uniqueSlug } from './slug.ts';
import type { Branding, TenantDto, TenantSecurity, TenantSettings } from './schemas.ts';

export interface TenantRecord {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  allowedOrigins: string[];
  branding: Branding;
  settings: TenantSettings;
  security: Required<TenantSecurity>;
  plan: Plan;
  status: TenantStatus;
  widgetKey: string;
  identitySecret: string;
  createdAt: string;
  updatedAt: string;
}

interface TenantRow {
  id: string;
  name: string;
  slug: string;
  domain: string | null;
  allowed_origins: string;
  branding: string;
  settings: string;
  security: string;
  plan: string;
  status: string;
  widget_key: string;
  identity_secret: string;
  created_at: string;
  updated_at: string;
}

export const DEFAULT_BRANDING: Required<Omit<Branding, 'logoUrl'>> & { logoUrl: string | null } = {
  logoUrl: null,
  primaryColor: '#2563eb',
  secondaryColor: '#1e293b',
  customCss: '',
  launcherPosition: 'bottom-right',
  hidePoweredBy: false,
};

export const DEFAULT_SETTINGS: TenantSettings = {
  businessHours: null,
  autoAssignment: false,
  slaEnabled: false,
  maxAgents: null,
  maxTickets: null,
  emailConfirmation: true,
};

export const DEFAULT_SECURITY: Required<TenantSecurity> = {
  agentIpAllowlist: [],
  apiIpAllowlist: [],
  requireTwoFactor: false,
  groupRoles: [],
};

/** A logo URL stored before URLs were normalised may break out of the widget's markup: such a one is dropped, not served. */
function storedBranding(json: string): Branding {
  const branding: Branding = { ...DEFAULT_BRANDING, ...parseJson(json, {}) };
  if (typeof branding.logoUrl === 'string') {
    const parsed = parseHttpUrl(branding.logoUrl);
    branding.logoUrl = 'href' in parsed ? parsed.href : null;
  }
  return branding;
}

function fromRow(r: TenantRow): TenantRecord {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    domain: r.domain,
    allowedOrigins: parseJson(r.allowed_origins, []),
    branding: storedBranding(r.branding),
    settings: { ...DEFAULT_SETTINGS, ...parseJson(r.settings, {}) },
    security: { ...DEFAULT_SECURITY, ...parseJson(r.security, {}) },
    plan: r.plan as Plan,
    status: r.status as TenantStatus,
    widgetKey: r.widget_key,
    identitySecret: r.identity_secret,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** `inboundDomain` is the server's INBOUND_DOMAIN: the tenant's mail address lives there. */
export function toTenantDto(t: TenantRecord, inboundDomain: string): TenantDto {
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    inboundEmail: inboundAddress(t.slug, inboundDomain),
    domain: t.domain,
    allowedOrigins: t.allowedOrigins,
    branding: t.branding,
    settings: t.settings,
    security: t.security,
    subscription: { plan: t.plan, status: t.status },
    widgetKey: t.widgetKey,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export const newWidgetKey = () => `hd_pk_${randomToken(32)}`;
export const newIdentitySecret = () => `hd_id_${randomToken(40)}`;

/** Whether the database holds any tenant yet (the demo seeds only an empty one). */
export async function hasTenants(q: Queryable): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM tenants LIMIT 1'));
}

export async function getTenant(q: Queryable, tenantId: string): Promise<TenantRecord | undefined> {
  const row = await q.get<TenantRow>('SELECT * FROM tenants WHERE id = ?', [tenantId]);
  return row && fromRow(row);
}

export async function getTenantBySlug(q: Queryable, slug: string): Promise<TenantRecord | undefined> {
  const row = await q.get<TenantRow>('SELECT * FROM tenants WHERE slug = ?', [slug.toLowerCase()]);
  return row && fromRow(row);
}

export async function getTenantByWidgetKey(q: Queryable, widgetKey: string): Promise<TenantRecord | undefined> {
  const row = await q.get<TenantRow>('SELECT * FROM tenants WHERE widget_key = ?', [widgetKey]);
  return row && fromRow(row);
}

export async function insertTenant(
  q: Queryable,
  input: { name: string; plan: Plan; now: string },
): Promise<TenantRecord> {
  const id = newId('ten');
  const slug = await uniqueSlug(q, slugify(input.name));
  await q.run(
    `INSERT INTO tenants (id, name, slug, plan, status, widget_key, identity_secret, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
    [id, input.name, slug, input.plan, newWidgetKey(), newIdentitySecret(), input.now, input.now],
  );
  return (await getTenant(q, id))!;
}

export interface TenantUpdate {
  name?: string;
  slug?: string;
  domain?: string | null;
  allowedOrigins?: string[];
  branding?: Branding;
  settings?: TenantSettings;
  security?: TenantSecurity;
  plan?: Plan;
  status?: TenantStatus;
  widgetKey?: string;
  identitySecret?: string;
}

/** Branding, settings and security merge into what is stored; other fields replace. */
export async function updateTenant(
  q: Queryable,
  tenantId: string,
  u: TenantUpdate,
  now: string,
): Promise<TenantRecord> {
  const current = await getTenant(q, tenantId);
  if (!current) throw new Error('tenant vanished');
  const next = {
    name: u.name ?? current.name,
    slug: u.slug ?? current.slug,
    domain: u.domain !== undefined ? u.domain : current.domain,
    allowedOrigins: u.allowedOrigins ?? current.allowedOrigins,
    branding: { ...current.branding, ...u.branding },
    settings: { ...current.settings, ...u.settings },
    security: { ...current.security, ...u.security },
    plan: u.plan ?? current.plan,
    status: u.status ?? current.status,
    widgetKey: u.widgetKey ?? current.widgetKey,
    identitySecret: u.identitySecret ?? current.identitySecret,
  };
  await q.run(
    `UPDATE tenants SET name = ?, slug = ?, domain = ?, allowed_origins = ?, branding = ?, settings = ?, security = ?, plan = ?,
       status = ?, widget_key = ?, identity_secret = ?, updated_at = ? WHERE id = ?`,
    [
      next.name,
      next.slug,
      next.domain,
      JSON.stringify(next.allowedOrigins),
      JSON.stringify(next.branding),
      JSON.stringify(next.settings),
      JSON.stringify(next.security),
      next.plan,
      next.status,
      next.widgetKey,
      next.identitySecret,
      now,
      tenantId,
    ],
  );
  return (await getTenant(q, tenantId))!;
}

/**
 * Tenants whose billing state is `state`: the subscription's, or for a tenant billed by hand (no subscription row)
 * its status. Oldest first, as listTenants.
 */
export async function listTenantsInState(q: Queryable, state: string, after: [string, string] | null, limit: number) {
  const rows = await q.all<TenantRow>(
    `SELECT t.* FROM tenants t LEFT JOIN subscriptions s ON s.tenant_id = t.id
     WHERE coalesce(s.state, t.status) = ? ${after ? 'AND (t.created_at, t.id) > (?, ?)' : ''}
     ORDER BY t.created_at, t.id LIMIT ?`,
    after ? [state, after[0], after[1], limit + 1] : [state, limit + 1],
  );
  return rows.map(fromRow);
}

export async function listTenants(q: Queryable, after: [string, string] | null, limit: number) {
  const rows = after
    ? await q.all<TenantRow>('SELECT * FROM tenants WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?', [
        after[0],
        after[1],
        limit + 1,
      ])
    : await q.all<TenantRow>('SELECT * FROM tenants ORDER BY created_at, id LIMIT ?', [limit + 1]);
  return rows.map(fromRow);
}
