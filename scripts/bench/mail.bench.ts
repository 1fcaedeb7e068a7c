// Outbound mail/s: Helpdesk (events → outbox → worker → pooled SMTP) into a local SMTP receiver, beside a bare
// nodemailer pool sending the same number of mails to the same receiver in the same run.
import nodemailer from 'nodemailer';
import type { BenchContext, BenchRow } from './types.ts';
import { startCaptureSmtp } from '../../server/mail/outbound-test-support.ts';

const N = 300;

export async function bench(ctx: BenchContext): Promise<BenchRow[]> {
  const smtp = await startCaptureSmtp({ parse: false });
  try {
    // Baseline: a bare nodemailer pool (same connection count as Helpdesk's), mails of about the same size.
    const bare = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 } as Parameters<
      typeof nodemailer.createTransport
    >[0]);
    const html = `<p>${'Hello from the bench. '.repeat(120)}</p>`;
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < N) {
          const i = next++;
          await bare.sendMail({
            from: { name: 'Bench', address: 'help@bench.test' },
            to: `c${i}@example.com`,
            subject: `[#${i}] Bench`,
            text: 'Hello from the bench.',
            html,
          });
        }
      }),
    );
    const bareSeconds = (performance.now() - t0) / 1000;
    bare.close();
    const bareRate = N / bareSeconds;
    smtp.mails.length = 0;

    const server = await ctx.startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'help@bench.test' } });
    try {
      const signup = await fetch(`${server.baseURL}/api/v1/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantName: 'Mail Bench', name: 'Owner', email: 'mail-bench@example.com', password: 'bench password 1' }),
      });
      const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
      const tenant = (await signup.json()).tenant as { widgetKey: string };
      // One mail per ticket (the requester's confirmation): the owner's new-ticket notices are off.
      await fetch(`${server.baseURL}/api/v1/me/notifications`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', cookie, origin: server.baseURL },
        body: JSON.stringify({ newTicket: false }),
      });
      // Queue first (the receiver holds every transaction), then measure the sending alone.
      smtp.hold();
      let made = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (made < N) {
            const i = made++;
            const r = await fetch(`${server.baseURL}/api/v1/tickets`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie, origin: server.baseURL },
              body: JSON.stringify({
                subject: `Bench ticket ${i}`,
                message: 'Hello from the bench. '.repeat(20),
                requester: { email: `c${i}@example.com`, name: `Customer ${i}` },
              }),
            });
            if (r.status !== 201) throw new Error(`ticket ${i}: ${r.status} ${await r.text()}`);
          }
        }),
      );
      void tenant;
      // Let the fan-out catch up with the last tickets before the clock starts.
      await new Promise((r) => setTimeout(r, 1500));
      const t1 = performance.now();
      smtp.release();
      await smtp.waitFor(N, 120_000);
      const hdSeconds = (performance.now() - t1) / 1000;
      const hdRate = N / hdSeconds;
      ctx.log(`bare nodemailer pool: ${N} mails in ${bareSeconds.toFixed(2)} s = ${bareRate.toFixed(0)} mail/s`);
      ctx.log(`Helpdesk outbox → SMTP: ${N} mails in ${hdSeconds.toFixed(2)} s = ${hdRate.toFixed(0)} mail/s`);
      return [
        { name: 'bare nodemailer pool (5 connections) → local SMTP', value: Math.round(bareRate), unit: 'mail/s' },
        {
          name: 'Helpdesk outbound mail (outbox → worker → SMTP)',
          value: Math.round(hdRate),
          unit: 'mail/s',
          baseline: Math.round(bareRate),
          ratio: hdRate / bareRate,
          note: `${N} queued confirmations, leased, sent and recorded`,
        },
        ctx.rssRow(server),
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await smtp.close();
  }
}
