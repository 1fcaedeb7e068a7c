// CSAT shapes: what a rating takes (widget call and the public page's form) and the csat.submitted event.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { TicketSchema } from '../tickets/schemas.ts';

export const RATINGS = ['good', 'bad'] as const;
/** How long after a resolution its rating may be given or changed. */
export const RATING_WINDOW_DAYS = 7;

export const RatingBody = z
  .object({
    rating: z.enum(RATINGS),
    comment: text({ max: 2000, multiline: true })
      .optional()
      .openapi({ description: 'Optional words about the answer (plain text, at most 2,000 characters).' }),
  })
  .strict()
  .openapi('RatingInput');
export type RatingInput = z.infer<typeof RatingBody>;

export const CsatEventSchema = z
  .object({
    rating: z.enum(RATINGS),
    comment: z.string().nullable(),
    ratedAt: z.string(),
    ticket: TicketSchema,
  })
  .openapi('CsatEvent');
export type CsatEvent = z.infer<typeof CsatEventSchema>;
