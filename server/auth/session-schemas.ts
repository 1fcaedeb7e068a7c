// Zod schemas of an agent's sessions as their list shows them: device, address, sign-in method, when, which is current.
import { z } from '@hono/zod-openapi';

export const SIGN_IN_METHODS = [
  'password',
  'two-factor',
  'passkey',
  'oidc',
  'saml',
  'invitation',
  'password-reset',
] as const;

export const SessionSchema = z
  .object({
    id: z.string().openapi({ example: 'ses_…' }),
    current: z.boolean().openapi({ description: 'The session this request was made with.' }),
    device: z.string().openapi({ example: 'Firefox on Linux', description: 'Read from the user agent.' }),
    userAgent: z.string().nullable(),
    ip: z.string().nullable().openapi({ example: '203.0.113.7', description: 'The address it signed in from.' }),
    method: z.enum(SIGN_IN_METHODS),
    createdAt: z.string(),
    lastSeenAt: z.string().openapi({ description: 'Updated at most once a minute.' }),
    expiresAt: z.string(),
  })
  .openapi('Session');
export type Session = z.infer<typeof SessionSchema>;

export const SessionListSchema = z.object({ data: z.array(SessionSchema) }).openapi('SessionList');

export const SessionsEndedSchema = z
  .object({ ended: z.number().int().openapi({ description: 'How many sessions ended.' }) })
  .openapi('SessionsEnded');

export const SessionIdParams = z.object({
  sessionId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'sessionId', in: 'path' }, example: 'ses_…', description: 'Session id' }),
});
