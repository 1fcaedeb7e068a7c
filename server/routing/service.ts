// Routing rule use cases (create, change, delete, reorder; each audited) and `routeNewTicket`, which the one ticket
// insert (`insertTicket` in tickets/service.ts) runs inside its transaction before auto-assignment.
import type { Db, Queryable } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { invalidField, notFound } from '../lib/problem.ts';
import { teamExists } from '../teams/queries.ts';
import { isAssignable } from '../tickets/assignment.ts';
import { routeTicket, type NewTicketFacts } from './match.ts';
import {
  deleteRuleRow,
  getRule,
  insertRule,
  listRules,
  nextRulePosition,
  saveRule,
  setRulePosition,
} from './queries.ts';
import type { RoutingRule, RoutingRuleInput, RoutingRulePatch, RuleActions } from './schemas.ts';

async function checkActions(q: Queryable, tenantId: string, a: RuleActions) {
  if (a.teamId && !(await teamExists(q, tenantId, a.teamId)))
    throw invalidField('actions.teamId', 'is not a team of this help desk');
  if (a.assigneeId && !(await isAssignable(q, tenantId, a.assigneeId)))
    throw invalidField('actions.assigneeId', 'is not an active agent of this help desk');
}

export async function createRule(db: Db, actor: Actor, input: RoutingRuleInput, now: Date): Promise<RoutingRule> {
  const tenantId = actorTenant(actor);
  const id = newId('rule');
  await db.tx(async (tx) => {
    await checkActions(tx, tenantId, input.actions);
    const position = await nextRulePosition(tx, tenantId);
    await insertRule(tx, tenantId, { id, position, ...input }, now.toISOString());
    await audit(
      actor,
      tx,
      { action: 'routing_rule.created', targetType: 'routing_rule', targetId: id, details: { name: input.name } },
      now,
    );
  });
  return (await getRule(db, tenantId, id))!;
}

export async function updateRule(
  db: Db,
  actor: Actor,
  id: string,
  patch: RoutingRulePatch,
  now: Date,
): Promise<RoutingRule> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const current = await getRule(tx, tenantId, id);
    if (!current) throw notFound('Routing rule');
    if (patch.actions) await checkActions(tx, tenantId, patch.actions);
    await saveRule(tx, tenantId, { ...current, ...patch }, now.toISOString());
    await audit(
      actor,
      tx,
      {
        action: 'routing_rule.updated',
        targetType: 'routing_rule',
        targetId: id,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
  });
  return (await getRule(db, tenantId, id))!;
}

export async function deleteRule(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const current = await getRule(tx, tenantId, id);
    if (!current) throw notFound('Routing rule');
    await deleteRuleRow(tx, tenantId, id);
    await audit(
      actor,
      tx,
      { action: 'routing_rule.deleted', targetType: 'routing_rule', targetId: id, details: { name: current.name } },
      now,
    );
  });
}

/**
 * Puts the rules named first, in the order given; the others follow in the order they had. An unknown or repeated
 * id is 422 and changes nothing.
 */
export async function reorderRules(db: Db, actor: Actor, ids: string[], now: Date): Promise<RoutingRule[]> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const current = await listRules(tx, tenantId);
    const known = new Set(current.map((r) => r.id));
    const given = new Set(ids);
    if (given.size !== ids.length) throw invalidField('ids', 'names a rule more than once');
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw invalidField('ids', `${unknown.join(', ')}: no routing rule of this help desk`);
    const order = [...ids, ...current.filter((r) => !given.has(r.id)).map((r) => r.id)];
    const ts = now.toISOString();
    for (const [i, id] of order.entries()) await setRulePosition(tx, tenantId, id, i + 1, ts);
    await audit(
      actor,
      tx,
      { action: 'routing_rules.reordered', targetType: 'routing_rule', details: { ids: order } },
      now,
    );
  });
  return listRules(db, tenantId);
}

/** What the rules make of a ticket being filed (inside its transaction): the actions, and which rules matched. */
export async function routeNewTicket(q: Queryable, tenantId: string, facts: NewTicketFacts) {
  const rules = await listRules(q, tenantId);
  if (!rules.length) return null;
  const routed = routeTicket(rules, facts);
  if (!routed.matched.length) return null;
  // A rule whose team or agent went away since it was saved sets nothing of that kind.
  if (routed.actions.teamId && !(await teamExists(q, tenantId, routed.actions.teamId))) delete routed.actions.teamId;
  if (routed.actions.assigneeId && !(await isAssignable(q, tenantId, routed.actions.assigneeId)))
    delete routed.actions.assigneeId;
  return routed;
}
