// SSRF guard: webhook URLs may only reach public addresses (checked at creation and on every connection).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

type V4Range = [base: number, bits: number, reason: string];

const v4 = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);

const V4_BLOCKED: V4Range[] = [
  [v4('0.0.0.0'), 8, 'an unspecified address'],
  [v4('10.0.0.0'), 8, 'a private network address'],
  [v4('100.64.0.0'), 10, 'a carrier-grade NAT address'],
  [v4('127.0.0.0'), 8, 'a loopback address'],
  [v4('169.254.169.254'), 32, 'a cloud metadata address'],
  [v4('169.254.0.0'), 16, 'a link-local address'],
  [v4('172.16.0.0'), 12, 'a private network address'],
  [v4('192.0.0.0'), 24, 'a reserved address'],
  [v4('192.0.2.0'), 24, 'a documentation address'],
  [v4('192.168.0.0'), 16, 'a private network address'],
  [v4('198.18.0.0'), 15, 'a reserved address'],
  [v4('198.51.100.0'), 24, 'a documentation address'],
  [v4('203.0.113.0'), 24, 'a documentation address'],
  [v4('224.0.0.0'), 4, 'a multicast address'],
  [v4('240.0.0.0'), 4, 'a reserved address'],
];

function classifyV4(ip: string): string | null {
  const n = v4(ip);
  for (const [base, bits, reason] of V4_BLOCKED) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return reason;
  }
  return null;
}

/** 16 bytes of an IPv6 address (embedded dotted IPv4 and zone ids handled). */
function v6Bytes(ip: string): number[] {
  let s = ip.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4(dotted[1]);
    s = s.slice(0, -dotted[1].length) + `${((n >>> 16) & 0xffff).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const [head, rest] = s.includes('::') ? s.split('::') : [s, null];
  const h = parse(head);
  const r = rest === null ? [] : parse(rest);
  const groups = rest === null ? h : [...h, ...new Array(8 - h.length - r.length).fill(0), ...r];
  return groups.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
}

function classifyV6(ip: string): string | null {
  const b = v6Bytes(ip);
  const embeddedV4 = () => b.slice(12).join('.');
  const zeros = (n: number) => b.slice(0, n).every((x) => x === 0);
  if (zeros(16)) return 'an unspecified address';
  if (zeros(15) && b[15] === 1) return 'a loopback address';
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) reach the IPv4 address inside.
  if (zeros(10) && b[10] === 0xff && b[11] === 0xff) {
    const inner = classifyV4(embeddedV4());
    return inner && `an IPv4-mapped IPv6 address of ${inner}`;
  }
  if (zeros(12)) return classifyV4(embeddedV4()) ?? 'a reserved address';
  // NAT64 well-known prefix 64:ff9b::/96.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0)) {
    const inner = classifyV4(embeddedV4());
    return inner && `a NAT64 address of ${inner}`;
  }
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'a link-local address';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return 'a site-local address';
  if ((b[0] & 0xfe) === 0xfc) {
    return b[0] === 0xfd && b[1] === 0x00 && b[2] === 0x0e && b[3] === 0xc2 ? 'a cloud metadata address' : 'a unique local (private) address';
  }
  if (b[0] === 0xff) return 'a multicast address';
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return 'a documentation address';
  return null;
}

/** Why an address may not receive webhooks, or null when it is public. */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 4) return classifyV4(ip);
  if (family === 6) return classifyV6(ip);
  return 'not an IP address';
}

export class BlockedAddressError extends Error {
  readonly code = 'EWEBHOOKBLOCKED';
}

export type Resolver = (host: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))));

/** The URL's hostname without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Why a webhook URL may not be used, or null when it may. Resolves the name, so a public-looking
 * name pointing at a private address is refused too; every resolved address must be public.
 */
export async function urlRefusal(url: URL, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<string | null> {
  if (allowPrivate) return null;
  const host = hostOf(url);
  if (isIP(host)) {
    const reason = blockedReason(host);
    return reason && `The URL points at ${reason}.`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'The URL points at a loopback address.';
  let addrs: LookupAddress[];
  try {
    addrs = await resolve(host);
  } catch {
    return `The host ${host} could not be resolved.`;
  }
  if (addrs.length === 0) return `The host ${host} could not be resolved.`;
  for (const a of addrs) {
    const reason = blockedReason(a.address);
    if (reason) return `The host ${host} resolves to ${reason}.`;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses blocked addresses at connection time, so a DNS answer
 * that changes after creation (rebinding) cannot reach a private address.
 */
export function guardedLookup(allowPrivate: boolean) {
  return function webhookLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback) {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addrs) => {
      if (err) return callback(err, options.all ? [] : '');
      if (!allowPrivate) {
        for (const a of addrs) {
          const reason = blockedReason(a.address);
          if (reason) return callback(new BlockedAddressError(`${hostname} resolves to ${reason}; refused.`), options.all ? [] : '');
        }
      }
      if (options.all) return callback(null, addrs);
      callback(null, addrs[0].address, addrs[0].family);
    });
  };
}
