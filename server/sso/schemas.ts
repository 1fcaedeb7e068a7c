// Zod schemas of single sign-on: what the owner saves (OIDC or SAML), what is read back (never the secret) and the
// public sign-in questions.
import { z } from '@hono/zod-openapi';
import { text, withoutControls } from '../lib/text.ts';
import { httpUrlField } from '../lib/http-url.ts';

export const SsoDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^([a-z0-9]([a-z0-9-]*[a-z0-9])?[.])+[a-z]([a-z0-9-]*[a-z0-9])?$/, 'must be a domain like example.com');

const common = {
  domains: z
    .array(SsoDomainSchema)
    .min(1)
    .max(50)
    .openapi({
      description:
        'Email domains whose agents sign in through this identity provider ("Sign in with SSO" finds the account by them). A domain belongs to one account only.',
      example: ['example.com'],
    }),
  enforce: z.boolean().optional().openapi({
    description:
      'Require SSO: password sign-in is refused for everyone but the break-glass owner (`breakGlassAgentId`, required then).',
  }),
  defaultRoleId: z.string().min(1).max(64).optional().openapi({
    description:
      'The role of agents made at their first SSO sign-in when no group of theirs maps to one (`security.groupRoles`); default `agent`. Never `owner`.',
  }),
  breakGlassAgentId: z
    .union([z.string().min(1).max(64), z.null()])
    .optional()
    .openapi({
      description: 'The one owner who may still sign in with a password while SSO is required.',
    }),
};

const OIDC_ONLY = ['issuer', 'clientId', 'clientSecret'] as const;
const SAML_ONLY = ['idpMetadataXml'] as const;

/**
 * One object for both protocols (clients and the API walks see one shape): OIDC takes issuer, client id and
 * secret; SAML the IdP metadata. A field of the other protocol is refused by name.
 */
export const SsoConfigBodySchema = z
  .object({
    protocol: z.enum(['oidc', 'saml']),
    issuer: httpUrlField(2048)
      .optional()
      .openapi({ description: 'OIDC: the issuer URL.', example: 'https://login.example.com' }),
    clientId: text({ max: 255, nonEmpty: true }).optional().openapi({ description: 'OIDC: the client id.' }),
    clientSecret: withoutControls(z.string().min(1).max(2048)).optional().openapi({
      description: 'OIDC: required the first time; left out, the stored secret stays. Stored encrypted, never served.',
    }),
    idpMetadataXml: withoutControls(z.string().min(1).max(200_000), true).optional().openapi({
      description:
        "SAML: the identity provider's metadata XML (entityID, SingleSignOnService, signing certificate). Required the first time; left out, the stored metadata stays.",
    }),
    ...common,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.protocol === 'oidc') {
      for (const key of ['issuer', 'clientId'] as const)
        if (b[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required for OpenID Connect' });
    }
    const foreign = b.protocol === 'oidc' ? SAML_ONLY : OIDC_ONLY;
    for (const key of foreign)
      if (b[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `does not apply to ${b.protocol === 'oidc' ? 'OpenID Connect' : 'SAML'}`,
        });
  })
  .openapi('SsoConfigInput');
export type SsoConfigBody = z.infer<typeof SsoConfigBodySchema>;

export const SsoEndpointsSchema = z
  .object({
    oidcRedirectUri: z.string().openapi({ description: 'Register this redirect URI with an OpenID provider.' }),
    samlEntityId: z.string().openapi({ description: "This help desk's SAML entity ID (audience)." }),
    samlAcsUrl: z.string().openapi({ description: 'Assertion Consumer Service URL (HTTP-POST binding).' }),
    samlMetadataUrl: z.string().openapi({ description: 'Service-provider metadata to give the identity provider.' }),
  })
  .openapi('SsoEndpoints');

export const SsoConfigSchema = z
  .object({
    configured: z.boolean(),
    protocol: z.union([z.enum(['oidc', 'saml']), z.null()]),
    redirectUri: z.string().openapi({
      description: 'Where the identity provider sends agents back: the OIDC redirect URI or the SAML ACS URL.',
    }),
    endpoints: SsoEndpointsSchema,
    domains: z.array(z.string()),
    enforce: z.boolean(),
    defaultRoleId: z.string(),
    breakGlassAgentId: z.union([z.string(), z.null()]),
    issuer: z.union([z.string(), z.null()]),
    clientId: z.union([z.string(), z.null()]),
    clientSecretSet: z.boolean(),
    idpEntityId: z.union([z.string(), z.null()]),
    idpSsoUrl: z.union([z.string(), z.null()]),
    createdAt: z.union([z.string(), z.null()]),
    updatedAt: z.union([z.string(), z.null()]),
  })
  .openapi('SsoConfig');
export type SsoConfig = z.infer<typeof SsoConfigSchema>;

export const SsoEmailQuerySchema = z.object({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase())
    .openapi({ param: { name: 'email', in: 'query' }, example: 'ada@example.com' }),
});

export const SsoDiscoverySchema = z
  .object({
    sso: z.boolean().openapi({ description: "Whether the email's domain signs in through an identity provider." }),
  })
  .openapi('SsoDiscovery');
