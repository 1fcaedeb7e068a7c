// Zod schemas for teams as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';

export const TeamSchema = z
  .object({
    id: z.string().openapi({ example: 'team_…' }),
    name: z.string(),
    agentIds: z.array(z.string()).openapi({ description: 'The agents in the team; an agent may be in several.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Team');
export type Team = z.infer<typeof TeamSchema>;

const AgentIdsSchema = z.array(z.string().min(1).max(64)).max(1000);

export const TeamBody = z
  .object({ name: text({ max: 80, nonEmpty: true }), agentIds: AgentIdsSchema.optional() })
  .strict()
  .openapi('TeamInput');
export type TeamInput = z.infer<typeof TeamBody>;

export const TeamPatchBody = TeamBody.partial().strict().openapi('TeamPatch');
export type TeamPatch = z.infer<typeof TeamPatchBody>;

export const TeamQueueSchema = z
  .object({
    data: z.array(
      z.object({
        teamId: z.string(),
        name: z.string(),
        open: z.number().int().openapi({ description: 'Open or pending tickets of the team (the team view).' }),
        unassigned: z.number().int().openapi({ description: 'Of those, assigned to nobody.' }),
      }),
    ),
    none: z.number().int().openapi({ description: 'Open or pending tickets of no team.' }),
  })
  .openapi('TeamQueueCounts');
export type TeamQueueCounts = z.infer<typeof TeamQueueSchema>;
