// CSAT rows: one survey per resolution of a ticket (tenant, ticket, resolved_at), rated good or bad with a comment.
import type { Queryable } from '../db/client.ts';
import { newId } from '../lib/ids.ts';

export type Rating = 'good' | 'bad';

export interface SurveyRow {
  id: string;
  tenant_id: string;
  ticket_id: string;
  resolved_at: string;
  token_hash: string | null;
  rating: Rating | null;
  comment: string | null;
  rated_at: string | null;
  created_at: string;
}

/** The rating of the ticket's current resolution as JSON (`Satisfaction`), for SELECT_TICKET (`t` is the ticket). */
/** The rating of ticket `t`'s current resolution as a JSON object, or NULL. */
export const SATISFACTION_EXPR = `(SELECT json_object('rating', s.rating, 'comment', s.comment, 'ratedAt', s.rated_at)
    FROM csat_surveys s WHERE s.tenant_id = t.tenant_id AND s.ticket_id = t.id AND s.resolved_at = t.resolved_at
      AND s.rating IS NOT NULL)`;
export const SATISFACTION_SQL = `${SATISFACTION_EXPR} AS satisfaction`;

export async function surveyByTokenHash(q: Queryable, tokenHash: string): Promise<SurveyRow | undefined> {
  return q.get<SurveyRow>('SELECT * FROM csat_surveys WHERE token_hash = ?', [tokenHash]);
}

export async function surveyOf(q: Queryable, tenantId: string, ticketId: string, resolvedAt: string) {
  return q.get<SurveyRow>('SELECT * FROM csat_surveys WHERE tenant_id = ? AND ticket_id = ? AND resolved_at = ?', [
    tenantId,
    ticketId,
    resolvedAt,
  ]);
}

/** The survey of one resolution, made once. */
export async function ensureSurvey(
  q: Queryable,
  tenantId: string,
  ticketId: string,
  resolvedAt: string,
  at: string,
): Promise<SurveyRow> {
  await q.run(
    `INSERT INTO csat_surveys (id, tenant_id, ticket_id, resolved_at, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, ticket_id, resolved_at) DO NOTHING`,
    [newId('csat'), tenantId, ticketId, resolvedAt, at],
  );
  return (await surveyOf(q, tenantId, ticketId, resolvedAt))!;
}

export async function setSurveyToken(q: Queryable, tenantId: string, id: string, tokenHash: string) {
  await q.run('UPDATE csat_surveys SET token_hash = ? WHERE tenant_id = ? AND id = ?', [tokenHash, tenantId, id]);
}

export async function saveRating(
  q: Queryable,
  tenantId: string,
  id: string,
  rating: Rating,
  comment: string | null,
  at: string,
) {
  await q.run('UPDATE csat_surveys SET rating = ?, comment = ?, rated_at = ? WHERE tenant_id = ? AND id = ?', [
    rating,
    comment,
    at,
    tenantId,
    id,
  ]);
}
