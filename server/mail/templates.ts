// The mails we send, each as HTML (branded: tenant name, logo, primary colour) and plain text.
import { oneLine } from './outbound-threading.ts';
import { isRtl } from '../../i18n/index.ts';
import { erasureStrings } from '../../i18n/erasure.ts';
import { escapeHtml } from '../lib/html.ts';

export type MailKind =
  | 'confirmation'
  | 'reply'
  | 'resolved'
  | 'merged'
  | 'agent_new_ticket'
  | 'agent_assigned'
  | 'agent_customer_replied'
  | 'agent_ticket_woken'
  | 'erasure_confirmation'
  // An owner's notice of a subscription change (billing/subscriptions/owner-mail.ts renders it, not renderMail).
  | 'billing'
  // Last week's figures for an agent who asked (analytics/weekly-summary-mail.ts renders it).
  | 'weekly_summary';

export const MAIL_KINDS: [MailKind, ...MailKind[]] = [
  'confirmation',
  'reply',
  'resolved',
  'merged',
  'agent_new_ticket',
  'agent_assigned',
  'agent_customer_replied',
  'agent_ticket_woken',
  'erasure_confirmation',
  'billing',
  'weekly_summary',
];

export interface TemplateInput {
  kind: MailKind;
  tenant: { name: string; logoUrl: string | null; primaryColor: string };
  ticket: { id: string; number: number; subject: string };
  /** The reply, the customer's words or the opening message, as plain text. */
  body: string | null;
  /** Who wrote `body` (an agent's or the customer's name). */
  authorName: string | null;
  /** Where an agent opens the ticket (agent mails only). */
  ticketUrl: string | null;
  /** The ticket a `merged` mail's ticket went into. */
  mergedInto?: { number: number; subject: string };
  /** Files of the reply sent as download links (too large to attach, or still being scanned). */
  fileLinks?: FileLink[];
  /** The resolved mail's "How did we do?" links (server/csat/), when the tenant asks. */
  ratingLinks?: { good: string; bad: string } | null;
}

export interface FileLink {
  filename: string;
  size: number;
  url: string;
  /** Still being checked for viruses: the link works once the check passes. */
  scanning: boolean;
}

/** How long the download links in a mail work. */
export const MAIL_LINK_DAYS = 7;

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const linkNote = (f: FileLink) => `${sizeOf(f.size)}${f.scanning ? ', available once its virus check passes' : ''}`;

export interface Rendered {
  html: string;
  text: string;
}

