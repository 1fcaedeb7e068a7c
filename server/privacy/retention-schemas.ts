// Zod schemas of retention policies (delete or redact solved tickets after N days), their dry run and their runs.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { CHANNELS, TagsSchema } from '../tickets/schemas.ts';
import { ERASURE_MODES } from './schemas.ts';

/** A tenant keeps at most this many policies (each runs every day). */
export const MAX_POLICIES = 20;

const fields = {
  name: text({ max: 120, nonEmpty: true }),
  action: z.enum(ERASURE_MODES).openapi({
    description:
      'delete: the tickets go with everything of them; redact: they stay for reports with their content replaced.',
  }),
  olderThanDays: z
    .number()
    .int()
    .min(1)
    .max(36500)
    .openapi({ description: 'A solved ticket is touched once it was solved (resolved or closed) this many days ago.' }),
  channels: z
    .array(z.enum(CHANNELS))
    .max(CHANNELS.length)
    .openapi({ description: 'Only tickets of these channels; empty: every channel.' }),
  tags: TagsSchema.openapi({ description: 'Only tickets with at least one of these tags; empty: any ticket.' }),
  enabled: z.boolean().openapi({ description: 'Whether the daily sweep applies it.' }),
};

export const RetentionPolicyBody = z
  .object({
    name: fields.name,
    action: fields.action,
    olderThanDays: fields.olderThanDays,
    channels: fields.channels.default([]),
    tags: fields.tags.default([]),
    enabled: fields.enabled.default(true),
  })
  .strict()
  .openapi('RetentionPolicyRequest');
export type RetentionPolicyInput = z.infer<typeof RetentionPolicyBody>;

export const RetentionPolicyPatch = z
  .object({
    name: fields.name.optional(),
    action: fields.action.optional(),
    olderThanDays: fields.olderThanDays.optional(),
    channels: fields.channels.optional(),
    tags: fields.tags.optional(),
    enabled: fields.enabled.optional(),
  })
  .strict()
  .openapi('RetentionPolicyPatch');
export type RetentionPolicyChange = z.infer<typeof RetentionPolicyPatch>;

export const RetentionPolicySchema = z
  .object({
    id: z.string().openapi({ example: 'rtp_…' }),
    name: z.string(),
    action: z.enum(ERASURE_MODES),
    olderThanDays: z.number().int(),
    channels: z.array(z.string()),
    tags: z.array(z.string()),
    enabled: z.boolean(),
    lastRunAt: z.union([z.string(), z.null()]),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RetentionPolicy');
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

export const RetentionDryRunSchema = z
  .object({
    tickets: z.number().int().openapi({ description: 'How many tickets the policy would touch now.' }),
    cutoff: z.string().openapi({ description: 'Tickets solved at or before this time are touched.' }),
    sample: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        subject: z.string(),
        status: z.string(),
        channel: z.string(),
        solvedAt: z.string(),
      }),
    ),
  })
  .openapi('RetentionDryRun');
export type RetentionDryRun = z.infer<typeof RetentionDryRunSchema>;

export const RetentionRunSchema = z
  .object({
    id: z.string().openapi({ example: 'rtr_…' }),
    policyId: z.string(),
    action: z.enum(ERASURE_MODES),
    status: z.enum(['done', 'partial']).openapi({
      description: 'partial: the run stopped at its batch limit; the next sweep goes on where it stopped.',
    }),
    counts: z.record(z.string(), z.number().int()),
    startedAt: z.string(),
    finishedAt: z.string(),
  })
  .openapi('RetentionRun');
export type RetentionRun = z.infer<typeof RetentionRunSchema>;
