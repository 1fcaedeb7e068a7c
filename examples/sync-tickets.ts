// Example integration: sync tickets changed since the last run, then receive signed webhooks.
//
//   HELPDESK_URL=http://localhost:8787 HELPDESK_API_KEY=hd_sk_… npx tsx examples/sync-tickets.ts [--once]
//
// 1. Pages through every ticket updated since the checkpoint in CHECKPOINT_FILE (default
//    ./data/sync-tickets.checkpoint.json), prints each one and stores the new checkpoint.
// 2. Starts an HTTP server (WEBHOOK_HOST/WEBHOOK_PORT, default 127.0.0.1 and a free port), registers it
//    as a webhook endpoint, asks the API for a test delivery, verifies every delivery with
//    verifyWebhook() and prints the event. Ctrl+C (or, with --once, the first delivery) removes the
//    endpoint again. A localhost endpoint needs the server started with ALLOW_PRIVATE_WEBHOOKS=1;
//    elsewhere set WEBHOOK_PUBLIC_URL to the address the server can reach.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { createHelpdesk, HelpdeskError, verifyWebhook, WebhookVerificationError, type components } from '@helpdesk/sdk';

type Ticket = components['schemas']['Ticket'];

const apiKey = process.env.HELPDESK_API_KEY;
if (!apiKey) {
  console.error('Set HELPDESK_API_KEY to an hd_sk_… key (inbox: Settings → API keys).');
  process.exit(1);
}
const hd = createHelpdesk({ baseUrl: process.env.HELPDESK_URL ?? 'http://localhost:8787', apiKey });
const once = process.argv.includes('--once');

// --- 1. Sync ---------------------------------------------------------------------------------

/** The newest updatedAt seen, and which tickets had exactly that time (updatedFrom is inclusive). */
interface Checkpoint {
  updatedAt: string;
  ids: string[];
}
const checkpointFile = process.env.CHECKPOINT_FILE ?? 'data/sync-tickets.checkpoint.json';

function readCheckpoint(): Checkpoint | null {
  try {
    return JSON.parse(readFileSync(checkpointFile, 'utf8')) as Checkpoint;
  } catch {
    return null;
  }
}

async function syncTickets() {
  const since = readCheckpoint();
  console.log(since ? `Tickets updated since ${since.updatedAt}:` : 'First run: every ticket.');
  let next = since ?? { updatedAt: '', ids: [] };
  let count = 0;
  const query = {
    sort: 'updated',
    order: 'asc',
    limit: 100,
    ...(since ? { updatedFrom: since.updatedAt } : {}),
  } as const;
  for await (const t of hd.paginate('/api/v1/tickets', { params: { query } })) {
    if (since && t.updatedAt === since.updatedAt && since.ids.includes(t.id)) continue;
    printTicket(t);
    count++;
    next =
      t.updatedAt === next.updatedAt
        ? { updatedAt: t.updatedAt, ids: [...next.ids, t.id] }
        : { updatedAt: t.updatedAt, ids: [t.id] };
  }
  if (next.updatedAt) {
    mkdirSync(dirname(checkpointFile), { recursive: true });
    writeFileSync(checkpointFile, JSON.stringify(next));
  }
  console.log(`${count} ticket(s) synced; checkpoint ${next.updatedAt || '(none yet)'} in ${checkpointFile}`);
}

function printTicket(t: Ticket) {
  console.log(
    `  #${t.number} [${t.status}/${t.priority}] ${t.subject} — ${t.requester?.email ?? 'no requester'} (updated ${t.updatedAt})`,
  );
}

// --- 2. Webhooks -----------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function receiveWebhooks() {
  let secret = '';
  const seen = new Set<string>();
  let stop: () => void = () => {};
  const done = new Promise<void>((resolve) => (stop = resolve));

  const server = createServer(async (req, res) => {
    const raw = await readBody(req); // verify the bytes as received, before any JSON parsing
    try {
      const event = await verifyWebhook(secret, req.headers, raw);
      const id = String(req.headers['webhook-id']);
      // Delivery is at least once: the same webhook-id may come again.
      if (!seen.has(id)) {
        seen.add(id);
        console.log(`Webhook ${id}: ${event.type}`, JSON.stringify(event.data));
      }
      res.writeHead(204).end();
      if (once) stop();
    } catch (err) {
      console.warn('Rejected a delivery:', err instanceof WebhookVerificationError ? err.message : err);
      res.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(Number(process.env.WEBHOOK_PORT ?? 0), process.env.WEBHOOK_HOST ?? '127.0.0.1', resolve),
  );
  const { address, port } = server.address() as AddressInfo;
  const url = process.env.WEBHOOK_PUBLIC_URL ?? `http://${address}:${port}/hooks`;

  const { data: hook } = await hd.POST('/api/v1/webhooks', {
    body: {
      url,
      events: ['ticket.created', 'ticket.updated', 'ticket.resolved', 'message.created'],
      description: 'sync-tickets example',
    },
  });
  secret = hook.secret; // shown only in this answer
  const endpointId = hook.id;
  console.log(`Listening on ${url} as webhook ${hook.id}; sending a test delivery…`);
  await hd.POST('/api/v1/webhooks/{id}/test', { params: { path: { id: hook.id } } });
  if (!once) console.log('Waiting for events (change a ticket in the inbox); Ctrl+C to stop.');

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await done;
  await hd.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: endpointId } } });
  console.log(`Removed webhook ${endpointId}.`);
  server.closeAllConnections();
  server.close();
}

try {
  await syncTickets();
  await receiveWebhooks();
} catch (err) {
  if (err instanceof HelpdeskError) {
    console.error(`Helpdesk answered ${err.status} ${err.title}: ${err.detail}`, err.errors.length ? err.errors : '');
    process.exit(1);
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    console.error(
      `Could not reach ${process.env.HELPDESK_URL ?? 'http://localhost:8787'} (is the server running?): ${(err.cause as Error | undefined)?.message ?? err.message}`,
    );
    process.exit(1);
  }
  throw err;
}
