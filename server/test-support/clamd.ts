// A real clamd (Debian's clamav-daemon) for tests: its own temp dir, a free loopback port and a signature
// database holding only a test signature for the EICAR file, so no freshclam download is needed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClamd } from '../files/clamd.ts';
import { freePort } from '../mail/outbound-test-support.ts';

/**
 * The 68-byte EICAR anti-virus test file, put together here so that no file of the repository holds it
 * whole (scanners on developers' machines would quarantine the source).
 */
export const EICAR = Buffer.from(
  ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-', 'FILE!$H+H*'].join(''),
);

/** The name clamd reports for EICAR with this database (clamd marks signatures outside its own databases). */
export const EICAR_SIGNATURE = 'Helpdesk.Test.EICAR.UNOFFICIAL';

export interface RunningClamd {
  url: string;
  port: number;
  /** Stops the daemon and removes its directory. */
  stop(): Promise<void>;
}

const clamdBinary = () => process.env.CLAMD_PATH ?? (existsSync('/usr/sbin/clamd') ? '/usr/sbin/clamd' : 'clamd');

/**
 * Starts clamd on 127.0.0.1 (on `port`, e.g. to bring a stopped one back; default a free one) and resolves
 * once it answers PING.
 */
export async function startClamd(opts: { port?: number; streamMaxLength?: string } = {}): Promise<RunningClamd> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'hd-clamd-'));
  mkdirSync(join(dir, 'db'));
  const md5 = createHash('md5').update(EICAR).digest('hex');
  writeFileSync(join(dir, 'db', 'test.hdb'), `${md5}:${EICAR.length}:Helpdesk.Test.EICAR\n`);
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${join(dir, 'db')}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      `LogFile ${join(dir, 'clamd.log')}`,
      `TemporaryDirectory ${dir}`,
      ...(opts.streamMaxLength ? [`StreamMaxLength ${opts.streamMaxLength}`] : []),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(clamdBinary(), ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (!gone) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `tcp://127.0.0.1:${port}`;
  const clamd = createClamd(url, { timeoutMs: 2000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) {
      const log = existsSync(join(dir, 'clamd.log')) ? readFileSync(join(dir, 'clamd.log'), 'utf8') : '';
      await stop();
      throw new Error(`clamd exited before answering PING:\n${stderr}\n${log}`);
    }
    try {
      await clamd.ping();
      return { url, port, stop };
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`clamd did not answer PING within a minute\n${stderr}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
