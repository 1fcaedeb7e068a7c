// SSRF guard: webhook URLs may only reach public addresses (checked at creation and on every connection).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

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

const embedded = (reason: string | null, how: string) => reason && `${how} ${reason}`;

/** The IPv4 address in 4 bytes of an IPv6 address, as dotted quad. */
const dotted = (bytes: number[]) => bytes.join('.');

/**
 * IPv6 forms that carry an IPv4 address reach that address, so they are judged by it:
 * IPv4-mapped and -translated (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002:aabb:ccdd::/48)
 * and Teredo (2001:0::/32, the client's address inverted in the last 32 bits).
 */
function classifyV6(ip: string): string | null {
  const addr = ipaddr.IPv6.parse(ip.split('%')[0]);
  const b = addr.toByteArray();
  // The typings list fewer range names than the library returns.
  switch (addr.range() as string) {
    case 'unspecified':
      return 'an unspecified address';
    case 'loopback':
      return 'a loopback address';
    case 'ipv4Mapped':
    case 'rfc6145':
      return embedded(classifyV4(dotted(b.slice(12))), 'an IPv4-mapped IPv6 address of');
    case 'rfc6052':
      // 64:ff9b:1::/48 is for NAT64 inside a network (RFC 8215): whatever it maps to is local.
      if (b[4] === 0 && b[5] === 1) return 'a local-use NAT64 address';
      return embedded(classifyV4(dotted(b.slice(12))), 'a NAT64 address of');
    case '6to4':
      return embedded(classifyV4(dotted(b.slice(2, 6))), 'a 6to4 address of');
    case 'teredo':
      return embedded(classifyV4(dotted(b.slice(12).map((x) => x ^ 0xff))), 'a Teredo address of');
    case 'linkLocal':
      return 'a link-local address';
    case 'deprecatedSiteLocal':
      return 'a site-local address';
    case 'uniqueLocal':
      return b[0] === 0xfd && b[1] === 0x00 && b[2] === 0x0e && b[3] === 0xc2
        ? 'a cloud metadata address'
        : 'a unique local (private) address';
    case 'multicast':
      return 'a multicast address';
    case 'discard':
      return 'a discard-only address';
    case 'benchmarking':
      return 'a benchmarking address';
    case 'reserved':
      return addr.match(ipaddr.IPv6.parse('2001:db8::'), 32) || addr.match(ipaddr.IPv6.parse('3fff::'), 20)
        ? 'a documentation address'
        : 'a reserved address';
  }
  // ::a.b.c.d, the deprecated IPv4-compatible form, also reaches a.b.c.d.
  if (b.slice(0, 12).every((x) => x === 0)) return classifyV4(dotted(b.slice(12))) ?? 'a reserved address';
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
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );

/** The URL's hostname without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Why a webhook URL may not be used, or null when it may. Resolves the name, so a public-looking
 * name pointing at a private address is refused too; every resolved address must be public.
 */
export async function urlRefusal(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<string | null> {
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
          if (reason)
            return callback(
              new BlockedAddressError(`${hostname} resolves to ${reason}; refused.`),
              options.all ? [] : '',
            );
        }
      }
      if (options.all) return callback(null, addrs);
      callback(null, addrs[0].address, addrs[0].family);
    });
  };
}
