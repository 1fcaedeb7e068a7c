// Macro use cases: create, change, delete (audited), and applying one to tickets through the ticket services.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { conflict, notFound, validationProblem, type FieldError } from '../lib/problem.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { isAssignable } from '../tickets/assignment.ts';
import { getTicketRow, toTicket } from '../tickets/queries.ts';
import type { TicketScope } from '../tickets/scope.ts';
import type { Author, Ticket } from '../tickets/schemas.ts';
import { appendMessage, changeTicket, refuseSpam } from '../tickets/service.ts';
import { teamExists } from '../teams/queries.ts';
import { renderPlaceholders, unknownPlaceholders } from '../canned-responses/placeholders.ts';
import { getMacro, deleteMacroRow, insertMacro, macroNameTaken, saveMacro } from './queries.ts';
import type { Macro, MacroActions, MacroInput, MacroPatch } from './schemas.ts';
import { recordActivity } from '../tickets/activity.ts';

const nameTaken = (name: string) => conflict(`A macro named "${name}" already exists.`);

/** Unknown placeholders, teams and agents are 422 when saved, one error per field, not when the macro is applied. */
async function checkActions(db: Db, tenantId: string, a: MacroActions) {
  const errors: FieldError[] = [];
  for (const field of ['reply', 'note'] as const) {
    const unknown = unknownPlaceholders(a[field] ?? '');
    if (unknown.length)
      errors.push({
        path: `actions.${field}`,
        message: `unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((p) => `{{${p}}}`).join(', ')}`,
      });
  }
  if (a.teamId && !(await teamExists(db, tenantId, a.teamId)))
    errors.push({ path: 'actions.teamId', message: 'is not a team of this help desk' });
  if (a.assigneeId && !(await isAssignable(db, tenantId, a.assigneeId)))
    errors.push({ path: 'actions.assigneeId', message: 'is not an active agent of this help desk' });
  if (errors.length) throw validationProblem(errors);
}

export async function createMacro(db: Db, actor: Actor, input: MacroInput, now: Date): Promise<Macro> {
  const tenantId = actorTenant(actor);
  await checkActions(db, tenantId, input.actions);
  const id = newId('mac');
  await db.tx(async (tx) => {
    if (await macroNameTaken(tx, tenantId, input.name)) throw nameTaken(input.name);
    await insertMacro(tx, tenantId, { id, name: input.name, actions: input.actions, now: now.toISOString() });
    await audit(
      actor,
      tx,
      { action: 'macro.created', targetType: 'macro', targetId: id, details: { name: input.name } },
      now,
    );
  });
  return (await getMacro(db, tenantId, id))!;
}

export async function updateMacro(db: Db, actor: Actor, id: string, patch: MacroPatch, now: Date): Promise<Macro> {
  const tenantId = actorTenant(actor);
  if (patch.actions) await checkActions(db, tenantId, patch.actions);
  await db.tx(async (tx) => {
    const current = await getMacro(tx, tenantId, id);
    if (!current) throw notFound('Macro');
    const name = patch.name ?? current.name;
    if (name !== current.name && (await macroNameTaken(tx, tenantId, name, id))) throw nameTaken(name);
    await saveMacro(tx, tenantId, { id, name, actions: patch.actions ?? current.actions, now: now.toISOString() });
    await audit(
      actor,
      tx,
      { action: 'macro.updated', targetType: 'macro', targetId: id, details: { fields: Object.keys(patch) } },
      now,
    );
  });
  return (await getMacro(db, tenantId, id))!;
}

export async function deleteMacro(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const current = await getMacro(tx, tenantId, id);
    if (!current) throw notFound('Macro');
    await deleteMacroRow(tx, tenantId, id);
    await audit(
      actor,
      tx,
      { action: 'macro.deleted', targetType: 'macro', targetId: id, details: { name: current.name } },
      now,
    );
  });
}

/**
 * Applies a macro to tickets, all or nothing, in one transaction: for each ticket the reply and note (placeholders
 * filled in for that ticket) through `appendMessage`, then the field changes through `changeTicket` — the same
 * checks, activity, events and webhooks as a reply and a PATCH. A ticket out of the caller's scope is 404.
 */
export async function applyMacro(
  db: Db,
  tenant: TenantRecord,
  macroId: string,
  ticketIds: string[],
  author: Author,
  scope: TicketScope,
  now: Date,
): Promise<Ticket[]> {
  return db.tx(async (tx) => {
    const macro = await getMacro(tx, tenant.id, macroId);
    if (!macro) throw notFound('Macro');
    const { reply, note, tags, removeTags, ...fields } = macro.actions;
    const out: Ticket[] = [];
    for (const id of [...new Set(ticketIds)]) {
      const row = await getTicketRow(tx, tenant.id, id, scope);
      if (!row) throw notFound('Ticket');
      refuseSpam(row);
      const ctx = { ticket: toTicket(row, now), agentName: author.name };
      await recordActivity(
        tx,
        tenant.id,
        {
          id: newId('act'),
          ticketId: row.id,
          actor: author,
          action: 'macro.applied',
          changes: { macro: { from: null, to: macro.name } },
        },
        now.toISOString(),
      );
      if (reply)
        await appendMessage(tx, tenant, row, { body: renderPlaceholders(reply, ctx), internal: false }, author, now);
      if (note)
        await appendMessage(tx, tenant, row, { body: renderPlaceholders(note, ctx), internal: true }, author, now);
      out.push(await changeTicket(tx, tenant, row, { ...fields, addTags: tags, removeTags }, author, now));
    }
    return out;
  });
}
