// What makes our mail about one ticket one conversation in every client: a constant subject, our own
// Message-ID, In-Reply-To/References to the ticket's earlier mail (Gmail, Apple Mail, Thunderbird) and
// Thread-Index (Outlook, which groups by it rather than by References).
import { createHash } from 'node:crypto';
import { timeOrderedToken } from '../lib/ids.ts';

/** Header-safe one-line text: CR, LF, tabs and other control characters become spaces. */
export function oneLine(s: string, max = 250): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max)
  );
}

/** `[#42] Printer on fire`: the same for every mail of the ticket, so clients that thread by subject agree. */
export function ticketSubject(number: number, subject: string): string {
  return `[#${number}] ${oneLine(subject)}`;
}

/**
 * A new Message-ID at our domain, without angle brackets (as mail_message_ids stores it). Time first, then 16
 * random characters (95 bits), so the two indexes on it grow at their ends (see newId).
 */
export function newMessageId(domain: string): string {
  return `hd.${timeOrderedToken(16)}@${domain}`;
}

// FILETIME: 100-ns ticks since 1601-01-01.
const EPOCH_DIFF_MS = 11_644_473_600_000n;
const fileTime = (d: Date) => (BigInt(d.getTime()) + EPOCH_DIFF_MS) * 10_000n;

/**
 * The 22-byte Thread-Index header of a ticket's first mail: the high 6 bytes of the ticket's FILETIME,
 * then a 16-byte GUID derived from the ticket id (so every mail of the ticket shares it).
 */
export function threadIndexHeader(ticketId: string, createdAt: Date): Buffer {
  const out = Buffer.alloc(22);
  const ft = fileTime(createdAt) >> 16n;
  for (let i = 5; i >= 0; i--) out[5 - i] = Number((ft >> BigInt(i * 8)) & 0xffn);
  createHash('sha256').update(`thread:${ticketId}`).digest().copy(out, 6, 0, 16);
  return out;
}

/** A later mail's Thread-Index: the previous one plus a 5-byte child block (time since the header). */
export function childThreadIndex(previous: Buffer, at: Date, random: () => number = Math.random): Buffer {
  let headerFt = 0n;
  for (let i = 0; i < 6; i++) headerFt = (headerFt << 8n) | BigInt(previous[i]!);
  headerFt <<= 16n;
  let delta = fileTime(at) - headerFt;
  if (delta < 0n) delta = 0n;
  // Delta code 0: bits 18..48 of the difference; code 1 (over ~1.78 years): bits 23..53.
  const far = delta >= 1n << 49n;
  const bits = Number((far ? delta >> 23n : delta >> 18n) & 0x7fffffffn);
  const block = Buffer.alloc(5);
  block.writeUInt32BE(((far ? 0x80000000 : 0) | bits) >>> 0, 0);
  const seq = ((previous.length - 22) / 5 + 1) & 0x0f;
  block[4] = ((Math.floor(random() * 16) & 0x0f) << 4) | seq;
  return Buffer.concat([previous, block]);
}

/** Thread-Index for the next mail of a ticket, from the previous mail's (base64) or none. */
export function nextThreadIndex(previous: string | null, ticketId: string, ticketCreatedAt: Date, at: Date): string {
  const prev = previous ? Buffer.from(previous, 'base64') : null;
  if (!prev || prev.length < 22 || (prev.length - 22) % 5 !== 0) {
    return threadIndexHeader(ticketId, ticketCreatedAt).toString('base64');
  }
  return childThreadIndex(prev, at).toString('base64');
}
