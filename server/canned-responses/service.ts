// Canned response use cases: create, change, delete (audited when shared), and filling one in for a ticket.
import type { Db } from '../db/client.ts';
import { actorTenant, audit, type Actor } from '../audit/audit.ts';
import { newId } from '../lib/ids.ts';
import { invalidField, notFound } from '../lib/problem.ts';
import type { Author, Ticket } from '../tickets/schemas.ts';
import { getCannedResponse, deleteCannedResponseRow, insertCannedResponse, saveCannedResponse } from './queries.ts';
import { renderPlaceholders, unknownPlaceholders } from './placeholders.ts';
import type { CannedResponse, CannedResponseInput, CannedResponsePatch } from './schemas.ts';

/** The agent whose personal responses the caller sees and writes; an API key has none. */
export function ownerOf(actor: Actor): string | null {
  return actor.principal?.kind === 'agent' ? actor.principal.agentId : null;
}

/** Refuses a text with a placeholder nobody fills in, naming each one (a typo would otherwise reach the customer). */
export function checkPlaceholders(path: string, text: string) {
  const unknown = unknownPlaceholders(text);
  if (unknown.length)
    throw invalidField(
      path,
      `unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((p) => `{{${p}}}`).join(', ')}`,
    );
}

export async function createCannedResponse(
  db: Db,
  actor: Actor,
  input: CannedResponseInput,
  now: Date,
): Promise<CannedResponse> {
  const tenantId = actorTenant(actor);
  checkPlaceholders('body', input.body);
  const owner = ownerOf(actor);
  if (!input.shared && owner === null)
    throw invalidField('shared', 'an API key has no personal responses: pass shared: true');
  const id = newId('cr');
  await db.tx(async (tx) => {
    await insertCannedResponse(tx, tenantId, {
      id,
      ownerId: input.shared ? null : owner,
      title: input.title,
      shortcut: input.shortcut ?? null,
      body: input.body,
      now: now.toISOString(),
    });
    if (input.shared)
      await audit(
        actor,
        tx,
        {
          action: 'canned_response.created',
          targetType: 'canned_response',
          targetId: id,
          details: { title: input.title },
        },
        now,
      );
  });
  return (await getCannedResponse(db, tenantId, owner, id))!;
}

export async function updateCannedResponse(
  db: Db,
  actor: Actor,
  id: string,
  patch: CannedResponsePatch,
  now: Date,
): Promise<CannedResponse> {
  const tenantId = actorTenant(actor);
  if (patch.body !== undefined) checkPlaceholders('body', patch.body);
  const owner = ownerOf(actor);
  await db.tx(async (tx) => {
    const current = await getCannedResponse(tx, tenantId, owner, id);
    if (!current) throw notFound('Canned response');
    await saveCannedResponse(tx, tenantId, {
      id,
      title: patch.title ?? current.title,
      shortcut: patch.shortcut !== undefined ? patch.shortcut : current.shortcut,
      body: patch.body ?? current.body,
      now: now.toISOString(),
    });
    if (current.shared)
      await audit(
        actor,
        tx,
        {
          action: 'canned_response.updated',
          targetType: 'canned_response',
          targetId: id,
          details: { fields: Object.keys(patch) },
        },
        now,
      );
  });
  return (await getCannedResponse(db, tenantId, owner, id))!;
}

export async function deleteCannedResponse(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const tenantId = actorTenant(actor);
  await db.tx(async (tx) => {
    const current = await getCannedResponse(tx, tenantId, ownerOf(actor), id);
    if (!current) throw notFound('Canned response');
    await deleteCannedResponseRow(tx, tenantId, id);
    if (current.shared)
      await audit(
        actor,
        tx,
        {
          action: 'canned_response.deleted',
          targetType: 'canned_response',
          targetId: id,
          details: { title: current.title },
        },
        now,
      );
  });
}

/** The response's body as it would be sent on `ticket` by `author`. */
export function renderCannedResponse(response: CannedResponse, ticket: Ticket, author: Author): string {
  return renderPlaceholders(response.body, { ticket, agentName: author.name });
}
