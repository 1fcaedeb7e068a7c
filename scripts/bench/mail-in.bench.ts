// Inbound mail: mails/s sent over SMTP (nodemailer, pooled) into the built-in receiver and turned into
// tickets, beside the bare GET /livez of the same server in the same run.
import { freePort } from '../../server/test-support/free-port.ts';
import nodemailer from 'nodemailer';
import type { BenchContext, BenchRow } from './types.ts';

const MAILS = Number(process.env.BENCH_INBOUND_MAILS ?? 400);
const CONNECTIONS = 4;

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const smtpPort = await freePort();
  const server = await ctx.startServer({ env: { INBOUND_SMTP_PORT: String(smtpPort), INBOUND_DOMAIN: 'mail.bench' } });
  try {
    const created = await fetch(`${server.baseURL}/api/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.platformToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bench Mail',
        owner: { name: 'Owner', email: 'owner@bench.example', password: 'correct horse battery' },
      }),
    });
    if (created.status !== 201) throw new Error(`tenant: ${created.status} ${await created.text()}`);
    const to = ((await created.json()) as { tenant: { inboundEmail: string } }).tenant.inboundEmail;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
    });
    const mail = (i: number) => ({
      envelope: { from: `customer${i % 50}@example.com`, to: [to] },
      raw:
        `From: Customer ${i % 50} <customer${i % 50}@example.com>\r\nTo: ${to}\r\nSubject: Order ${i} is late\r\n` +
        `Message-ID: <bench-${i}@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
        `Hello, my order ${i} has not arrived yet. Could you check?\r\n\r\nThanks\r\n\r\n> On Mon, someone wrote:\r\n> old text\r\n`,
    });
    // warm up (first parse, first customer)
    for (let i = 0; i < 10; i++) await transport.sendMail(mail(-1 - i));
    const started = performance.now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < MAILS) {
          const i = next++;
          await transport.sendMail(mail(i)).catch(() => failed++);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    transport.close();
    const perSecond = Math.round(((MAILS - failed) / seconds) * 10) / 10;
    const baseline = await server.baseline(CONNECTIONS);
    ctx.log(`inbound smtp: ${MAILS - failed}/${MAILS} mails in ${seconds.toFixed(1)} s`);
    return [
      {
        name: 'inbound mail over SMTP → tickets',
        value: perSecond,
        unit: 'mail/s',
        baseline: Math.round(baseline.requestsPerSecond),
        ratio: Math.round((perSecond / baseline.requestsPerSecond) * 10000) / 10000,
        note: `${CONNECTIONS} SMTP connections, ${failed} failed; baseline GET /livez req/s`,
      },
      ctx.rssRow(server),
    ];
  } finally {
    await server.stop();
  }
}
