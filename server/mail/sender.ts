// The mail worker: fans new events out into mail_outbox, leases due mail, sends it over the pooled SMTP
// transport on Deps, records the server's answer, retries temporary failures with back-off.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../types.ts';
import type { Worker } from '../workers.ts';
import { createPollLoop } from '../lib/poll-loop.ts';
import type { Env } from '../env.ts';
import { randomToken } from '../lib/ids.ts';
import { parseJson } from '../lib/json.ts';
import type { Readable } from 'node:stream';
import type { FileStorage } from '../files/storage.ts';
import { fanOutMail, type MailFile, type MailPayload } from './outbound-fanout.ts';
import {
  claimDueMail,
  recordMailResults,
  releaseMailLeases,
  type OutboxClaim,
  type SendResult,
} from './outbound-queries.ts';

export type MailTransport = Transporter;

/** A pooled SMTP transport from SMTP_URL, or null when mail is off. */
export function createMailTransport(env: Pick<Env, 'SMTP_URL'>): MailTransport | null {
  if (!env.SMTP_URL) return null;
  return nodemailer.createTransport({
    url: env.SMTP_URL,
    pool: true,
    maxConnections: 5,
    maxMessages: 500,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/** Wait before attempt n+1 after n failures; attempts = 1 + this length, then the mail is failed. */
export const MAIL_RETRY_DELAYS_MS = [
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
];

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
  code?: string;
}

/** What one send attempt came to: 5xx is the server refusing for good, anything else may pass later. */
export function outcomeOf(claim: OutboxClaim, err: SmtpError | null, response: string, now: Date): SendResult {
  if (!err) return { id: claim.id, status: 'sent', smtpResponse: response, nextAttemptAt: null };
  const answer = err.response ?? `${err.code ? `${err.code}: ` : ''}${err.message}`;
  if (err.responseCode && err.responseCode >= 500 && err.responseCode < 600) {
    return { id: claim.id, status: 'failed', smtpResponse: answer, nextAttemptAt: null };
  }
  const delay = MAIL_RETRY_DELAYS_MS[claim.attempts];
  if (delay === undefined) return { id: claim.id, status: 'failed', smtpResponse: answer, nextAttemptAt: null };
  const jitter = 0.9 + 0.2 * Math.random();
  return {
    id: claim.id,
    status: 'queued',
    smtpResponse: answer,
    nextAttemptAt: new Date(now.getTime() + Math.round(delay * jitter)),
  };
}

/** The mail's files as streams from storage (never whole in memory); a file gone from storage fails the mail for good. */
async function openFiles(storage: FileStorage, files: MailFile[]) {
  const opened: { filename: string; contentType: string; content: Readable }[] = [];
  try {
    for (const f of files) {
      const got = await storage.get(f.storageKey);
      if (!got)
        throw Object.assign(new Error(`The attached file ${f.filename} is no longer stored.`), { responseCode: 554 });
      opened.push({ filename: f.filename, contentType: f.contentType, content: got.body });
    }
    return opened;
  } catch (err) {
    for (const o of opened) o.content.destroy();
    throw err;
  }
}

export async function sendOne(
  transport: MailTransport,
  deps: { env: Pick<Env, 'MAIL_FROM'>; storage: FileStorage },
  claim: OutboxClaim,
) {
  const env = deps.env;
  const p = parseJson<MailPayload | null>(claim.payload, null);
  if (!p) throw Object.assign(new Error('The stored mail cannot be read.'), { responseCode: 554 });
  const attachments = p.attachments?.length ? await openFiles(deps.storage, p.attachments) : [];
  try {
    return await send(transport, env, claim, p, attachments);
  } finally {
    // A send that failed before reading them all leaves no open files behind.
    for (const a of attachments) a.content.destroy();
  }
}

async function send(
  transport: MailTransport,
  env: Pick<Env, 'MAIL_FROM'>,
  claim: OutboxClaim,
  p: MailPayload,
  attachments: { filename: string; contentType: string; content: Readable }[],
) {
  const info = await transport.sendMail({
    from: p.from,
    to: p.to.name ? p.to : p.to.address,
    replyTo: p.replyTo,
    subject: p.subject,
    messageId: `<${p.messageId}>`,
    inReplyTo: p.inReplyTo ? `<${p.inReplyTo}>` : undefined,
    references: p.references.length ? p.references.map((r) => `<${r}>`) : undefined,
    headers: p.headers,
    text: p.text,
    html: p.html,
    attachments: attachments.map((a) => ({ ...a, contentDisposition: 'attachment' as const })),
    // The envelope is ours alone: no header, however it was written, adds a recipient.
    envelope: { from: env.MAIL_FROM, to: [claim.recipient] },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return String(info.response ?? '250 OK');
}

export interface MailWorkerOptions {
  id?: string;
  pollMs?: number;
  leaseMs?: number;
  maxInFlight?: number;
  stopGraceMs?: number;
}

export interface MailWorker {
  readonly id: string;
  /** One pass: fan out, claim, send (not awaited). */
  tick(): Promise<{ made: number; started: number }>;
  idle(): Promise<void>;
  /** tick() then idle(). */
  runOnce(): Promise<{ made: number; started: number }>;
  start(): void;
  stop(): Promise<void>;
}

export type MailWorkerDeps = Pick<
  Deps,
  'db' | 'env' | 'logger' | 'now' | 'mailReplyKey' | 'mailTransport' | 'fileUrlKey' | 'storage'
> &
  Partial<Pick<Deps, 'cluster'>>;

export function createMailWorker(deps: MailWorkerDeps, opts: MailWorkerOptions = {}): MailWorker {
  const owner = opts.id ?? `mlw_${randomToken(12)}`;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const maxInFlight = opts.maxInFlight ?? 10;
  const inflight = new Map<string, Promise<void>>();
  let stopped = false;

  // Results that arrive together are written together.
  const pending: SendResult[] = [];
  let writing: Promise<void> | null = null;
  function record(r: SendResult) {
    pending.push(r);
    writing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      while (pending.length) {
        const batch = pending.splice(0, 200);
        try {
          await recordMailResults(deps.db, owner, deps.now(), batch);
        } catch (err) {
          deps.logger.error('mail results not recorded', { error: (err as Error).message });
        }
      }
      writing = null;
    });
    return writing;
  }

  function launch(c: OutboxClaim) {
    const transport = deps.mailTransport!;
    const run = sendOne(transport, deps, c)
      .then(
        (response) => outcomeOf(c, null, response, deps.now()),
        (err: SmtpError) => outcomeOf(c, err, '', deps.now()),
      )
      .then((r) => {
        if (r.status !== 'sent')
          deps.logger.warn('mail not sent', { mailId: c.id, status: r.status, smtp: r.smtpResponse });
        return record(r);
      })
      .catch((err) => deps.logger.error('mail send failed to record', { mailId: c.id, error: (err as Error).message }))
      .finally(() => {
        inflight.delete(c.id);
        wake();
      });
    inflight.set(c.id, run);
  }

  async function tickOnce() {
    if (stopped) return { made: 0, started: 0 };
    const made = await fanOutMail(deps);
    if (!deps.mailTransport || stopped) return { made, started: 0 };
    const claims = await claimDueMail(deps.db, deps.now(), owner, leaseMs, maxInFlight - inflight.size);
    if (stopped) {
      await releaseMailLeases(
        deps.db,
        owner,
        claims.map((c) => c.id),
      );
      return { made, started: 0 };
    }
    for (const c of claims) launch(c);
    return { made, started: claims.length };
  }

  const poll = createPollLoop({
    pollMs,
    tick: tickOnce,
    busy: (r) => r.made > 0 || (r.started > 0 && inflight.size < maxInFlight),
    onError: (err) => deps.logger.error('mail worker tick failed', { error: (err as Error).message }),
  });
  const { tick, wake } = poll;

  async function idle() {
    while (inflight.size > 0 || writing) {
      await Promise.all([...inflight.values()]);
      await writing;
    }
  }

  return {
    id: owner,
    tick,
    idle,
    async runOnce() {
      const r = await tick();
      await idle();
      return r;
    },
    start() {
      // Mail written by this process (or, with Redis, any node) goes out right after its commit.
      poll.start(deps.cluster ? deps.cluster.onCommit : deps.db.onCommit);
    },
    async stop() {
      stopped = true;
      await poll.stop();
      let grace: NodeJS.Timeout | undefined;
      const left = await Promise.race([
        idle().then(() => false),
        new Promise<boolean>((r) => (grace = setTimeout(() => r(true), opts.stopGraceMs ?? 3000))),
      ]);
      clearTimeout(grace);
      // Mail still on the wire keeps its lease: whether the server took it is unknown, so it is
      // tried again only once the lease runs out, by whichever process is running then.
      if (left) deps.logger.warn('mail still sending at shutdown', { inFlight: inflight.size });
    },
  };
}

/** The worker starter registered in server/workers.ts. */
export function startMailWorker(deps: Deps): Worker {
  const worker = createMailWorker(deps);
  worker.start();
  return { stop: () => worker.stop() };
}
