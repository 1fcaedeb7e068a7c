// The one place that decides a request's client address: the socket's, or — only through the proxies
// TRUST_PROXY names — the address those proxies recorded in X-Forwarded-For / Forwarded (RFC 7239).
import type { Context, MiddlewareHandler } from 'hono';
import ipaddr from 'ipaddr.js';
import type { AppEnv } from '../types.ts';
import { inRanges, parseAddress, parseRange, type Address, type Range } from '../lib/cidr.ts';

/** Which peers may speak for the client: none (headers ignored), the nearest `hops`, or addresses in `ranges`. */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'ranges'; ranges: Range[] };

export const NO_PROXY: ProxyTrust = { kind: 'none' };

const LOOPBACK: Range[] = [ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128')];

/**
 * Parses TRUST_PROXY: `loopback`, a comma-separated list of CIDR ranges or addresses (`loopback` may be one
 * of them), or a hop count. Throws an Error whose message says what is wrong.
 */
export function parseTrustProxy(raw: string | undefined): ProxyTrust {
  if (raw === undefined || raw.trim() === '') return NO_PROXY;
  const value = raw.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 20) throw new Error('a hop count must be between 1 and 20');
    return { kind: 'hops', hops };
  }
  const ranges: Range[] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    if (part.toLowerCase() === 'loopback') ranges.push(...LOOPBACK);
    else {
      const range = parseRange(part);
      if (!range) throw new Error(`"${part}" is not loopback, a CIDR range (10.0.0.0/8) or an address`);
      ranges.push(range);
    }
  }
  return { kind: 'ranges', ranges };
}

/** X-Forwarded-For's entries, left (the client) to right (the nearest proxy's peer). */
function xffChain(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The `for=` of each Forwarded element, left to right, as a bare address (brackets and port removed). */
function forwardedChain(header: string): string[] {
  const out: string[] = [];
  // Elements are comma-separated, pairs semicolon-separated; a quoted value may hold neither.
  for (const element of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    let forValue = '';
    for (const pair of element.match(/(?:[^;"]|"[^"]*")+/g) ?? []) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim().toLowerCase() === 'for') forValue = pair.slice(eq + 1).trim();
    }
    let v = forValue.replace(/^"(.*)"$/, '$1');
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
    if (bracketed) v = bracketed[1];
    else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
    out.push(v);
  }
  return out;
}

/**
 * Walks [...forwarded, peer] from the right: each hop the trust covers may name the one before it; the first
 * hop it does not cover is the client. A hop that is not an address (`unknown`, `_hidden`, garbage) is never
 * believed to be the client: the walk stops at the trusted hop after it.
 */
function walk(chain: string[], peer: Address, trust: ProxyTrust): string {
  let current = peer;
  for (let fromRight = 0; ; fromRight++) {
    const trusted =
      trust.kind === 'hops' ? fromRight < trust.hops : trust.kind === 'ranges' && inRanges(current, trust.ranges);
    const index = chain.length - 1 - fromRight;
    if (!trusted || index < 0) return current.toString();
    const previous = parseAddress(chain[index]);
    if (!previous) return current.toString();
    current = previous;
  }
}

/** The client address of one request, from its socket peer and headers, under `trust`. */
export function resolveClientIp(
  socketAddress: string | undefined,
  headers: { xForwardedFor?: string; forwarded?: string },
  trust: ProxyTrust,
): string {
  if (!socketAddress) return 'unknown';
  const peer = parseAddress(socketAddress);
  if (!peer) return socketAddress;
  if (trust.kind === 'none') return peer.toString();
  const xff = headers.xForwardedFor ? walk(xffChain(headers.xForwardedFor), peer, trust) : null;
  const fwd = headers.forwarded ? walk(forwardedChain(headers.forwarded), peer, trust) : null;
  // A proxy maintains one of the two headers; the other, if present, came from the client. When they
  // disagree there is no telling which one the proxy wrote, so neither is believed.
  if (xff !== null && fwd !== null && xff !== fwd) return peer.toString();
  return xff ?? fwd ?? peer.toString();
}

function socketAddress(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}

/** Decides the client address once per request (first middleware), for clientIp() to read. */
export function clientAddress(trust: ProxyTrust): MiddlewareHandler<AppEnv> {
  return async function clientAddressMiddleware(c, next) {
    c.set(
      'clientIp',
      resolveClientIp(
        socketAddress(c),
        { xForwardedFor: c.req.header('x-forwarded-for'), forwarded: c.req.header('forwarded') },
        trust,
      ),
    );
    await next();
  };
}

/**
 * The client address for limits, login throttling, audit and allowlists: as decided by clientAddress()
 * under TRUST_PROXY; outside that middleware, the socket's. Never a header the peer could choose freely.
 */
export function clientIp(c: Context): string {
  const decided = (c as Context<AppEnv>).get('clientIp') as string | undefined;
  return decided ?? resolveClientIp(socketAddress(c), {}, NO_PROXY);
}
