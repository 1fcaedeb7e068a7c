// The permission vocabulary (resource × action) and the built-in roles every tenant has.
import type { Priority } from '../sla/schemas.ts';

export const RESOURCES = [
  'tickets',
  'customers',
  'kb',
  'agents',
  'roles',
  'settings',
  'webhooks',
  'api-keys',
  'analytics',
  'audit-log',
  'teams',
  'canned-responses',
  'macros',
  // subject exports and erasures (privacy/): read = export, delete = erase
  'privacy',
] as const;
export const ACTIONS = ['create', 'read', 'update', 'delete'] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type Permission = `${Resource}:${Action}`;

export const ALL_PERMISSIONS: Permission[] = RESOURCES.flatMap((r) => ACTIONS.map((a) => `${r}:${a}` as Permission));

const crud = (r: Resource, actions: readonly Action[] = ACTIONS) => actions.map((a) => `${r}:${a}` as Permission);

export type BuiltInRoleId = 'owner' | 'admin' | 'agent' | 'viewer';

/**
 * Which tickets a role reaches (`tickets/scope.ts`): all of them, or only those meeting every condition it has —
 * assigned to the agent (`own`, also served as `ownTicketsOnly`), of one of the agent's teams (`team`), of the
 * given priorities (`priorities`, absent: any).
 */
export interface RoleConditions {
  own: boolean;
  team: boolean;
  priorities?: Priority[];
}

export const NO_CONDITIONS: RoleConditions = { own: false, team: false };

export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  /** The same as `conditions.own`, kept under its first name. */
  ownTicketsOnly: boolean;
  conditions: RoleConditions;
  builtIn: boolean;
}

export const BUILT_IN_ROLES: Record<BuiltInRoleId, RoleDefinition> = {
  owner: {
    id: 'owner',
    name: 'Owner',
    description: 'Everything, including billing and ownership.',
    permissions: ALL_PERMISSIONS,
    ownTicketsOnly: false,
    conditions: NO_CONDITIONS,
    builtIn: true,
  },
  admin: {
    id: 'admin',
    name: 'Admin',
    description: 'Everything except billing and ownership.',
    permissions: ALL_PERMISSIONS,
    ownTicketsOnly: false,
    conditions: NO_CONDITIONS,
    builtIn: true,
  },
  agent: {
    id: 'agent',
    name: 'Agent',
    description: 'Works tickets and customers, writes knowledge base articles.',
    permissions: [
      ...crud('tickets', ['create', 'read', 'update']),
      ...crud('customers', ['create', 'read', 'update']),
      ...crud('kb', ['create', 'read', 'update']),
      'agents:read',
      'roles:read',
      'settings:read',
      'analytics:read',
      'teams:read',
      'canned-responses:read',
      'macros:read',
    ],
    ownTicketsOnly: false,
    conditions: NO_CONDITIONS,
    builtIn: true,
  },
  viewer: {
    id: 'viewer',
    name: 'Viewer',
    description: 'Reads everything agents work on; changes nothing.',
    permissions: [
      'tickets:read',
      'customers:read',
      'kb:read',
      'agents:read',
      'roles:read',
      'settings:read',
      'analytics:read',
      'teams:read',
      'canned-responses:read',
      'macros:read',
    ],
    ownTicketsOnly: false,
    conditions: NO_CONDITIONS,
    builtIn: true,
  },
};

export function isBuiltInRole(id: string): id is BuiltInRoleId {
  return Object.hasOwn(BUILT_IN_ROLES, id);
}
