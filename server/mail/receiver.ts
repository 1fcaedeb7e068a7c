// The built-in SMTP receiver (INBOUND_SMTP_PORT): accepts mail for known tenant addresses only (550 at
// RCPT otherwise), refuses oversized mail at DATA (552, SIZE advertised), answers the inbound limits with
// temporary 451/452, and hands each mail to the same service as POST /api/v1/inbound/email.
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import type { TenantRecord } from '../tenants/queries.ts';
import { Problem } from '../lib/problem.ts';
import { MAX_MAIL_BYTES } from './inbound-parse.ts';
import {
  InboundLimited,
  INBOUND_LIMITS,
  receiveInboundMail,
  tenantForAddresses,
  type InboundDeps,
} from './inbound-service.ts';

type ReceiverDeps = InboundDeps;

export interface Receiver {
  port: number;
  close(): Promise<void>;
}

/** An SMTP answer: smtp-server sends `responseCode` and the message. */
function reply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function answerFor(err: unknown, deps: ReceiverDeps): Error {
  if (err instanceof InboundLimited)
    return err.kind === 'sender' ? reply(451, `4.7.1 ${err.message}`) : reply(452, `4.2.2 ${err.message}`);
  if (err instanceof Problem) {
    if (err.status === 413) return reply(552, '5.3.4 Message too big');
    if (err.status === 422) {
      const fields = (err.extra.errors as { path: string; message: string }[] | undefined) ?? [];
      const why = fields.map((f) => (f.path === 'from' ? f.message : `${f.path} ${f.message}`)).join(' ');
      return reply(550, `5.6.0 ${why || err.message}`);
    }
    if (err.status === 402 || err.status === 403) return reply(550, `5.7.1 ${err.message}`);
    if (err.status === 429) return reply(451, `4.7.1 ${err.message}`);
  }
  deps.logger.error('inbound mail failed', { error: (err as Error)?.message ?? String(err) });
  return reply(451, '4.3.0 Temporary failure, try again later');
}

export async function startReceiver(
  deps: ReceiverDeps,
  opts: { host: string; port: number; maxBytes?: number },
): Promise<Receiver> {
  const maxBytes = opts.maxBytes ?? MAX_MAIL_BYTES;
  /** The tenants each open session's recipients belong to, matched at RCPT time. */
  const rcptTenants = new WeakMap<SMTPServerSession, Map<string, { tenant: TenantRecord; to: string[] }>>();
  const server = new SMTPServer({
    name: deps.env.INBOUND_DOMAIN,
    banner: 'Helpdesk inbound mail',
    size: maxBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    closeTimeout: 3_000,

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      void (async () => {
        const tenant = await tenantForAddresses(deps, [address.address]);
        if (!tenant) return callback(reply(550, `5.1.1 <${address.address}>: no such mailbox here`));
        const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
        if (deps.env.RATE_LIMITS) {
          const { perSender, perTenant, windowMs } = INBOUND_LIMITS;
          if (
            sender &&
            !(await deps.limiter.peek(`mail-in:sender:${tenant.id}:${sender}`, perSender, windowMs)).allowed
          )
            return callback(reply(451, '4.7.1 Too many mails from this sender, try again later'));
          if (!(await deps.limiter.peek(`mail-in:tenant:${tenant.id}`, perTenant, windowMs)).allowed)
            return callback(reply(452, '4.2.2 This mailbox receives too many mails right now, try again later'));
        }
        let byTenant = rcptTenants.get(session);
        if (!byTenant) rcptTenants.set(session, (byTenant = new Map()));
        const entry = byTenant.get(tenant.id) ?? { tenant, to: [] };
        entry.to.push(address.address);
        byTenant.set(tenant.id, entry);
        callback();
      })().catch((err: unknown) => callback(answerFor(err, deps)));
    },

    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Past the limit nothing more is kept; smtp-server keeps reading so it can answer 552.
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(answerFor(err, deps)));
      stream.on('end', () => {
        void (async () => {
          if (stream.sizeExceeded || size > maxBytes)
            return callback(reply(552, `5.3.4 Message too big (the limit is ${maxBytes} bytes)`));
          const raw = Buffer.concat(chunks);
          const targets = [...(rcptTenants.get(session)?.values() ?? [])];
          rcptTenants.delete(session);
          const results = [];
          for (const t of targets) results.push(await receiveInboundMail(deps, raw, { to: t.to, tenant: t.tenant }));
          callback(null, `2.0.0 Accepted: ${results.map((r) => r.disposition).join(', ') || 'nothing'}`);
        })().catch((err: unknown) => callback(answerFor(err, deps)));
      });
    },

    onMailFrom(_address, session, callback) {
      // A new transaction on the same connection starts without the previous one's recipients.
      rcptTenants.delete(session);
      callback();
    },
  });
  // A broken client is that client's problem: log, never crash the process.
  server.on('error', (err) => deps.logger.warn('inbound smtp session error', { error: err.message }));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  deps.logger.info('inbound smtp listening', { host: opts.host, port });
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
