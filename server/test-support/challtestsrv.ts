// Starts Debian's pebble-challtestsrv on loopback as a real DNS server for tests: A/AAAA answers 127.0.0.1/::1 for
// every name, TXT records set through its management API. Help-centre domain verification (`DNS_SERVERS`) and
// pebble (the ACME test CA) resolve through it.
import { freePort } from './free-port.ts';
import { startChild, stopChild, waitUntil } from './child-process.ts';

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
  const c = startChild(
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
    { hint: "install Debian's pebble" },
  );
  const mgmt = async (path: string, body: object) => {
    const res = await fetch(`http://127.0.0.1:${mgmtPort}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`challtestsrv ${path}: ${res.status} ${await res.text()}`);
  };
  await waitUntil('pebble-challtestsrv', c, async () => {
    const r = await fetch(`http://127.0.0.1:${mgmtPort}/clear-txt`, { method: 'POST', body: '{"host":"probe."}' });
    return r.ok;
  });
  return {
    address: `127.0.0.1:${dnsPort}`,
    setTxt: (host, value) => mgmt('/set-txt', { host: fqdn(host), value }),
    clearTxt: (host) => mgmt('/clear-txt', { host: fqdn(host) }),
    stop: () => stopChild(c),
  };
}
