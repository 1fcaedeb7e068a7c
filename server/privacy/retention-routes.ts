// Retention policies (issue 19): list, create, change, delete, dry-run, and the log of their daily runs.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import {
  commonErrors,
  createRouter,
  IdParam,
  jsonBody,
  jsonContent,
  problemResponse,
  SECURITY,
} from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { getPolicy, listPolicies, listRuns, type PolicyRecord } from './retention-queries.ts';
import {
  RetentionDryRunSchema,
  RetentionPolicyBody,
  RetentionPolicyPatch,
  RetentionPolicySchema,
  RetentionRunSchema,
  type RetentionPolicy,
} from './retention-schemas.ts';
import { createPolicy, deletePolicy, dryRunPolicy, updatePolicy } from './retention-service.ts';

const RUNS_SHOWN = 50;

const toDto = ({ tenantId: _t, ...p }: PolicyRecord): RetentionPolicy => p;

export function createRetentionRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Retention policy', 'rtp_…');
  const tags = ['Privacy'];

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/retention-policies',
      operationId: 'listRetentionPolicies',
      tags,
      summary: "The tenant's retention policies, oldest first",
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(RetentionPolicySchema), nextCursor: z.null() }), 'Every policy'),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: (await listPolicies(db, c.get('tenantId'))).map(toDto), nextCursor: null }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/privacy/retention-policies',
      operationId: 'createRetentionPolicy',
      tags,
      summary: 'Create a policy: delete or redact solved tickets once they were solved N days ago',
      description:
        'The daily sweep applies an enabled policy within a day of its creation; dry-run it first. ' +
        'Only resolved and closed tickets are touched, optionally only of some channels or with one of some tags.',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:delete')] as const,
      request: { body: jsonBody(RetentionPolicyBody) },
      responses: {
        201: jsonContent(RetentionPolicySchema, 'Created'),
        409: problemResponse('The tenant has the most policies it may keep'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(toDto(await createPolicy(deps, actorOf(c), c.req.valid('json'))), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/retention-policies/{id}',
      operationId: 'getRetentionPolicy',
      tags,
      summary: 'Read a retention policy',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(RetentionPolicySchema, 'The policy'), ...commonErrors },
    }),
    async (c) =>
      c.json(
        toDto(orNotFound(await getPolicy(db, c.get('tenantId'), c.req.valid('param').id), 'Retention policy')),
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/privacy/retention-policies/{id}',
      operationId: 'updateRetentionPolicy',
      tags,
      summary: 'Change a retention policy (or turn it off with enabled: false)',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:delete')] as const,
      request: { params: Params, body: jsonBody(RetentionPolicyPatch) },
      responses: { 200: jsonContent(RetentionPolicySchema, 'The policy'), ...commonErrors },
    }),
    async (c) => c.json(toDto(await updatePolicy(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/privacy/retention-policies/{id}',
      operationId: 'deleteRetentionPolicy',
      tags,
      summary: 'Delete a retention policy (its runs stay in the log)',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:delete')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deletePolicy(deps, actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/privacy/retention-policies/{id}/dry-run',
      operationId: 'dryRunRetentionPolicy',
      tags,
      summary: 'How many tickets the policy would touch now, and the first few of them; changes nothing',
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(RetentionDryRunSchema, 'What a run now would touch'), ...commonErrors },
    }),
    async (c) => c.json(await dryRunPolicy(deps, c.get('tenantId'), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/privacy/retention-runs',
      operationId: 'listRetentionRuns',
      tags,
      summary: `The latest ${RUNS_SHOWN} runs of the retention sweep, newest first (counts only)`,
      security: SECURITY.tenant,
      middleware: [requirePermission('privacy:read')] as const,
      responses: {
        200: jsonContent(z.object({ data: z.array(RetentionRunSchema), nextCursor: z.null() }), 'The latest runs'),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ data: await listRuns(db, c.get('tenantId'), RUNS_SHOWN), nextCursor: null }, 200),
  );

  return router;
}
