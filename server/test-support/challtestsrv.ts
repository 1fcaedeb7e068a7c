// Starts Debian's pebble-challtestsrv on loopback as a real DNS server for tests: A/AAAA answers 127.0.0.1/::1 for
// every name, TXT records set through its management API. Help-centre domain verification (`DNS_SERVERS`) and
// pebble (the ACME test CA) resolve through it.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../mail/outbound-test-support.ts';

export interface TestDns {
  /** `127.0.0.1:<port>`, for DNS_SERVERS or pebble's -dnsserver. */
  address: string;
  setTxt(host: string, value: string): Promise<void>;
  clearTxt(host: string): Promise<void>;
  stop(): Promise<void>;
}

const BIN = process.env.CHALLTESTSRV_PATH ?? 'pebble-challtestsrv';
const fqdn = (host: string) => (host.endsWith('.') ? host : `${host}.`);

export async function startTestDns(): Promise<TestDns> {
  const dnsPort = await freePort();
  const mgmtPort = await freePort();
  const child: ChildProcess = spawn(
    BIN,
    [
      '-dns01',
      `127.0.0.1:${dnsPort}`,
      '-management',
      `127.0.0.1:${mgmtPort}`,
      '-http01',
      '',
      '-https01',
      '',
      '-tlsalpn01',
      '',
      '-defaultIPv4',
      '127.0.0.1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`${BIN} did not start (${e.message}); install Debian's pebble`))),
  );
  const mgmt = async (path: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${mgmtPort}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`challtestsrv ${path}: ${res.status} ${await res.text()}`);
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pebble-challtestsrv exited:\n${output}`);
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${mgmtPort}/clear-txt`, { method: 'POST', body: '{"host":"probe."}' }).then(
        (r) => r.ok,
        () => false,
      ),
      failed,
    ]);
    if (up) break;
    if (i > 200) {
      child.kill('SIGKILL');
      throw new Error(`pebble-challtestsrv did not answer:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    address: `127.0.0.1:${dnsPort}`,
    setTxt: (host, value) => mgmt('/set-txt', { host: fqdn(host), value }),
    clearTxt: (host) => mgmt('/clear-txt', { host: fqdn(host) }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}
