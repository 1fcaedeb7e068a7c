// A labelled input with its hint and its error right beside it, and the split of a failed call into per-field messages.
import { ApiError } from '../api.ts';

/** A server message that completes the field's name ("must be at least 10 characters") reads as a sentence with it. */
export const fieldSentence = (label: string, message: string) =>
  /^[a-z]/.test(message) ? `${label} ${message}` : message;

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
}

export function Field({ id, label, value, onInput, error, hint, type = 'text', ...rest }: FieldProps) {
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        // Preact types `type` as a discriminant per input kind; a variable of three kinds matches none of them.
        type={type as 'text'}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        {...rest}
      />
      {error && (
        <p key="error" class="field-error" id={`${id}-error`}>
          {fieldSentence(label, error)}
        </p>
      )}
      {hint && (
        <p key="hint" class="help field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export interface SplitError<K extends string> {
  /** The message to show beside each field the server named. */
  fields: Partial<Record<K, string>>;
  /** What is left for a notice above the form: null when every part of the refusal is shown beside a field. */
  rest: unknown;
}

/**
 * Sorts a failed call's refusal onto the form's fields: the `errors` of a 422 (or any problem carrying them) by
 * path, and a refusal of a whole status that belongs to one field (`409` "email taken" → email) onto that field.
 */
export function splitError<K extends string>(
  error: unknown,
  fields: readonly K[],
  statusField: Partial<Record<number, K>> = {},
): SplitError<K> {
  if (!(error instanceof ApiError)) return { fields: {}, rest: error ?? null };
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    const m = error.field(f);
    if (m) out[f] = m;
  }
  const owner = statusField[error.status];
  if (owner && !error.errors.length) {
    out[owner] = error.message;
    return { fields: out, rest: null };
  }
  const known = (path: string) => fields.some((f) => path === f || path.startsWith(`${f}.`));
  const covered = error.errors.length > 0 && error.errors.every((e) => known(e.path));
  return { fields: out, rest: covered ? null : error };
}

/** Announces that something beside the fields needs fixing; the fields say what. */
export function FieldsNeedFixing({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <div class="notice notice-error" role="alert">
      Please check the fields marked below.
    </div>
  );
}
