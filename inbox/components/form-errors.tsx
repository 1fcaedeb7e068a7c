// A refused save in words: each of a 422 problem's `errors: [{ path, message }]` beside the field it is about, and one plain sentence for the rest.
import { ApiError, type FieldError as ProblemError } from '../api.ts';

/** How a form names one of its fields: its label, and (for a list field) how to name one entry of it. */
export interface FieldSpec {
  label: string;
  /** Names entry `i` of a list field, e.g. the origin typed on that line: `(i) => \`“${origins[i]}”\``. */
  item?: (index: number) => string;
}

/** The form's fields by API path (`allowedOrigins`, `branding.primaryColor`); a plain label is enough for most. */
export type FieldSpecs = Record<string, FieldSpec | string>;

export interface FormErrors {
  /** The sentence for each field that has one, by the key it has in the specs. */
  fields: Record<string, string>;
  /** What is not about a field of this form, as plain sentences (null when there is nothing to say). */
  summary: string | null;
}

const spec = (s: FieldSpec | string): FieldSpec => (typeof s === 'string' ? { label: s } : s);

/** "Slug" + "must be …" reads as one sentence; a message that is a sentence of its own follows a colon. */
function joined(subject: string, message: string): string {
  return /^[A-Z]/.test(message) ? `${subject}: ${message}` : `${subject} ${message}`;
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/** The field key a problem path belongs to: the longest key equal to it or a prefix of it at a dot. */
function fieldOf(path: string, specs: FieldSpecs): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(specs))
    if ((path === key || path.startsWith(`${key}.`)) && (!best || key.length > best.length)) best = key;
  return best;
}

/** "allowedOrigins.1: must be an origin" → "“ftp://x” must be an origin." (or "Origins, entry 2 …" without an item namer). */
function fieldSentence(e: ProblemError, key: string, s: FieldSpec): string {
  const rest = e.path
    .slice(key.length + 1)
    .split('.')
    .filter(Boolean);
  const index = rest.length > 0 && /^\d+$/.test(rest[0]!) ? Number(rest[0]) : null;
  const subject = index === null ? s.label : s.item ? s.item(index) : `${s.label}, entry ${index + 1},`;
  return sentence(joined(subject, e.message));
}

/** A path no field of the form shows, said without the code: "branding.primaryColor" → "primary color". */
function looseSentence(e: ProblemError): string {
  const words = e.path
    .split('.')
    .filter((p) => !/^\d+$/.test(p))
    .map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' ');
  return sentence(words ? joined(words, e.message) : e.message);
}

/** One plain sentence for a refusal that is not about a field: what happened and what to do. */
export function plainSentence(error: unknown, says: StatusSentences = {}): string {
  if (!(error instanceof ApiError)) return 'Something did not work. Try again.';
  const own = says[error.status];
  if (own) return own;
  if (error.status === 401) return 'Your session has ended. Sign in again.';
  // A help desk that requires single sign-on says so itself (password sign-in refused): its detail is the sentence.
  if (error.status === 403 && !error.tenantStatus && error.problem.ssoRequired !== true)
    return 'Your role does not allow this. Ask an owner or admin.';
  // Otherwise the server's detail is already a sentence for people: what happened, how long to wait, what to do.
  return sentence(error.message);
}

/** A form's own words for a status, e.g. sign-in's 401: "Wrong email or password." */
export type StatusSentences = Partial<Record<number, string>>;

/** Sorts a failed call's problems onto the form's fields; the rest, and any non-field refusal, become the summary. */
export function formErrors(error: unknown, specs: FieldSpecs, says: StatusSentences = {}): FormErrors {
  if (!error) return { fields: {}, summary: null };
  const problems = error instanceof ApiError ? error.errors : [];
  if (problems.length === 0) return { fields: {}, summary: plainSentence(error, says) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const e of problems) {
    const key = fieldOf(e.path, specs);
    if (key === undefined) rest.push(looseSentence(e));
    else if (!fields[key]) fields[key] = fieldSentence(e, key, spec(specs[key]!));
  }
  const summary =
    rest.length > 0 ? rest.join(' ') : `Please correct the marked field${Object.keys(fields).length > 1 ? 's' : ''}.`;
  return { fields, summary };
}

/** The id of a field's message, for the input's aria-describedby. */
export const errorId = (form: string, key: string) => `${form}-${key.replace(/\W+/g, '-')}-error`;

/** The attributes that tie an input to its message: invalid, and described by it (beside any help text). */
export function invalidProps(errors: FormErrors, form: string, key: string, describedBy?: string) {
  const has = !!errors.fields[key];
  const ids = [describedBy, has ? errorId(form, key) : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': has ? ('true' as const) : undefined, 'aria-describedby': ids || undefined };
}

/** The message under one field (nothing when it has none). */
export function FieldMessage({ errors, form, name }: { errors: FormErrors; form: string; name: string }) {
  const message = errors.fields[name];
  if (!message) return null;
  return (
    <p class="field-error" id={errorId(form, name)}>
      {message}
    </p>
  );
}

/** The form's summary: announced, one or two plain sentences. */
export function FormSummary({ errors }: { errors: FormErrors }) {
  if (!errors.summary) return null;
  return (
    <div class="notice notice-error" role="alert">
      {errors.summary}
    </div>
  );
}
