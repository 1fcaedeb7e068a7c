// Error and success notices: announced to screen readers, in plain sentences (no field paths, no codes).
import type { ComponentChildren } from 'preact';
import { formErrors, FormSummary } from './form-errors.tsx';

/** A refusal in plain sentences; a form that has fields uses form-errors.tsx to put field problems beside them. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return <FormSummary errors={formErrors(error, {})} />;
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-ok" role="status">
      {children}
    </div>
  );
}
