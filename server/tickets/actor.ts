// Who is acting on a ticket: the author recorded on messages and activity.
import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';
import type { Db } from '../db/client.ts';
import { getAgent } from '../agents/queries.ts';
import { getApiKey } from '../api-keys/queries.ts';
import { tenantPrincipal } from '../middleware/authenticate.ts';
import type { Author } from './schemas.ts';

export async function authorOf(c: Context<AppEnv>, db: Db): Promise<Author> {
  const p = tenantPrincipal(c);
  if (p.kind === 'agent') {
    const agent = await getAgent(db, p.tenantId, p.agentId);
    return { type: 'agent', id: p.agentId, name: agent?.name ?? null };
  }
  // An integration writes as the team under its key's name ("CRM sync"), so agents can tell who said it.
  const key = await getApiKey(db, p.tenantId, p.apiKeyId);
  return { type: 'api', id: p.apiKeyId, name: key?.name ?? null };
}
