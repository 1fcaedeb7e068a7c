// Agents and groups as SCIM resources (RFC 7643): what GET, POST, PUT and PATCH answer.
import type { Queryable } from '../db/client.ts';
import { getAgent, type AgentRecord } from '../agents/queries.ts';
import { GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from './schemas.ts';
import { groupsOfAgents, membersOf, scimLinksOf, type ScimGroupRecord, type ScimUserLink } from './queries.ts';

export function scimUser(
  base: string,
  a: AgentRecord,
  link: ScimUserLink | undefined,
  groups: { id: string; displayName: string }[],
) {
  const [givenName, ...rest] = a.name.split(' ');
  return {
    schemas: [USER_SCHEMA],
    id: a.id,
    ...(link?.externalId ? { externalId: link.externalId } : {}),
    userName: a.email,
    name: { formatted: a.name, givenName, ...(rest.length ? { familyName: rest.join(' ') } : {}) },
    displayName: a.name,
    emails: [{ value: a.email, type: 'work', primary: true }],
    active: a.status === 'active',
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}` })),
    meta: {
      resourceType: 'User',
      created: a.createdAt,
      lastModified: a.updatedAt,
      location: `${base}/Users/${a.id}`,
    },
  };
}

export async function scimUsers(q: Queryable, base: string, tenantId: string, ids: string[]) {
  const [links, groups] = await Promise.all([scimLinksOf(q, tenantId, ids), groupsOfAgents(q, tenantId, ids)]);
  const out = [];
  for (const id of ids) {
    const a = await getAgent(q, tenantId, id);
    if (a) out.push(scimUser(base, a, links.get(id), groups.get(id) ?? []));
  }
  return out;
}

export async function scimGroups(q: Queryable, base: string, tenantId: string, groups: ScimGroupRecord[]) {
  const members = await membersOf(
    q,
    tenantId,
    groups.map((g) => g.id),
  );
  return groups.map((g) => ({
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.displayName,
    members: (members.get(g.id) ?? []).map((m) => ({ value: m.id, display: m.name, $ref: `${base}/Users/${m.id}` })),
    meta: {
      resourceType: 'Group',
      created: g.createdAt,
      lastModified: g.updatedAt,
      location: `${base}/Groups/${g.id}`,
    },
  }));
}

export const listResponse = (resources: unknown[], total: number, startIndex: number) => ({
  schemas: [LIST_SCHEMA],
  totalResults: total,
  startIndex,
  itemsPerPage: resources.length,
  Resources: resources,
});

/** The discovery documents: what this service provider supports. */
export function serviceProviderConfig(base: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${base.replace(/\/scim\/v2$/, '')}/docs`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The token the account owner creates in Settings → Security.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: USER_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
    },
  ];
}

const attr = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export function schemaDocs(base: string) {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: USER_SCHEMA,
      name: 'User',
      description: 'A help-desk agent',
      attributes: [
        attr('userName', 'string', { required: true, uniqueness: 'server' }),
        attr('externalId', 'string', { caseExact: true }),
        attr('displayName', 'string'),
        attr('name', 'complex', {
          subAttributes: [attr('formatted', 'string'), attr('givenName', 'string'), attr('familyName', 'string')],
        }),
        attr('emails', 'complex', {
          multiValued: true,
          subAttributes: [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')],
        }),
        attr('active', 'boolean'),
        attr('groups', 'complex', { multiValued: true, mutability: 'readOnly' }),
      ],
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: GROUP_SCHEMA,
      name: 'Group',
      description: 'An identity-provider group; its name maps to a role (Settings → Security → group roles)',
      attributes: [
        attr('displayName', 'string', { required: true, uniqueness: 'server' }),
        attr('externalId', 'string', { caseExact: true }),
        attr('members', 'complex', {
          multiValued: true,
          subAttributes: [attr('value', 'string', { mutability: 'immutable' }), attr('display', 'string')],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${GROUP_SCHEMA}` },
    },
  ];
}
