// Zod schemas for API keys as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { ALL_PERMISSIONS, type Permission } from '../roles/permissions.ts';

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    keyHint: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiKey');
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeyBody = z
  .object({
    name: text({ max: 100, nonEmpty: true }),
    scopes: z
      .array(z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]))
      .min(1)
      .max(ALL_PERMISSIONS.length)
      .optional()
      .openapi({ description: 'resource:action permissions; defaults to all of yours' }),
  })
  .strict()
  .openapi('CreateApiKey');
