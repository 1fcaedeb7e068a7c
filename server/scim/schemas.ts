// What identity providers send to /scim/v2 (RFC 7643/7644): User and Group bodies and PATCH operations. Unknown
// attributes (enterprise extensions, phone numbers…) are accepted and ignored, as SCIM clients expect; the ones the
// help desk keeps are bounded and free of control characters. A body that does not fit is 400 invalidValue/invalidSyntax.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { scimBad } from './errors.ts';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const name = text({ max: 120 }).nullish();
const id = z.string().min(1).max(255).nullish();

/** Entra sends booleans as "True"/"False" in PATCH values. */
export const ScimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, 'must be true or false')
    .transform((v) => v.toLowerCase() === 'true'),
]);

export const UserBody = z.looseObject({
  schemas: z.array(z.string().max(200)).max(20).optional(),
  userName: text({ max: 254, nonEmpty: true }),
  externalId: id,
  displayName: name,
  name: z.looseObject({ formatted: name, givenName: name, familyName: name }).nullish(),
  emails: z
    .array(
      z.looseObject({
        value: text({ max: 254 }),
        primary: ScimBoolean.nullish(),
        type: z.string().max(50).nullish(),
      }),
    )
    .max(20)
    .nullish(),
  active: ScimBoolean.nullish(),
});
export type UserInput = z.infer<typeof UserBody>;

const MemberRef = z.looseObject({ value: z.string().min(1).max(64), display: z.string().max(500).nullish() });

export const GroupBody = z.looseObject({
  schemas: z.array(z.string().max(200)).max(20).optional(),
  displayName: text({ max: 200, nonEmpty: true }),
  externalId: id,
  members: z.array(MemberRef).max(10_000).nullish(),
});
export type GroupInput = z.infer<typeof GroupBody>;

export const PatchBody = z.looseObject({
  schemas: z.array(z.string().max(200)).max(20).optional(),
  Operations: z
    .array(
      z.looseObject({
        op: z
          .string()
          .regex(/^(add|replace|remove)$/i, 'must be add, replace or remove')
          .transform((v) => v.toLowerCase() as 'add' | 'replace' | 'remove'),
        path: z.string().max(500).nullish(),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(1000),
});
export type PatchOperation = z.infer<typeof PatchBody>['Operations'][number];

/** Validates a parsed body; the first problem becomes the 400's detail (SCIM has one detail, not a list). */
export function parseScim<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw scimBad('invalidSyntax', 'The body must be a JSON object.');
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.map(String).join('.') || '(body)';
    throw scimBad('invalidValue', `${path}: ${issue.message}`);
  }
  return r.data;
}

/** The token as the owner sees it after creating or rotating it: the secret is in this answer only. */
export const ScimTokenStatusSchema = z
  .object({
    configured: z.boolean(),
    hint: z.string().nullable().openapi({ example: 'hd_scim_…x7Q2' }),
    createdAt: z.string().nullable(),
    baseUrl: z.string().openapi({ example: 'https://help.example.com/scim/v2' }),
  })
  .openapi('ScimTokenStatus');

export const ScimTokenCreatedSchema = z
  .object({
    token: z.string().openapi({
      description: "Shown once: the identity provider's bearer token for /scim/v2. Only its hash is kept.",
      example: 'hd_scim_…',
    }),
    hint: z.string(),
    createdAt: z.string(),
    baseUrl: z.string().openapi({ example: 'https://help.example.com/scim/v2' }),
  })
  .openapi('ScimTokenCreated');

export type ScimTokenStatus = z.infer<typeof ScimTokenStatusSchema>;
export type ScimTokenCreated = z.infer<typeof ScimTokenCreatedSchema>;
