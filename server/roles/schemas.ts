// Zod schemas for roles as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';

export const PermissionSchema = z
  .enum(ALL_PERMISSIONS as [Permission, ...Permission[]])
  .openapi({ description: 'resource:action' });

export const RoleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()),
    ownTicketsOnly: z.boolean(),
    builtIn: z.boolean(),
  })
  .openapi('Role');
export type Role = z.infer<typeof RoleSchema>;

const RoleInputFields = z.object({
  name: text({ max: 60, nonEmpty: true }),
  description: text({ max: 500, multiline: true }),
  permissions: z.array(PermissionSchema).max(ALL_PERMISSIONS.length),
  ownTicketsOnly: z.boolean().openapi({ description: 'Limit ticket access to tickets assigned to the agent' }),
});

export const RoleBody = RoleInputFields.extend({
  description: RoleInputFields.shape.description.default(''),
  ownTicketsOnly: RoleInputFields.shape.ownTicketsOnly.default(false),
})
  .strict()
  .openapi('RoleInput');
export type RoleInput = z.infer<typeof RoleBody>;

// Built from the fields without defaults: zod 4 applies a default inside .partial(), so a rename would
// otherwise reset the description and drop the own-tickets-only limit.
export const RolePatchBody = RoleInputFields.partial().strict().openapi('RolePatch');
/** A role as it is stored: what a change ends up as. */
export type RoleFields = Required<Pick<RoleInput, 'name' | 'description' | 'permissions' | 'ownTicketsOnly'>>;
