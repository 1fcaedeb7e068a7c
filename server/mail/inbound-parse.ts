// Reads one raw inbound mail into what a ticket needs: sender, recipients, thread ids, the visible reply text
// (quoted history and signature removed), sanitized HTML, attachment names, and whether a robot sent it.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import sanitizeHtml from 'sanitize-html';
import { convert as htmlToText } from 'html-to-text';
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../tickets/schemas.ts';

/** The largest mail we take, over SMTP (advertised as SIZE) and over HTTP. */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;

export interface InboundAttachment {
  /** A plain file name (no directories, control characters or lone surrogates), at most 200 characters. */
  filename: string;
  /** As the mail declares it; the stored type comes from the bytes. */
  contentType: string;
  size: number;
  /** An image the HTML part shows inline (cid:). */
  inline: boolean;
  content: Buffer;
}

export interface Bounce {
  /** Message-IDs (without brackets) the report names: ours, if it is about a mail we sent. */
  messageIds: string[];
  diagnostic: string;
}

export interface InboundMail {
  /** Without angle brackets; null when the mail has none. */
  messageId: string | null;
  /** In-Reply-To first, then References newest first: where to look for the thread. */
  threadIds: string[];
  from: { address: string; name: string | null } | null;
  /** Every address in To, Cc, Delivered-To and X-Original-To, lowercased. */
  recipients: string[];
  /** One line, no control characters, at most 250 characters; "(no subject)" when empty. */
  subject: string;
  /** The new words of the mail: quoted history and signature removed, at most 50 KB. Can be empty. */
  text: string;
  /** The HTML part with scripts, styles, handlers and remote content removed; null for text-only mail. */
  html: string | null;
  attachments: InboundAttachment[];
  /** Why no answer may ever go back to this mail (a robot sent it), or null for a person's mail. */
  automated: string | null;
  /** A delivery status notification (bounce). */
  bounce: Bounce | null;
}

const EmailSchema = z.email().max(254);

// eslint-disable-next-line no-control-regex -- names and subjects lose control characters (CR/LF included) on purpose
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- message bodies keep tab and newline only
const BODY_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One line of header text as we store it: no CR/LF or other control characters, trimmed, cut to `max`. */
export function oneLine(s: string, max: number): string {
  return s.replace(LONE_SURROGATES, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

function bodyText(s: string): string {
  return s
    .replace(LONE_SURROGATES, '')
    .replace(/\r\n?/g, '\n')
    .replace(BODY_CONTROLS, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const stripBrackets = (id: string) => id.trim().replace(/^<|>$/g, '').trim();

function messageIds(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value : value ? [value] : [];
  return all
    .flatMap((v) => v.match(/<[^<>\s]+>/g) ?? v.split(/\s+/))
    .map(stripBrackets)
    .filter((v) => v.length > 0 && v.length <= 250);
}

function addresses(obj: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  const out: { address: string; name: string }[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address, name: e.name ?? '' });
    }
  };
  for (const o of list) walk(o.value);
  return out;
}

/** Every header line named `key` (Delivered-To may come many times; mailparser's map keeps one). */
function headerValues(mail: ParsedMail, key: string): string[] {
  return mail.headerLines
    .filter((h) => h.key === key)
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).trim())
    .filter(Boolean);
}

function header(mail: ParsedMail, key: string): string {
  const v = mail.headers.get(key);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value);
  return String(v as unknown);
}

const ROBOT_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/** The headers (RFC 3834 and the common older ones) by which mail says no person wrote it. */
function automatedReason(mail: ParsedMail, from: string | null): string | null {
  const auto = header(mail, 'auto-submitted').trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return `Auto-Submitted: ${oneLine(auto, 60)}`;
  const precedence = header(mail, 'precedence').trim().toLowerCase();
  if (/^(bulk|junk|list)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply')) return 'X-Autoreply';
  if (mail.headers.has('x-autorespond')) return 'X-Autorespond';
  if (
    mail.headers.has('x-auto-response-suppress') &&
    /\b(all|autoreply)\b/i.test(header(mail, 'x-auto-response-suppress'))
  )
    return 'X-Auto-Response-Suppress';
  if (from && ROBOT_SENDER.test(from)) return 'mailer-daemon sender';
  return null;
}

function bounceOf(mail: ParsedMail, from: string | null): Bounce | null {
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport =
    ct?.value?.toLowerCase() === 'multipart/report' &&
    (ct.params?.['report-type'] ?? '').toLowerCase() === 'delivery-status';
  if (!isReport && !(from && ROBOT_SENDER.test(from))) return null;
  // The returned mail (message/rfc822 or text/rfc822-headers) names our Message-ID; so may In-Reply-To.
  const returned = mail.attachments
    .filter((a) => /^(message\/rfc822|text\/rfc822-headers|message\/global-headers)$/i.test(a.contentType))
    .map((a) => a.content.toString('utf8'))
    .join('\n');
  const ids = new Set<string>();
  for (const m of returned.matchAll(/^Message-ID:\s*<([^<>\s]+)>/gim)) ids.add(m[1]!);
  for (const id of messageIds(mail.inReplyTo)) ids.add(id);
  if (!isReport && !ids.size) return null;
  const text = mail.text ?? '';
  const diagnostic =
    /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1] ??
    /^Status:\s*(\d\.\d+\.\d+.*)$/im.exec(text)?.[1] ??
    oneLine(text, 300);
  return { messageIds: [...ids], diagnostic: oneLine(diagnostic, 1000) || 'delivery failed' };
}

/** True when the text holds a forwarded mail, whose quoted part is the point of it. */
function isForward(text: string, subject: string): boolean {
  return (
    /^\s*(fwd?|wg|tr|rv)\s*:/i.test(subject) ||
    /^-{2,}\s*(forwarded message|original message|weitergeleitete nachricht)\s*-{2,}$/im.test(text) ||
    /^begin forwarded message:/im.test(text)
  );
}

