// Tenant slugs: the name of a tenant in addresses and URLs (<slug>@<INBOUND_DOMAIN>, /hc/<slug>).
import { z } from '@hono/zod-openapi';
import type { Queryable } from '../db/client.ts';

/** Names a tenant may not take: they are the server's own addresses or would read as ours. */
export const RESERVED_SLUGS = new Set([
  'abuse',
  'admin',
  'api',
  'bounce',
  'bounces',
  'help',
  'hostmaster',
  'inbox',
  'mailer-daemon',
  'no-reply',
  'noreply',
  'postmaster',
  'root',
  'support-team',
  'webmaster',
  'www',
]);

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const SlugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'must be 1-40 lowercase letters, digits or dashes, starting and ending with a letter or digit')
  .refine((s) => !s.includes('--'), 'must not contain two dashes in a row')
  .refine((s) => !RESERVED_SLUGS.has(s), 'is reserved; choose another')
  .openapi({ example: 'acme' });

/** "Ölfarben & Co." → "olfarben-and-co"; empty or unusable names become "tenant". */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base && !RESERVED_SLUGS.has(base) ? base : 'tenant';
}

/** The first of base, base-2, base-3 … that no tenant holds (inside the caller's transaction). */
export async function uniqueSlug(q: Queryable, base: string): Promise<string> {
  const stem = base.slice(0, 34).replace(/-+$/, '') || 'tenant';
  const taken = new Set(
    (
      await q.all<{ slug: string }>("SELECT slug FROM tenants WHERE slug = ? OR slug LIKE ? ESCAPE '\\'", [
        base,
        `${stem.replace(/[\\%_]/g, '\\$&')}-%`,
      ])
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function slugTaken(q: Queryable, slug: string, exceptTenantId: string): Promise<boolean> {
  return !!(await q.get('SELECT 1 FROM tenants WHERE slug = ? AND id != ?', [slug, exceptTenantId]));
}
