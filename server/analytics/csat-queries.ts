// GET /analytics/csat/responses: the "How did we do?" ratings of a period with their comments, newest first, each
// with its ticket and the agent it counts for (the ticket's assignee, as in /analytics/metrics and /agents).
import type { InValue } from '@libsql/client';
import type { Queryable } from '../db/client.ts';
import type { TicketScope } from '../tickets/scope.ts';
import { ticketFilter, type MetricsFilter } from './metrics-queries.ts';
import type { CsatResponse } from './schemas.ts';

export async function csatResponses(
  q: Queryable,
  tenantId: string,
  f: MetricsFilter & { rating?: 'good' | 'bad' },
  scope: TicketScope,
  after: readonly [string, string] | null,
  limit: number,
): Promise<CsatResponse[]> {
  const tf = ticketFilter(f, scope);
  const args: InValue[] = [tenantId, new Date(f.from).toISOString(), new Date(f.to).toISOString(), ...tf.args];
  let extra = '';
  if (f.agentId !== undefined) {
    extra += ' AND t.assignee_id = ?';
    args.push(f.agentId);
  }
  if (f.rating !== undefined) {
    extra += ' AND s.rating = ?';
    args.push(f.rating);
  }
  if (after) {
    extra += ' AND (s.rated_at, s.id) < (?, ?)';
    args.push(...after);
  }
  const rows = await q.all<{
    id: string;
    rating: 'good' | 'bad';
    comment: string | null;
    rated_at: string;
    ticket_id: string;
    number: number;
    subject: string;
    agent_id: string | null;
    agent_name: string | null;
  }>(
    `SELECT s.id, s.rating, s.comment, s.rated_at, t.id AS ticket_id, t.number, t.subject,
            t.assignee_id AS agent_id, a.name AS agent_name
     FROM csat_surveys s
     JOIN tickets t ON t.tenant_id = s.tenant_id AND t.id = s.ticket_id
     LEFT JOIN agents a ON a.tenant_id = t.tenant_id AND a.id = t.assignee_id
     WHERE s.tenant_id = ? AND s.rating IS NOT NULL AND s.rated_at >= ? AND s.rated_at < ? AND ${tf.sql}${extra}
     ORDER BY s.rated_at DESC, s.id DESC LIMIT ?`,
    [...args, limit + 1],
  );
  return rows.map((r) => ({
    id: r.id,
    rating: r.rating,
    comment: r.comment,
    at: r.rated_at,
    ticketId: r.ticket_id,
    number: r.number,
    subject: r.subject,
    agentId: r.agent_id,
    agentName: r.agent_name,
  }));
}
