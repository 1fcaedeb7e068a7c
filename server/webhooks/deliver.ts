// One attempt of one delivery: sign, send, decide what happens next, record it.
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { addMs } from '../lib/time.ts';
import { recordAttempt, type AttemptRecord, type Claim } from './outbox.ts';
import { parseRetryAfter, retryDelayMs } from './schedule.ts';
import { sendWebhook, type SendOptions, type SendResult } from './send.ts';
import { signedHeaders } from './signing.ts';

export interface DeliveryOptions {
  /** Per attempt, connection to last byte. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Characters of the response body kept in the delivery log. */
  storedBodyChars: number;
  /** An endpoint whose attempts all failed for this long is disabled. */
  disableAfterMs: number;
  /** Lease on a claimed delivery; longer than an attempt can take. */
  leaseMs: number;
  random: () => number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  timeoutMs: 15_000,
  maxResponseBytes: 64 * 1024,
  storedBodyChars: 1024,
  disableAfterMs: 5 * 86_400_000,
  leaseMs: 60_000,
  random: Math.random,
};

export interface DeliveryContext {
  db: Db;
  logger: Logger;
  now: () => Date;
  allowPrivate: boolean;
  owner: string;
  options: DeliveryOptions;
  send?: Pick<SendOptions, 'signal' | 'agents'>;
}

/** What a response (or its absence) means for the delivery and the endpoint. */
export function decide(claim: Claim, res: SendResult, now: Date, o: Pick<DeliveryOptions, 'random'>): Pick<AttemptRecord, 'outcome' | 'nextAttemptAt' | 'disable'> {
  const code = res.statusCode;
  if (code !== null && code >= 200 && code < 300) return { outcome: 'succeeded', nextAttemptAt: null, disable: null };
  if (code === 410) {
    return { outcome: 'failed', nextAttemptAt: null, disable: { kind: 'gone', reason: 'The endpoint answered 410 Gone, so it was disabled.' } };
  }
  const step = claim.retryStep + 1;
  let delay = step < claim.maxAttempts ? retryDelayMs(step, o.random) : null;
  if (delay !== null && (code === 429 || code === 503)) {
    const asked = parseRetryAfter(res.retryAfter, now);
    if (asked !== null) delay = Math.max(delay, asked);
  }
  return delay === null
    ? { outcome: 'failed', nextAttemptAt: null, disable: null }
    : { outcome: 'retry', nextAttemptAt: addMs(now, delay), disable: null };
}

/** Sends a claimed delivery once and records the attempt; never throws for a receiver's failure. */
export async function attemptDelivery(ctx: DeliveryContext, claim: Claim) {
  const sentAt = ctx.now();
  const headers = signedHeaders(claim.secrets, claim.id, sentAt, claim.payload);
  const res = await sendWebhook(claim.url, headers, claim.payload, {
    timeoutMs: ctx.options.timeoutMs,
    maxResponseBytes: ctx.options.maxResponseBytes,
    allowPrivate: ctx.allowPrivate,
    ...ctx.send,
  });
  // Cut short by shutdown: not the receiver's fault, so nothing is recorded and the lease is handed back.
  if (ctx.send?.signal?.aborted) return null;
  const now = ctx.now();
  const record: AttemptRecord = {
    statusCode: res.statusCode,
    durationMs: res.durationMs,
    responseBody: res.body === null ? null : res.body.slice(0, ctx.options.storedBodyChars),
    error: res.error,
    ...decide(claim, res, now, ctx.options),
  };
  const health = claim.trigger === 'test' ? null : { disableAfterMs: ctx.options.disableAfterMs };
  const result = await recordAttempt(ctx.db, claim, ctx.owner, now, record, health);
  if (!result.recorded) ctx.logger.warn('webhook lease lost before the attempt was recorded', { deliveryId: claim.id });
  if (result.disabled) ctx.logger.warn('webhook endpoint disabled', { endpointId: claim.endpointId, reason: record.disable?.reason ?? 'failing' });
  return { ...record, ...result };
}
