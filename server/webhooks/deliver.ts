// One attempt of one delivery: sign, send, decide what happens next, record it.
import type { Db } from '../db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { addMs } from '../lib/time.ts';
import { recordAttempts, type AttemptRecord, type AttemptResult, type Claim } from './outbox.ts';
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
export function decide(
  claim: Claim,
  res: SendResult,
  now: Date,
  o: Pick<DeliveryOptions, 'random'>,
): Pick<AttemptRecord, 'outcome' | 'nextAttemptAt' | 'disable'> {
  const code = res.statusCode;
  if (code !== null && code >= 200 && code < 300) return { outcome: 'succeeded', nextAttemptAt: null, disable: null };
  if (code === 410) {
    return {
      outcome: 'failed',
      nextAttemptAt: null,
      disable: { kind: 'gone', reason: 'The endpoint answered 410 Gone, so it was disabled.' },
    };
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

/** Sends a claimed delivery once; null when cut short by shutdown. Never throws for a receiver's failure. */
export async function sendAttempt(ctx: DeliveryContext, claim: Claim): Promise<AttemptResult | null> {
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
  return {
    claim,
    owner: ctx.owner,
    now,
    record,
    health: claim.trigger === 'test' ? null : { disableAfterMs: ctx.options.disableAfterMs },
  };
}

export function logOutcome(logger: Logger, item: AttemptResult, result: { recorded: boolean; disabled: boolean }) {
  if (!result.recorded)
    logger.warn('webhook lease lost before the attempt was recorded', { deliveryId: item.claim.id });
  if (result.disabled)
    logger.warn('webhook endpoint disabled', { endpointId: item.claim.endpointId, statusCode: item.record.statusCode });
}

/** Sends and records one attempt on its own (the test ping); the dispatcher batches its records instead. */
export async function attemptDelivery(ctx: DeliveryContext, claim: Claim) {
  const item = await sendAttempt(ctx, claim);
  if (!item) return null;
  const [result] = await recordAttempts(ctx.db, [item]);
  logOutcome(ctx.logger, item, result);
  return result;
}