/** A colour that is not a plain hex value never reaches a style attribute. */
const safeColor = (c: string) => (/^#[0-9a-fA-F]{6}$/.test(c) ? c : '#2563eb');
const safeUrl = (u: string | null) => (u && /^https?:\/\/[^\s"'<>]+$/.test(u) ? u : null);

function intro(i: TemplateInput): string {
  const who = i.authorName ? oneLine(i.authorName, 120) : null;
  const n = `#${i.ticket.number}`;
  switch (i.kind) {
    case 'confirmation':
      return `We received your request ${n} and will get back to you soon. Reply to this email to add anything.`;
    case 'reply':
      return who ? `${who} replied to your request ${n}:` : `We replied to your request ${n}:`;
    case 'resolved':
      return `Your request ${n} was marked as resolved. If something is still not right, reply to this email and it opens again.`;
    case 'merged':
      return `Your request ${n} was merged into request #${i.mergedInto?.number ?? '?'}${
        i.mergedInto ? ` (${oneLine(i.mergedInto.subject, 200)})` : ''
      }, so everything about it is in one place. We continue there; reply to this email to add anything.`;
    case 'agent_new_ticket':
      return `New ticket ${n}${who ? ` from ${who}` : ''}:`;
    case 'agent_assigned':
      return `Ticket ${n} was assigned to you.`;
    case 'agent_customer_replied':
      return `${who ?? 'The customer'} replied on ticket ${n}:`;
    case 'agent_ticket_woken':
      return `Ticket ${n} is back from snooze${who ? ` (${who})` : ''}.`;
    case 'erasure_confirmation':
      return 'Confirm that your data should be deleted.'; // about no ticket: renderErasureConfirmation writes it
    case 'billing':
      return 'Your subscription changed.';
    case 'weekly_summary':
      return "Last week's figures."; // about no ticket: weekly-summary-mail.ts writes it
  }
}

const forCustomer = (k: MailKind) => k === 'confirmation' || k === 'reply' || k === 'resolved' || k === 'merged';

export function renderMail(i: TemplateInput): Rendered {
  const name = oneLine(i.tenant.name, 120);
  const subject = oneLine(i.ticket.subject);
  const lead = intro(i);
  const links = (i.fileLinks ?? []).filter((f) => safeUrl(f.url));
  const rating = i.ratingLinks && safeUrl(i.ratingLinks.good) && safeUrl(i.ratingLinks.bad) ? i.ratingLinks : null;
  const footer = forCustomer(i.kind)
    ? `You are receiving this because you contacted ${name}. Reply to this email to answer; please keep the ticket number in the subject.`
    : `You are receiving this because of your notification settings in ${name}'s help desk.`;

  const text = [
    name,
    '',
    lead,
    ...(i.body ? ['', i.body.trim()] : []),
    ...(links.length
      ? [
          '',
          `Files (download links, valid for ${MAIL_LINK_DAYS} days):`,
          ...links.map((f) => `- ${oneLine(f.filename, 200)} (${linkNote(f)}): ${f.url}`),
        ]
      : []),
    ...(rating ? ['', 'How did we do?', `Good: ${rating.good}`, `Bad: ${rating.bad}`] : []),
    '',
    `Ticket #${i.ticket.number}: ${subject}`,
    ...(i.ticketUrl ? [`Open it: ${i.ticketUrl}`] : []),
    '',
    '--',
    footer,
    '',
  ].join('\n');

  const color = safeColor(i.tenant.primaryColor);
  const logo = safeUrl(i.tenant.logoUrl);
  const link = safeUrl(i.ticketUrl);
  const paragraphs = (s: string) =>
    s
      .trim()
      .split(/\n{2,}/)
      .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(`[#${i.ticket.number}] ${subject}`)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${color};padding:16px 24px;color:#ffffff;font-size:18px;font-weight:600">${
    logo
      ? `<img src="${escapeHtml(logo)}" alt="" height="32" style="height:32px;vertical-align:middle;margin-right:10px;border:0">`
      : ''
  }<span style="vertical-align:middle">${escapeHtml(name)}</span></td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
<p style="margin:0 0 16px">${escapeHtml(lead)}</p>
${i.body ? `<div style="border-left:3px solid ${color};padding:4px 0 4px 14px;margin:0 0 16px">${paragraphs(i.body)}</div>` : ''}
${
  links.length
    ? `<p style="margin:0 0 6px;font-size:14px">Files (download links, valid for ${MAIL_LINK_DAYS} days):</p><ul style="margin:0 0 16px;padding-left:20px;font-size:14px">${links
        .map(
          (f) =>
            `<li><a href="${escapeHtml(f.url)}" style="color:${color}">${escapeHtml(oneLine(f.filename, 200))}</a> <span style="color:#52606d">(${escapeHtml(linkNote(f))})</span></li>`,
        )
        .join('')}</ul>`
    : ''
}
${
  rating
    ? `<p style="margin:0 0 8px;font-weight:600">How did we do?</p><p style="margin:0 0 16px"><a href="${escapeHtml(rating.good)}" style="display:inline-block;border:1px solid ${color};color:${color};text-decoration:none;padding:8px 16px;border-radius:6px;margin-right:8px">Good</a><a href="${escapeHtml(rating.bad)}" style="display:inline-block;border:1px solid ${color};color:${color};text-decoration:none;padding:8px 16px;border-radius:6px">Bad</a></p>`
    : ''
}
<p style="margin:0;color:#52606d;font-size:13px">Ticket #${i.ticket.number}: ${escapeHtml(subject)}</p>
${link ? `<p style="margin:16px 0 0"><a href="${escapeHtml(link)}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;padding:8px 16px;border-radius:6px">Open ticket</a></p>` : ''}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e4e7eb;color:#7b8794;font-size:12px">${escapeHtml(footer)}</td></tr>
</table></td></tr></table>
</body></html>
`;
  return { html, text };
}

/** How long a "Delete my data" link works. */
export const ERASURE_LINK_HOURS = 24;

/**
 * The mail a visitor's "Delete my data" sends to the email on their tickets: one link to a page whose button confirms
 * (opening the link alone deletes nothing, so a mail scanner following it changes nothing).
 */
export function renderErasureConfirmation(i: {
  tenant: { name: string; primaryColor: string };
  url: string;
  /** The widget's language when the visitor asked (en, de, ar); English for anything else. */
  locale: string;
}): Rendered & { subject: string } {
  const name = oneLine(i.tenant.name, 120);
  const s = erasureStrings(i.locale, { name, hours: ERASURE_LINK_HOURS });
  const [subject, lead, how, ignore] = [s.mailSubject, s.mailLead, s.mailHow, s.mailIgnore];
  const text = [name, '', lead, '', how, i.url, '', ignore, ''].join('\n');
  const color = safeColor(i.tenant.primaryColor);
  const url = safeUrl(i.url) ?? '';
  const html = `<!doctype html>
<html lang="${s.locale}" dir="${isRtl(s.locale) ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;font-size:15px;line-height:1.5">
<p style="margin:0 0 16px;font-weight:600">${escapeHtml(name)}</p>
<p style="margin:0 0 16px">${escapeHtml(lead)}</p>
<p style="margin:0 0 16px">${escapeHtml(how)}</p>
<p style="margin:0 0 16px"><a href="${escapeHtml(url)}" style="display:inline-block;background:${color};color:#ffffff;text-decoration:none;padding:8px 16px;border-radius:6px">${escapeHtml(s.mailButton)}</a></p>
<p style="margin:0;color:#52606d;font-size:13px">${escapeHtml(ignore)}</p>
</div></body></html>
`;
  return { subject, text, html };
}
