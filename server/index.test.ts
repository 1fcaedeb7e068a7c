// The server as `npm start` runs it: a real process, its banner, its refusal of bad config, graceful stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hd-proc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 300 && !re.test(out); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  };
  return { child, exited, waitFor, output: () => out };
}

describe('server process', () => {
  it('starts on an empty database: migrates, seeds the demo, prints URLs and the generated admin token, stops on SIGTERM', async () => {
    const p = run({ PORT: '0', DATABASE_URL: `file:${join(dir, 'nested', 'hd.db')}` });
    const out = await p.waitFor(/Platform admin token.*hd_admin_\w+/);
    expect(out).toMatch(/Demo site: +http:\/\/localhost:0\/demo/);
    expect(out).toMatch(/Inbox: +http/);
    expect(out).toMatch(/API docs: +http/);
    expect(out).toMatch(/Demo agent: demo@helpdesk\.local/);
    expect(out).toMatch(/Email: +off \(mail is logged as not sent\); set SMTP_URL=smtp:\/\/\S+ to send it/);
    const port = /running on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1];
    const token = /(hd_admin_\w+)/.exec(out)![1];
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tenants`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toHaveLength(1);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);

    // a restart keeps the token (it is stored hashed) and does not seed again or print it
    const again = run({ PORT: '0', DATABASE_URL: `file:${join(dir, 'nested', 'hd.db')}` });
    const out2 = await again.waitFor(/running on/);
    expect(out2).not.toMatch(/Platform admin token/);
    const port2 = /running on http:\/\/127\.0\.0\.1:(\d+)/.exec(out2)![1];
    const res2 = await fetch(`http://127.0.0.1:${port2}/api/v1/tenants`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await res2.json()).data).toHaveLength(1);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    // Two real starts (tsx, migrations, the demo seed): on a loaded 2-core machine one alone takes ~16 s.
  }, 60_000);

  it('refuses to start with a clear message on a bad value', async () => {
    const p = run({ PORT: 'eighty', DATABASE_URL: `file:${join(dir, 'x.db')}` });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/Invalid configuration:\s+PORT:/);
    expect(p.output()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('on a port that is taken, says which one and how to choose another, and exits non-zero without a stack', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as AddressInfo).port;
    try {
      const p = run({ PORT: String(port), DATABASE_URL: `file:${join(dir, 'busy.db')}` });
      expect(await p.exited).toBe(1);
      expect(p.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(p.output()).toMatch(/PORT=\d+ npm start/);
      expect(p.output()).not.toMatch(/EADDRINUSE|at .*\.ts:\d+/);
    } finally {
      holder.close();
    }
  });
});
