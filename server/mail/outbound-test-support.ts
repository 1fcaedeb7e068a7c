// A real SMTP server on 127.0.0.1 that captures what Helpdesk sends (tests and the bench), parsed with mailparser.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface CapturedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface CaptureSmtp {
  port: number;
  url: string;
  mails: CapturedMail[];
  /** Refuse RCPT TO for these addresses with 550. */
  refuse: Set<string>;
  /** Holds every new MAIL FROM until release() (the bench queues mail first, then measures sending it). */
  hold(): void;
  release(): void;
  /** Resolves once `n` mails have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

/** A port nothing listens on (yet): SMTP "down" until startCaptureSmtp({ port }) takes it. */
export { freePort } from '../test-support/free-port.ts';

export async function startCaptureSmtp(opts: { port?: number; parse?: boolean } = {}): Promise<CaptureSmtp> {
  const mails: CapturedMail[] = [];
  const refuse = new Set<string>();
  const waiters: (() => void)[] = [];
  let gate: Promise<void> | null = null;
  let open = () => {};
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // A receiver like a real one: a 10 MB attachment is some 14 MB once encoded.
    size: 30 * 1024 * 1024,
    onMailFrom(_address, _session, cb) {
      if (gate) void gate.then(() => cb());
      else cb();
    },
    onRcptTo(address, _session, cb) {
      if (refuse.has(address.address.toLowerCase())) {
        return cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const parsed = opts.parse === false ? ({} as ParsedMail) : await simpleParser(raw);
        mails.push({ envelope, raw, parsed });
        waiters.splice(0).forEach((w) => w());
        cb(null, `2.0.0 Ok: queued as m${mails.length}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refuse,
    hold() {
      gate ??= new Promise<void>((r) => (open = r));
    },
    release() {
      open();
      gate = null;
    },
    async waitFor(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return mails;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
