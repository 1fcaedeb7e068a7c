// Who is acting on a ticket (for message authors and activity), and which tickets the caller may see.
import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';
import type { Db } from '../db/client.ts';
import { getAgent } from '../agents/queries.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import type { Author } from './schemas.ts';
import type { Visibility } from './service.ts';

export async function authorOf(c: Context<AppEnv>, db: Db): Promise<Author> {
  const p = tenantPrincipal(c);
  if (p.kind === 'agent') {
    const agent = await getAgent(db, p.tenantId, p.agentId);
    return { type: 'agent', id: p.agentId, name: agent?.name ?? null };
  }
  return { type: 'api', id: p.apiKeyId, name: null };
}

/** Agents whose role is limited to their own tickets see only tickets assigned to them. */
export function visibilityOf(c: Context<AppEnv>): Visibility {
  const p = tenantPrincipal(c);
  return p.kind === 'agent' && p.ownTicketsOnly ? { onlyAssignee: p.agentId } : {};
}
