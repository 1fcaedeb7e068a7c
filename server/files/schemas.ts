// Zod schemas for attachments: an uploaded file's answer, and the attachment a message lists.
import { z } from '@hono/zod-openapi';

export const ATTACHMENT_STATUSES = ['scanning', 'ready', 'infected'] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];
/** At most this many files on one message. */
export const MAX_ATTACHMENTS = 10;

export const AttachmentSchema = z
  .object({
    id: z.string().openapi({ example: 'att_…' }),
    filename: z.string(),
    contentType: z.string().openapi({ description: "Read from the file's content (magic bytes), not its name." }),
    size: z.number().int().openapi({ description: 'Bytes.' }),
    status: z.enum(ATTACHMENT_STATUSES).openapi({
      description:
        '`scanning` until the virus scanner (CLAMAV_URL) has passed it, `ready`, or `infected` (quarantined, never served).',
    }),
    url: z.union([z.string(), z.null()]).openapi({
      description:
        'A signed download link for the caller that expires (FILE_URL_TTL_MINUTES). null while scanning, when infected, and in webhook payloads (fetch the ticket for a link).',
    }),
  })
  .openapi('Attachment');
export type Attachment = z.infer<typeof AttachmentSchema>;

export const UploadedSchema = AttachmentSchema.omit({ url: true }).openapi('UploadedFile');

export const AttachmentIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(MAX_ATTACHMENTS)
  .openapi({ description: `Ids of files uploaded with POST /attachments (at most ${MAX_ATTACHMENTS}).` });

/**
 * The multipart request body as OpenAPI describes it. A plain JSON Schema, not zod, on purpose: the route
 * streams the body itself, and a zod schema here would make the router buffer the whole upload to validate it.
 */
export const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        required: ['file'],
        properties: { file: { type: 'string' as const, format: 'binary', description: 'The file (one per request).' } },
      },
    },
  },
};
