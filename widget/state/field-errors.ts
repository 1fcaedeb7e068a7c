// A 422 from the server in the visitor's words, each next to the form field it is about.
import type { CustomField } from '../config.ts';
import type { Strings } from '../../i18n/index.ts';
import type { FieldError } from '../../server/lib/problem.ts';

const TEXT_FIELDS = ['name', 'subject', 'message'];

/**
 * Field key ('email', 'cf-<key>' for a custom field) → what to tell the visitor; null when an error
 * belongs to no field on screen (a field the owner removed since the page loaded, a spam signal), which
 * the visitor cannot fix by editing the form. The server's own messages are for developers, in English.
 */
export function fieldErrors(errors: FieldError[], t: Strings, fields: CustomField[]): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const { path, message } of errors) {
    const p = String(path).replace(/^body\./, '');
    const cf = /^customFields\.(.+)$/.exec(p)?.[1];
    const missing = /empty|required/i.test(message);
    if (p === 'email') out.email = t.badEmail;
    else if (TEXT_FIELDS.includes(p)) out[p] = missing ? t.required : t.tooLong;
    else if (cf && fields.some((f) => f.key === cf)) out[`cf-${cf}`] = missing ? t.required : t.checkField;
    else return null;
  }
  return out;
}
