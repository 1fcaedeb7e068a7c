// Zod schemas for roles as served and accepted by the API.
import { z } from '@hono/zod-openapi';
import { text } from '../lib/text.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';

export const PermissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]).openapi({ description: 'resource:action' });

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

export const RoleBody = z
  .object({
    name: text({ max: 60, nonEmpty: true }),
    description: text({ max: 500, multiline: true }).default(''),
    permissions: z.array(PermissionSchema).max(ALL_PERMISSIONS.length),
    ownTicketsOnly: z.boolean().default(false).openapi({ description: 'Limit ticket access to tickets assigned to the agent' }),
  })
  .strict()
  .openapi('RoleInput');
export type RoleInput = z.infer<typeof RoleBody>;
/** A role as it is stored: what a change ends up as. */
export type RoleFields = Required<Pick<RoleInput, 'name' | 'description' | 'permissions' | 'ownTicketsOnly'>>;
