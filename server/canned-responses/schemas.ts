// Zod schemas for canned responses (saved replies) as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { ReplyTextSchema } from '../tickets/schemas.ts';
import { PLACEHOLDER_HELP } from './placeholders.ts';

export const CannedResponseSchema = z
  .object({
    id: z.string().openapi({ example: 'cr_…' }),
    title: z.string(),
    shortcut: z.string().nullable().openapi({ description: 'What the agent types after `/` in the reply box.' }),
    body: z.string().openapi({ description: PLACEHOLDER_HELP }),
    shared: z.boolean().openapi({
      description: 'Shared: every agent sees it (managed with `canned-responses:*`). Personal: only its owner does.',
    }),
    ownerId: z
      .string()
      .nullable()
      .openapi({ description: 'The agent a personal response belongs to; null when shared.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CannedResponse');
export type CannedResponse = z.infer<typeof CannedResponseSchema>;

const Shortcut = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lowercase letters, digits, - or _')
  .openapi({ example: 'refund' });

const BodyText = ReplyTextSchema.refine((s) => s.trim().length > 0, 'must not be empty');

export const CannedResponseBody = z
  .object({
    title: text({ max: 120, nonEmpty: true }),
    body: BodyText,
    shortcut: z.union([Shortcut, z.null()]).optional(),
    shared: z.boolean().default(false).openapi({
      description: 'Default false (personal). An API key has no personal responses, so it passes `shared: true`.',
    }),
  })
  .strict()
  .openapi('CannedResponseInput');
export type CannedResponseInput = z.infer<typeof CannedResponseBody>;

export const CannedResponsePatchBody = z
  .object({
    title: text({ max: 120, nonEmpty: true }),
    body: BodyText,
    shortcut: z.union([Shortcut, z.null()]),
  })
  .partial()
  .strict()
  .openapi('CannedResponsePatch');
export type CannedResponsePatch = z.infer<typeof CannedResponsePatchBody>;

export const ListCannedQuery = z.object({
  scope: z.enum(['all', 'shared', 'personal']).default('all').openapi({
    description: "all (default): shared ones and the caller's own; shared; or personal (the caller's own).",
  }),
});

export const RenderBody = z
  .object({ ticketId: z.string().min(1).max(64).openapi({ example: 'tkt_…' }) })
  .strict()
  .openapi('RenderCannedResponse');

export const RenderedSchema = z
  .object({ body: z.string().openapi({ description: 'The body with its placeholders filled in for the ticket.' }) })
  .openapi('RenderedCannedResponse');
export type Rendered = z.infer<typeof RenderedSchema>;
