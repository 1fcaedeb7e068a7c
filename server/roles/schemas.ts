// Zod schemas for roles as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';
import { PRIORITIES } from '../sla/schemas.ts';
import type { StoredConditions } from './queries.ts';

export const RoleConditionsSchema = z
  .object({
    own: z.boolean().openapi({ description: 'Only tickets assigned to the agent (the same as `ownTicketsOnly`).' }),
    team: z.boolean().openapi({ description: "Only tickets of one of the agent's teams." }),
    priorities: z
      .array(z.enum(PRIORITIES))
      .optional()
      .openapi({ description: 'Only tickets of these priorities; absent: any priority.' }),
  })
  .openapi('RoleConditions');

const RoleConditionsInput = z
  .object({
    own: z.boolean(),
    team: z.boolean(),
    priorities: z
      .array(z.enum(PRIORITIES))
      .max(PRIORITIES.length)
      .openapi({ description: 'Only tickets of these priorities; `[]`: any priority.' }),
  })
  .partial()
  .strict()
  .openapi('RoleConditionsInput', {
    description:
      'A limited role sees and changes only the tickets that meet every condition it has. In a change, each field given replaces that condition only.',
  });

export const PermissionSchema = z
  .enum(ALL_PERMISSIONS as [Permission, ...Permission[]])
  .openapi({ description: 'resource:action' });

export const RoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()),
    ownTicketsOnly: z.boolean().openapi({ description: 'The same as `conditions.own`.' }),
    conditions: RoleConditionsSchema,
    builtIn: z.boolean(),
  })
  .openapi('Role');
export type Role = z.infer<typeof RoleSchema>;

const RoleInputFields = z.object({
  name: text({ max: 60, nonEmpty: true }),
  description: text({ max: 500, multiline: true }),
  permissions: z.array(PermissionSchema).max(ALL_PERMISSIONS.length),
  ownTicketsOnly: z
    .boolean()
    .openapi({ description: 'Limit ticket access to tickets assigned to the agent (an alias of `conditions.own`).' }),
  conditions: RoleConditionsInput,
});

export const RoleBody = RoleInputFields.extend({
  description: RoleInputFields.shape.description.default(''),
  ownTicketsOnly: RoleInputFields.shape.ownTicketsOnly.optional(),
  conditions: RoleInputFields.shape.conditions.optional(),
})
  .strict()
  .openapi('RoleInput');
export type RoleInput = z.infer<typeof RoleBody>;

// Built from the fields without defaults: zod 4 applies a default inside .partial(), so a rename would
// otherwise reset the description and drop the own-tickets-only limit.
export const RolePatchBody = RoleInputFields.partial().strict().openapi('RolePatch');
/** A role as it is stored: what a change ends up as. */
export type RoleFields = Required<Pick<RoleInput, 'name' | 'description' | 'permissions' | 'ownTicketsOnly'>> & {
  conditions: StoredConditions;
};
