// Error and success notices: announced to screen readers, worded by the server's problem detail.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.ts';

function lead(error: unknown): string {
  if (error instanceof ApiError && error.tenantStatus) return `Account ${error.tenantStatus}: `;
  if (error instanceof ApiError && error.status === 403) return 'Not allowed: ';
  if (error instanceof ApiError && error.status === 409) return 'Not possible: ';
  if (error instanceof ApiError && error.status === 422) return 'Please check: ';
  return 'Something went wrong: ';
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div class="notice notice-error" role="alert">
      <strong>{lead(error)}</strong>
      {message}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>
              {f.path ? `${f.path}: ` : ''}
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-ok" role="status">
      {children}
    </div>
  );
}
