// The one CSAT write: a requester rates a resolution (from the mail's page or the widget), once per resolution,
// changeable within RATING_WINDOW_DAYS; the rating and the csat.submitted event in one transaction.
import type { Db, Queryable } from '../db/client.ts';
import { appendEvent } from '../events/log.ts';
import { ticketHistoryChanged } from '../analytics/ledger-service.ts';
import { conflict, notFound } from '../lib/problem.ts';
import { getTenant, type TenantRecord } from '../tenants/queries.ts';
import { getTicketRow, toTicket } from '../tickets/queries.ts';
import { EVERY_TICKET } from '../tickets/scope.ts';
import type { Ticket } from '../tickets/schemas.ts';
import { ensureSurvey, saveRating, surveyByTokenHash } from './queries.ts';
import { RATING_WINDOW_DAYS, type RatingInput } from './schemas.ts';

/** A mail link's token (sha256 of it is stored) or the visitor's own ticket (the route checked it is theirs). */
export type RatingTarget =
  { kind: 'token'; tokenHash: string } | { kind: 'ticket'; tenantId: string; ticketId: string };

export const csatEnabled = (tenant: Pick<TenantRecord, 'settings'>) => tenant.settings.csat?.enabled === true;

/** Why a ticket cannot be rated now, as the API's 409 says it (the public page says it in the requester's language). */
export const REFUSALS = {
  off: 'This help desk does not ask for ratings.',
  unresolved: 'The ticket is not resolved.',
  reopened: 'The ticket was opened again since this link was sent.',
  expired: `Ratings are taken for ${RATING_WINDOW_DAYS} days after a ticket is resolved.`,
} as const;
export type Refusal = keyof typeof REFUSALS;
/** The refusal a 409 from submitRating names (its message is REFUSALS[code]). */
export const refusalOf = (message: string) =>
  (Object.keys(REFUSALS) as Refusal[]).find((k) => REFUSALS[k] === message) ?? null;

/** Why the ticket cannot be rated now (409), or null. `resolvedAt` is the resolution a mail link was made for. */
export function ratingRefusal(
  tenant: Pick<TenantRecord, 'settings' | 'status'>,
  ticket: Pick<Ticket, 'status' | 'resolvedAt'>,
  resolvedAt: string | null,
  now: Date,
): Refusal | null {
  if (!csatEnabled(tenant) || tenant.status !== 'active') return 'off';
  if ((ticket.status !== 'resolved' && ticket.status !== 'closed') || !ticket.resolvedAt) return 'unresolved';
  if (resolvedAt !== null && resolvedAt !== ticket.resolvedAt) return 'reopened';
  if (now.getTime() - Date.parse(ticket.resolvedAt) > RATING_WINDOW_DAYS * 86_400_000) return 'expired';
  return null;
}

/** What the public page shows for a token; undefined when the token is unknown. */
export async function surveyForToken(q: Queryable, tokenHash: string, now: Date) {
  const survey = await surveyByTokenHash(q, tokenHash);
  if (!survey) return undefined;
  const tenant = await getTenant(q, survey.tenant_id);
  const row = tenant && (await getTicketRow(q, tenant.id, survey.ticket_id, EVERY_TICKET));
  if (!tenant || !row || row.spam) return undefined;
  const ticket = toTicket(row, now);
  return { survey, tenant, ticket, refusal: ratingRefusal(tenant, ticket, survey.resolved_at, now) };
}

export async function submitRating(db: Db, target: RatingTarget, input: RatingInput, now: Date) {
  const at = now.toISOString();
  return db.tx(async (tx) => {
    let tenantId: string;
    let ticketId: string;
    let linkResolvedAt: string | null = null;
    if (target.kind === 'token') {
      const survey = await surveyByTokenHash(tx, target.tokenHash);
      if (!survey) throw notFound('Survey');
      tenantId = survey.tenant_id;
      ticketId = survey.ticket_id;
      linkResolvedAt = survey.resolved_at;
    } else {
      tenantId = target.tenantId;
      ticketId = target.ticketId;
    }
    const tenant = await getTenant(tx, tenantId);
    const row = tenant && (await getTicketRow(tx, tenantId, ticketId, EVERY_TICKET));
    if (!tenant || !row) throw notFound('Ticket');
    const refusal = ratingRefusal(tenant, toTicket(row, now), linkResolvedAt, now);
    if (refusal) throw conflict(REFUSALS[refusal]);
    const survey = await ensureSurvey(tx, tenantId, ticketId, row.resolved_at!, at);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    await saveRating(tx, tenantId, survey.id, input.rating, comment, at);
    // The rating is in the ticket's metric ledger (the reports' CSAT), written in this transaction.
    await ticketHistoryChanged(tx, tenantId, { ticketId, action: 'csat.rated', changes: { rating: input.rating } });
    const ticket = toTicket((await getTicketRow(tx, tenantId, ticketId, EVERY_TICKET))!, now);
    const data = { rating: input.rating, comment, ratedAt: at, ticket };
    await appendEvent(tx, tenantId, { type: 'csat.submitted', data, audience: 'agents' }, now);
    return { tenant, ticket, satisfaction: ticket.satisfaction! };
  });
}
