// Proving a tenant controls a domain: a TXT record `_helpdesk-verification.<domain>` holding the token, or the token
// served at http://<domain>/.well-known/helpdesk-verification/<token> (what this server answers once the domain
// points here). The network calls sit behind DomainVerifier so tests can aim them at loopback.
import { promises as dns } from 'node:dns';
import http from 'node:http';

export const TXT_PREFIX = '_helpdesk-verification';
export const WELL_KNOWN = '/.well-known/helpdesk-verification/';

export interface DomainVerifier {
  /** TXT records of `name` (each record's strings), [] when there are none or the name does not resolve. */
  txt(name: string): Promise<string[][]>;
  /** GET http://<domain><path>: status and at most 1 KB of body, without following redirects; throws on no answer. */
  httpGet(domain: string, path: string): Promise<{ status: number; body: string }>;
}

const TIMEOUT_MS = 5000;

function get(host: string, port: number, hostHeader: string, path: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.get({ host, port, path, headers: { Host: hostHeader }, timeout: TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 1024) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, body: body.slice(0, 1024) }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** The real checks: TXT through the system resolver, or through `dnsServers` (`DNS_SERVERS`) when given. */
export function networkVerifier(dnsServers: string[] = []): DomainVerifier {
  const resolver = new dns.Resolver({ timeout: TIMEOUT_MS, tries: 2 });
  if (dnsServers.length) resolver.setServers(dnsServers);
  return {
    async txt(name) {
      try {
        return await resolver.resolveTxt(name);
      } catch {
        return [];
      }
    },
    httpGet: (domain, path) => get(domain, 80, domain, path),
  };
}

/** For tests and local setups: every domain is served by `host:port` (the Host header still names the domain). */
export function loopbackVerifier(port: number, txt: Record<string, string[]> = {}): DomainVerifier {
  return {
    txt: async (name) => (txt[name] ? [txt[name]] : []),
    httpGet: (domain, path) => get('127.0.0.1', port, domain, path),
  };
}

/** Null when verified, else why not (shown to the owner). */
export async function checkDomain(v: DomainVerifier, domain: string, token: string): Promise<string | null> {
  const records = await v.txt(`${TXT_PREFIX}.${domain}`);
  if (records.some((parts) => parts.join('').trim() === token)) return null;
  try {
    const res = await v.httpGet(domain, `${WELL_KNOWN}${token}`);
    if (res.status === 200 && res.body.trim() === token) return null;
    return `No TXT record ${TXT_PREFIX}.${domain} with the token, and http://${domain}${WELL_KNOWN}… answered ${res.status} without it.`;
  } catch (err) {
    return `No TXT record ${TXT_PREFIX}.${domain} with the token, and http://${domain} did not answer (${(err as Error).message}).`;
  }
}
