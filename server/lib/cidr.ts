// Address ranges (IPv4 and IPv6 CIDR, or a single address): parsed once by ipaddr.js, matched after IPv4-mapped
// IPv6 is folded to IPv4, so ::ffff:10.1.2.3 is inside 10.0.0.0/8. TRUST_PROXY and the tenant allowlists share it.
import ipaddr from 'ipaddr.js';
import { z } from '@hono/zod-openapi';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type Range = [Address, number];

// ::ffff:10.0.0.0/104 is the IPv4 range 10.0.0.0/8: addresses are compared after the same mapping.
function normalizeRange([addr, bits]: Range): Range {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [addr, bits];
}

/** A CIDR range (`10.0.0.0/8`, `2001:db8::/32`) or one address (as /32 or /128); null when it is neither. */
export function parseRange(s: string): Range | null {
  const part = s.trim();
  try {
    if (part.includes('/')) return ipaddr.isValidCIDR(part) ? normalizeRange(ipaddr.parseCIDR(part)) : null;
    if (!ipaddr.isValid(part)) return null;
    const a = ipaddr.process(part);
    return [a, a.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** An address in canonical form (IPv4-mapped IPv6 as IPv4), or null when `s` is not an address. */
export function parseAddress(s: string): Address | null {
  try {
    return ipaddr.isValid(s) ? ipaddr.process(s) : null;
  } catch {
    return null;
  }
}

export function inRanges(a: Address, ranges: Range[]): boolean {
  return ranges.some(([r, bits]) => r.kind() === a.kind() && a.match(r, bits));
}

/** Whether `ip` is inside one of `list`'s ranges (strings as stored); an address that does not parse never is. */
export function addressInList(ip: string, list: readonly string[]): boolean {
  const a = parseAddress(ip);
  if (!a) return false;
  return inRanges(
    a,
    list.map(parseRange).filter((r): r is Range => r !== null),
  );
}

/** The canonical text of a range as stored and shown: `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7/32`. */
export const formatRange = ([addr, bits]: Range) => `${addr.toString()}/${bits}`;

/** A request field holding one range; stored canonical, so `10.0.0.1` reads back as `10.0.0.1/32`. */
export const CidrSchema = z
  .string()
  .max(64)
  .transform((v, ctx) => {
    const r = parseRange(v);
    if (!r) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a CIDR range (10.0.0.0/8, 2001:db8::/32) or an address` });
      return z.NEVER;
    }
    return formatRange(r);
  })
  .openapi({ type: 'string', example: '203.0.113.0/24' });
