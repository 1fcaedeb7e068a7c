// Outbound-mail use cases that write: an agent's notification choices.
import type { Db } from '../db/client.ts';
import type { Deps } from '../types.ts';
import { getNotificationPrefs, putNotificationPrefs, type NotificationPrefs } from './outbound-queries.ts';

export const getAgentNotifications = (db: Db, tenantId: string, agentId: string) =>
  getNotificationPrefs(db, tenantId, agentId);

export async function updateAgentNotifications(
  deps: Pick<Deps, 'db'>,
  tenantId: string,
  agentId: string,
  patch: Partial<NotificationPrefs>,
  now: Date,
): Promise<NotificationPrefs> {
  return deps.db.tx(async (tx) => {
    const next = { ...(await getNotificationPrefs(tx, tenantId, agentId)), ...patch };
    await putNotificationPrefs(tx, tenantId, agentId, next, now.toISOString());
    return next;
  });
}