/** The reply without the quoted history and signature (email-reply-parser), except for a forward. */
export function visibleText(text: string, subject: string): string {
  const clean = bodyText(text);
  if (!clean || isForward(clean, subject)) return clean;
  // Outlook's "From: … Sent: …" block and the underscore rule above it start the quoted history too.
  const outlook = /^(?:_{10,}\s*\n)?(?:From|Von|De):\s.+\n(?:(?:Sent|Gesendet|Envoyé|Date):\s.+\n)/im.exec(clean);
  const head = outlook ? clean.slice(0, outlook.index) : clean;
  const visible = bodyText(new EmailReplyParser().parseReply(head));
  return visible || bodyText(head) || clean;
}

function cutToBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  const note = '\n\n[The mail was longer; the full text is in its original.]';
  let cut = Buffer.from(s, 'utf8')
    .subarray(0, max - Buffer.byteLength(note) - 4)
    .toString('utf8');
  cut = cut.replace(/\uFFFD$/, '');
  return cut + note;
}

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
    allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

/** Readable text of (sanitized) HTML: quoted blocks as "> " lines, so the reply parser can drop them. */
export function textOfHtml(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    limits: { maxInputLength: 5 * 1024 * 1024, maxDepth: 100 },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

const EXTENSION_OF_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/calendar': 'ics',
};

/**
 * The name a mail's file is kept under: the last path segment, without control characters or lone
 * surrogates, at most 200 characters (the extension kept). A bad name is rewritten, never refused: the
 * mail must not be lost over it. A part without a name is called after its type.
 */
export function mailFilename(name: string | undefined, contentType: string, n: number): string {
  const segment = (name ?? '').split(/[\\/]/).pop() ?? '';
  let clean = segment.normalize('NFC').replace(LONE_SURROGATES, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  if (/^\.+$/.test(clean)) clean = '';
  const chars = [...clean];
  if (chars.length > 200) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 11 ? clean.slice(dot) : '';
    clean =
      chars
        .slice(0, 200 - [...ext].length)
        .join('')
        .trim() + ext;
  }
  if (clean) return clean;
  const ext = EXTENSION_OF_TYPE[contentType.toLowerCase()];
  return `${contentType.toLowerCase().startsWith('image/') ? 'image' : 'attachment'}-${n}${ext ? `.${ext}` : ''}`;
}

/** Parses a raw mail; never throws for malformed MIME (mailparser reads what it can). */
export async function parseInbound(raw: Buffer): Promise<InboundMail> {
  // mailparser's own HTML-to-text keeps image and script links; an HTML-only mail's text is made from the
  // sanitized HTML below instead.
  const mail = await simpleParser(raw, { skipImageLinks: true, skipHtmlToText: true });
  const sender = addresses(mail.from).find((a) => EmailSchema.safeParse(a.address).success);
  const from = sender ? { address: sender.address.toLowerCase(), name: oneLine(sender.name, 120) || null } : null;
  const recipients = [
    ...addresses(mail.to),
    ...addresses(mail.cc),
    ...[...headerValues(mail, 'delivered-to'), ...headerValues(mail, 'x-original-to')].map((a) => ({
      address: a.replace(/^.*<|>.*$/g, ''),
      name: '',
    })),
  ].map((a) => a.address.trim().toLowerCase());
  const subject = oneLine(mail.subject ?? '', 250) || '(no subject)';
  const threadIds = [...messageIds(mail.inReplyTo), ...messageIds(mail.references).reverse()];
  const html = typeof mail.html === 'string' && mail.html ? sanitizeMailHtml(mail.html) : null;
  const rawText = mail.text?.trim() ? mail.text : html ? textOfHtml(html) : '';
  const text = cutToBytes(visibleText(rawText, subject), MAX_BODY_BYTES - 2048);
  // Every file, inline images (cid:, "related") included; a bounce's returned mail and report are not files.
  const attachments = mail.attachments
    .filter((a) => !/^(message\/delivery-status|message\/rfc822|text\/rfc822-headers)$/i.test(a.contentType))
    .map((a, i) => ({
      filename: mailFilename(a.filename, a.contentType, i + 1),
      contentType: oneLine(a.contentType, 100),
      size: a.content.length,
      inline: !!a.related && a.contentDisposition !== 'attachment',
      content: a.content,
    }));
  return {
    messageId: messageIds(mail.messageId)[0] ?? null,
    threadIds: [...new Set(threadIds)].slice(0, 100),
    from,
    recipients: [...new Set(recipients)].filter(Boolean),
    subject,
    text,
    html,
    attachments,
    automated: automatedReason(mail, from?.address ?? null),
    bounce: bounceOf(mail, from?.address ?? null),
  };
}

/** A size people read: 12 KB, 1.4 MB. */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file of the mail that is not on the message, and why ("is a program", "is larger than …"). */
export interface FileNotKept {
  filename: string;
  reason: string;
  /** "removed" for a file refused for what it is; "not kept" for one there was no room for. */
  verdict: 'removed' | 'not kept';
}

/**
 * The message body: the visible text and, for each file that is not on the message, a line naming it and
 * why (a file is never dropped silently; the original mail still holds it).
 */
export function messageBody(mail: InboundMail, notKept: FileNotKept[] = []): string {
  const parts: string[] = [];
  if (mail.text) parts.push(mail.text);
  if (notKept.length)
    parts.push(notKept.map((f) => `[attachment ${f.verdict}: ${oneLine(f.filename, 200)} ${f.reason}]`).join('\n'));
  return parts.join('\n\n') || (mail.attachments.length ? '' : '(The mail had no text.)');
}
