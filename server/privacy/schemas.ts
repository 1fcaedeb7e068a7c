// Zod schemas of privacy requests (subject exports and erasures) as asked for and served.
import { z } from '@hono/zod-openapi';
import { EmailSchema } from '../tickets/schemas.ts';

export const PRIVACY_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type PrivacyStatus = (typeof PRIVACY_STATUSES)[number];
export const ERASURE_MODES = ['delete', 'redact'] as const;
export type ErasureMode = (typeof ERASURE_MODES)[number];

export const ExportBody = z.object({ email: EmailSchema }).strict().openapi('PrivacyExportRequest');
export const ErasureBody = z
  .object({
    email: EmailSchema,
    mode: z.enum(ERASURE_MODES).default('redact').openapi({
      description:
        "delete: the person's tickets and messages go; redact (default): tickets stay for statistics, their personal content is replaced.",
    }),
  })
  .strict()
  .openapi('PrivacyErasureRequest');

/** What a finished request found, as counts (never the data itself). */
export const PrivacyCountsSchema = z.record(z.string(), z.number().int()).openapi('PrivacyCounts');

const base = {
  id: z.string().openapi({ example: 'prv_…' }),
  status: z.enum(PRIVACY_STATUSES),
  found: z
    .union([z.boolean(), z.null()])
    .openapi({ description: 'Whether the tenant holds anything about the person; null until done.' }),
  counts: PrivacyCountsSchema,
  createdAt: z.string(),
  finishedAt: z.union([z.string(), z.null()]),
};

export const PrivacyExportSchema = z
  .object({
    ...base,
    kind: z.literal('export'),
    url: z.union([z.string(), z.null()]).openapi({
      description: 'When done: a signed link to the zip archive, valid for a limited time (ask again for a fresh one).',
    }),
    size: z.union([z.number().int(), z.null()]),
  })
  .openapi('PrivacyExport');
export type PrivacyExport = z.infer<typeof PrivacyExportSchema>;

export const PrivacyErasureSchema = z
  .object({ ...base, kind: z.literal('erasure'), mode: z.enum(ERASURE_MODES) })
  .openapi('PrivacyErasure');
export type PrivacyErasure = z.infer<typeof PrivacyErasureSchema>;

export const AcceptedSchema = z
  .object({ id: z.string().openapi({ example: 'prv_…' }), status: z.enum(PRIVACY_STATUSES) })
  .openapi('PrivacyRequestAccepted');
