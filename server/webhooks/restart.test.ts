// A real crash: the server process is SIGKILLed after accepting a change whose webhook has not been delivered yet;
// the next process on the same database delivers it, with the same webhook-id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnServer, type SpawnedServer } from '../../scripts/spawn-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'hd-crash-'));
const servers: SpawnedServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('webhooks across a crash', () => {
  it('delivers an event accepted before a SIGKILL once the server is back', async () => {
    const env = {
      DATABASE_URL: `file:${join(dir, 'crash.db')}`,
      SEED_DEMO: '0',
      ALLOW_PRIVATE_WEBHOOKS: '1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'silent',
    };
    const receiverPort = await freePort(); // nothing listens yet: the first attempt fails and is scheduled again
    const first = await spawnServer(env);
    servers.push(first);
    const signup = await fetch(`${first.baseURL}/api/v1/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantName: 'Crash',
        name: 'Owner',
        email: 'crash@example.com',
        password: 'crash password 1',
      }),
    });
    const cookie = signup.headers.get('set-cookie')!.split(';')[0];
    const post = (path: string, body: unknown) =>
      fetch(`${first.baseURL}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });
    const hook = await post('/webhooks', { url: `http://127.0.0.1:${receiverPort}/hooks`, events: ['ticket.created'] });
    expect(hook.status).toBe(201);
    const hookId = (await hook.json()).id;
    const ticket = await post('/tickets', {
      subject: 'Accepted before the crash',
      message: 'm',
      requester: { email: 'r@example.com' },
    });
    expect(ticket.status).toBe(201);
    const ticketId = (await ticket.json()).id;
    // the first attempt fails (connection refused) and its retry is recorded; then the process dies
    for (;;) {
      const log = await (
        await fetch(`${first.baseURL}/api/v1/webhooks/${hookId}/deliveries`, { headers: { cookie } })
      ).json();
      if (log.data[0]?.attemptCount >= 1 && log.data[0]?.nextAttemptAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const got: { id: string; body: { type: string; data: { id: string } } }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ id: String(req.headers['webhook-id']), body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(receiverPort, '127.0.0.1', r));
    try {
      servers.push(await spawnServer(env));
      // the retry is due about 5 s after the failed attempt; wait for it (bounded by the test timeout)
      while (got.length === 0) await new Promise((r) => setTimeout(r, 100));
      expect(got[0].body).toMatchObject({ type: 'ticket.created', data: { id: ticketId } });
      expect(got[0].id).toMatch(/^msg_/);
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  }, 40_000);
});
