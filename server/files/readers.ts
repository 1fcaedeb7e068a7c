// Whether the reader a download link was made for may still read the file: an active agent or an unrevoked
// API key of its tenant; a visitor whose token reaches the ticket; the requester reading a mail. Visitors
// and customers only ever reach files on public messages.
import type { Queryable } from '../db/client.ts';
import { getAgent } from '../agents/queries.ts';
import { getApiKey } from '../api-keys/queries.ts';
import { getTicketRows } from '../tickets/queries.ts';
import { visitorByHash, visitorTicketIds } from '../widget/visitor-tokens.ts';
import type { AttachmentRow } from './queries.ts';
import type { Reader } from './signed-url.ts';

async function onPublicMessage(q: Queryable, row: AttachmentRow): Promise<boolean> {
  if (!row.message_id) return false;
  const m = await q.get<{ internal: number }>('SELECT internal FROM ticket_messages WHERE tenant_id = ? AND id = ?', [
    row.tenant_id,
    row.message_id,
  ]);
  return m?.internal === 0;
}

export async function mayDownload(q: Queryable, row: AttachmentRow, reader: Reader): Promise<boolean> {
  const tenantId = row.tenant_id;
  switch (reader.kind) {
    case 'agent':
      return (await getAgent(q, tenantId, reader.id))?.status === 'active';
    case 'api-key': {
      const key = await getApiKey(q, tenantId, reader.id);
      return !!key && key.revokedAt === null;
    }
    case 'visitor': {
      if (!row.ticket_id || !(await onPublicMessage(q, row))) return false;
      const visitor = await visitorByHash(q, tenantId, reader.tokenHash);
      return !!visitor && (await visitorTicketIds(q, tenantId, visitor)).includes(row.ticket_id);
    }
    case 'customer': {
      if (!row.ticket_id || !(await onPublicMessage(q, row))) return false;
      const [ticket] = await getTicketRows(q, tenantId, [row.ticket_id]);
      return ticket?.requester_id === reader.id;
    }
  }
}
