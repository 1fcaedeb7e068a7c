// Starts the Node server: reads env, opens and migrates the database, seeds the demo, serves, shuts down cleanly.
import { serve } from '@hono/node-server';
import { loadEnv, ConfigError, type Env } from './env.ts';
import { openDb } from './db/client.ts';
import { migrate, MigrationError } from './db/migrate.ts';
import { createApp } from './app.ts';
import { createLogger } from './lib/logger.ts';
import { ensurePlatformToken } from './platform/token.ts';
import { DEMO_LOGIN, seedDemoIfEmpty } from './seed/demo.ts';
import { moveTenantsToOwnIndexes } from './kb/search-index.ts';
import { buildPendingLedgers } from './analytics/ledger-service.ts';
import { startWorkers } from './workers.ts';
import { ensureInboundToken } from './mail/inbound-token.ts';
import { startReceiver, type Receiver } from './mail/receiver.ts';

/** A port someone else holds: said in one sentence with the way out, instead of a stack. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    host: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use (another Helpdesk, or another program, is listening there).\n` +
        `Stop that program, or choose another port: PORT=${port === 8788 ? 8789 : 8788} npm start`,
    );
  }
}

export async function startServer(env: Env) {
  const logger = createLogger(env.LOG_LEVEL);
  const db = await openDb(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  const applied = await migrate(db);
  if (applied.length) logger.info('migrations applied', { migrations: applied });
  const now = new Date();
  const token = await ensurePlatformToken(db, env.PLATFORM_ADMIN_TOKEN, now);
  const inboundToken = await ensureInboundToken(db, env.INBOUND_EMAIL_TOKEN, now);
  const moved = await moveTenantsToOwnIndexes(db, now);
  if (moved) logger.info('knowledge bases moved to their own search index', { tenants: moved });
  const built = await buildPendingLedgers(db);
  if (built) logger.info('metric ledgers built from the ticket history', { tenants: built });
  const seeded = env.SEED_DEMO ? await seedDemoIfEmpty(db, now) : null;
  const {
    app,
    deps,
    shutdown: closeApp,
  } = createApp({
    db,
    env,
    logger,
    platformToken: token.check,
    inboundToken: inboundToken.check,
  });
  const workers = startWorkers(deps);
  // Beside the workers: the SMTP receiver for inbound mail, when INBOUND_SMTP_PORT is set (0: any free port).
  const receiver: Receiver | null =
    env.INBOUND_SMTP_PORT === undefined
      ? null
      : await startReceiver(deps, { host: env.HOST, port: env.INBOUND_SMTP_PORT });

  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(env.PORT, env.HOST) : err),
    );
  }).catch(async (err: unknown) => {
    // Nothing started here may keep the process alive or leave the database half-open.
    await workers.stop();
    await closeApp();
    db.close();
    throw err;
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const base = env.PUBLIC_URL;

  const banner = [
    '',
    `Helpdesk is running on http://${env.HOST}:${port}`,
    `  Demo site:  ${base}/demo`,
    `  Inbox:      ${base}/inbox`,
    `  API docs:   ${base}/api/docs`,
    ...(seeded ? [`  Demo agent: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`] : []),
    env.SMTP_URL
      ? `  Email:      sending through ${new URL(env.SMTP_URL).host} as ${env.MAIL_FROM}`
      : '  Email:      off (mail is logged as not sent); set SMTP_URL=smtp://user:pass@host:587 to send it',
    ...(token.generated
      ? [`  Platform admin token (shown once, set PLATFORM_ADMIN_TOKEN to choose your own): ${token.generated}`]
      : []),
    ...(receiver ? [`  Inbound mail: smtp://${env.HOST}:${receiver.port} for *@${env.INBOUND_DOMAIN}`] : []),
    ...(inboundToken.generated
      ? [
          `  Inbound email token (shown once, for POST /api/v1/inbound/email; set INBOUND_EMAIL_TOKEN to choose your own): ${inboundToken.generated}`,
        ]
      : []),
    '',
  ];
  process.stdout.write(banner.join('\n') + '\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info('shutting down', { signal });
    // Nothing may hold the exit for ever: not a stuck worker, not an open SSE stream.
    setTimeout(() => process.exit(0), 8000).unref();
    await Promise.all([workers.stop(), receiver?.close()]);
    // Counts buffered in memory are written once no request can add to them, and before the database closes.
    server.close(async () => {
      await closeApp();
      db.close();
      process.exit(0);
    });
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { server, port, smtpPort: receiver?.port ?? null, app, deps, shutdown };
}

export async function main() {
  try {
    await startServer(loadEnv());
  } catch (err) {
    if (err instanceof ConfigError || err instanceof MigrationError || err instanceof PortInUseError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
