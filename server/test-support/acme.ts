// Debian's pebble (an ACME test CA) and caddy on loopback, for the on-demand TLS test: pebble resolves names through
// the test DNS server (every name is 127.0.0.1) and validates challenges on caddy's ports; caddy asks the help desk's
// GET /api/v1/domains/check before it requests any certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { connect } from 'node:net';
import { freePort } from './free-port.ts';
import { startChild, stopChild, waitUntil, type TestChild } from './child-process.ts';

/** GET over HTTPS to 127.0.0.1:`port`, naming `servername` in SNI and Host; `ca` trusted, or nothing checked. */
export function httpsGet(
  port: number,
  path: string,
  o: { servername?: string; ca?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: o.servername,
        headers: o.servername ? { host: o.servername } : {},
        ca: o.ca,
        rejectUnauthorized: !!o.ca,
        timeout: 15_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

export interface TlsProxy {
  /** caddy's HTTPS port on 127.0.0.1. */
  httpsPort: number;
  /** The root of the certificates pebble issues (PEM), to trust in a client. */
  issuingRoot: string;
  stop(): Promise<void>;
}

/**
 * pebble + caddy in front of `upstream` (host:port of the help desk). `dnsServer`: host:port of the test DNS server.
 */
export async function startTlsProxy(upstream: string, dnsServer: string): Promise<TlsProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'hd-acme-'));
  const [acmePort, mgmtPort, httpPort, httpsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // pebble's own HTTPS (its ACME API) needs a certificate; caddy is told to trust it.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      join(dir, 'pebble.key'),
      '-out',
      join(dir, 'pebble.pem'),
    ],
    { stdio: 'ignore' },
  );
  writeFileSync(
    join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: join(dir, 'pebble.pem'),
        privateKey: join(dir, 'pebble.key'),
        httpPort,
        tlsPort: httpsPort,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  let pebble: TestChild | undefined;
  let caddy: TestChild | undefined;
  try {
    pebble = startChild('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', dnsServer], {
      env: {
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_WFE_NONCEREJECT: '0',
      },
      hint: "install Debian's pebble",
    });
    await waitUntil('pebble', pebble, async () => (await httpsGet(acmePort, '/dir')).status === 200);
    writeFileSync(
      join(dir, 'Caddyfile'),
      `{
  admin off
  http_port ${httpPort}
  https_port ${httpsPort}
  storage file_system ${join(dir, 'caddy')}
  acme_ca https://127.0.0.1:${acmePort}/dir
  acme_ca_root ${join(dir, 'pebble.pem')}
  skip_install_trust
  on_demand_tls {
    ask http://${upstream}/api/v1/domains/check
  }
}
https:// {
  tls {
    on_demand
  }
  reverse_proxy ${upstream}
}
`,
    );
    caddy = startChild('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      env: {
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_CONFIG_HOME: join(dir, 'config'),
        HOME: dir,
      },
      hint: "install Debian's caddy",
    });
    await waitUntil('caddy', caddy, () => listening(httpsPort));
    const issuingRoot = (await httpsGet(mgmtPort, '/roots/0')).body;
    return {
      httpsPort,
      issuingRoot,
      async stop() {
        await stopChild(caddy);
        await stopChild(pebble);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopChild(caddy);
    await stopChild(pebble);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
