// Zod schemas for SLA policies: the priorities and the targets per priority.
import { z } from '@hono/zod-openapi';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

const minutes = z.number().int().min(1).max(525_600).nullable();
export const SlaTargetSchema = z
  .object({
    firstResponseMinutes: minutes.openapi({
      description: 'Business minutes until the first public reply; null = no target.',
    }),
    resolutionMinutes: minutes.openapi({ description: 'Business minutes until resolved; null = no target.' }),
  })
  .strict()
  .openapi('SlaTarget');
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

export const SlaPoliciesSchema = z
  .object({ low: SlaTargetSchema, normal: SlaTargetSchema, high: SlaTargetSchema, urgent: SlaTargetSchema })
  .partial()
  .strict()
  .openapi('SlaPolicies');
export type SlaPolicies = Partial<Record<Priority, SlaTarget>>;
