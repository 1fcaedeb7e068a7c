// Zod schemas of the help centre's API: custom domains, the TLS proxy's domain check, searches that found nothing.
import { z } from '@hono/zod-openapi';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A host name we could serve: at least two labels, letters in the last one, no address, no trailing dot. */
export function isDomainName(d: string): boolean {
  if (d.length > 253 || d === 'localhost' || d.endsWith('.localhost')) return false;
  const labels = d.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && /[a-z]/.test(labels[labels.length - 1]);
}

export const DomainName = z
  .string()
  .max(253)
  .transform((v) => v.trim().toLowerCase().replace(/\.$/, ''))
  .refine(isDomainName, 'must be a domain name like help.example.com (no scheme, port or path)')
  .openapi({ type: 'string', example: 'help.acme.com' });

export const AddDomainBody = z.object({ domain: DomainName }).strict().openapi('HelpCenterDomainInput');

export const HelpCenterDomainSchema = z
  .object({
    id: z.string(),
    domain: z.string(),
    status: z.enum(['pending', 'verified']),
    verification: z.object({
      txtName: z.string().openapi({ example: '_helpdesk-verification.help.acme.com' }),
      txtValue: z.string(),
      httpUrl: z
        .string()
        .openapi({ description: 'Or serve `txtValue` here (automatic once the domain points at us).' }),
    }),
    verifiedAt: z.string().nullable(),
    lastCheckedAt: z.string().nullable(),
    lastError: z.string().nullable(),
    url: z.string().openapi({ description: 'The help centre at this domain.' }),
    createdAt: z.string(),
  })
  .openapi('HelpCenterDomain');
export type HelpCenterDomain = z.infer<typeof HelpCenterDomainSchema>;

export const HelpCenterDomainList = z
  .object({
    data: z.array(HelpCenterDomainSchema),
    addresses: z.array(z.string()).openapi({
      description:
        'Where the help centre is served without a custom domain: `<PUBLIC_URL>/hc/<slug>`, and `https://<slug>.<HELP_CENTER_DOMAIN>/` when that is set.',
      example: ['https://help.example.com/hc/acme'],
    }),
  })
  .openapi('HelpCenterDomainList');

export const DomainCheckQuery = z.object({ domain: z.string().max(253) });

export const SearchMissSchema = z
  .object({ locale: z.string(), query: z.string(), misses: z.number().int(), lastAt: z.string() })
  .openapi('KbSearchMiss');
export type SearchMiss = z.infer<typeof SearchMissSchema>;
