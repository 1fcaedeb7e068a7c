// Routing rules: ordered conditions → actions run on every new ticket (widget, email, chat, API), before auto-assignment.
import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../types.ts';
import { createRouter, commonErrors, IdParam, jsonBody, jsonContent, SECURITY } from '../openapi/router.ts';
import { requirePermission } from '../middleware/permission.ts';
import { orNotFound } from '../lib/problem.ts';
import { actorOf } from '../audit/audit.ts';
import { getRule, listRules } from './queries.ts';
import { ReorderRulesBody, RoutingRuleBody, RoutingRulePatchBody, RoutingRuleSchema } from './schemas.ts';
import { createRule, deleteRule, reorderRules, updateRule } from './service.ts';

const RuleList = z.object({ data: z.array(RoutingRuleSchema), nextCursor: z.null() });

export function createRoutingRoutes(deps: Deps) {
  const { db } = deps;
  const router = createRouter();
  const Params = IdParam('Routing rule', 'rule_…');

  router.openapi(
    createRoute({
      method: 'get',
      path: '/routing-rules',
      operationId: 'listRoutingRules',
      tags: ['Routing'],
      summary: 'List the routing rules in the order they run',
      description:
        'Every new ticket (widget, email, chat, API) meets the enabled rules in order, before auto-assignment: each matching rule sets its actions (a later one overrides team, priority and assignee; tags add up) until one with `stopProcessing` matches.',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      responses: { 200: jsonContent(RuleList, 'All rules, in order'), ...commonErrors },
    }),
    async (c) => c.json({ data: await listRules(db, c.get('tenantId')), nextCursor: null }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/routing-rules',
      operationId: 'createRoutingRule',
      tags: ['Routing'],
      summary: 'Add a routing rule (it runs after the existing ones)',
      description: 'An unknown `actions.teamId` or `actions.assigneeId` is 422.',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(RoutingRuleBody) },
      responses: { 201: jsonContent(RoutingRuleSchema, 'Created'), ...commonErrors },
    }),
    async (c) => c.json(await createRule(db, actorOf(c), c.req.valid('json'), deps.now()), 201),
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/routing-rules/order',
      operationId: 'reorderRoutingRules',
      tags: ['Routing'],
      summary: 'Set the order of the routing rules',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { body: jsonBody(ReorderRulesBody) },
      responses: { 200: jsonContent(RuleList, 'All rules, in the new order'), ...commonErrors },
    }),
    async (c) =>
      c.json({ data: await reorderRules(db, actorOf(c), c.req.valid('json').ids, deps.now()), nextCursor: null }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/routing-rules/{id}',
      operationId: 'getRoutingRule',
      tags: ['Routing'],
      summary: 'Read a routing rule',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:read')] as const,
      request: { params: Params },
      responses: { 200: jsonContent(RoutingRuleSchema, 'The rule'), ...commonErrors },
    }),
    async (c) => c.json(orNotFound(await getRule(db, c.get('tenantId'), c.req.valid('param').id), 'Routing rule'), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/routing-rules/{id}',
      operationId: 'updateRoutingRule',
      tags: ['Routing'],
      summary: 'Change a routing rule (`conditions` and `actions` are replaced whole)',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params, body: jsonBody(RoutingRulePatchBody) },
      responses: { 200: jsonContent(RoutingRuleSchema, 'The rule'), ...commonErrors },
    }),
    async (c) =>
      c.json(await updateRule(db, actorOf(c), c.req.valid('param').id, c.req.valid('json'), deps.now()), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/routing-rules/{id}',
      operationId: 'deleteRoutingRule',
      tags: ['Routing'],
      summary: 'Delete a routing rule',
      security: SECURITY.tenant,
      middleware: [requirePermission('settings:update')] as const,
      request: { params: Params },
      responses: { 204: { description: 'Deleted' }, ...commonErrors },
    }),
    async (c) => {
      await deleteRule(db, actorOf(c), c.req.valid('param').id, deps.now());
      return c.body(null, 204);
    },
  );

  return router;
}
