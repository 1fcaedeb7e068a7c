// The resolved mail's Good / Bad links: `/rate/<token>`, one token per resolution (an HMAC of its survey id under
// the mail key, so a retried fan-out makes the same one); only the token's sha256 is stored.
import type { Queryable } from '../db/client.ts';
import { hmacSha256Hex, sha256 } from '../lib/crypto.ts';
import type { TenantRecord } from '../tenants/queries.ts';
import { ensureSurvey, setSurveyToken } from './queries.ts';
import { csatEnabled } from './service.ts';

export interface RatingLinks {
  good: string;
  bad: string;
}

export const surveyToken = (key: string, surveyId: string) => hmacSha256Hex(key, `csat:${surveyId}`).slice(0, 40);
export const tokenHashOf = (token: string) => sha256(token);
/** A token as we make them (anything else is a 404 without a lookup). */
export const TOKEN_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Inside the mail fan-out's transaction: the links for the resolved mail of one resolution, or null when the
 * tenant does not ask for ratings.
 */
export async function ratingLinksFor(
  q: Queryable,
  tenant: TenantRecord,
  ticketId: string,
  resolvedAt: string | null,
  key: string,
  publicUrl: string,
  at: string,
): Promise<RatingLinks | null> {
  if (!csatEnabled(tenant) || !resolvedAt) return null;
  const survey = await ensureSurvey(q, tenant.id, ticketId, resolvedAt, at);
  const token = surveyToken(key, survey.id);
  if (!survey.token_hash) await setSurveyToken(q, tenant.id, survey.id, tokenHashOf(token));
  const base = `${publicUrl}/rate/${token}`;
  return { good: `${base}?rating=good`, bad: `${base}?rating=bad` };
}
