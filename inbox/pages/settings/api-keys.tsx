// API keys: create (the secret is shown once), list, revoke.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { ApiKey } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';

export function ApiKeysTab() {
  const keys = useLoad(() => api.get<Page<ApiKey>>('/api-keys', { limit: 100 }), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const made = await api.post<ApiKey & { key: string }>('/api-keys', { name });
      setCreated({ name: made.name, key: made.key });
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function revoke(k: ApiKey) {
    if (!confirm(`Revoke the key "${k.name}"? Anything using it stops working at once.`)) return;
    setError(null);
    try {
      await api.del(`/api-keys/${k.id}`);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { name: 'Key name', scopes: 'Permissions' });
  return (
    <div class="stack">
      {can('api-keys:create') && (
        <form class="card form" onSubmit={create} aria-labelledby="newkey-title">
          <h2 id="newkey-title">Create an API key</h2>
          <label for="key-name">Key name</label>
          <input
            id="key-name"
            required
            placeholder="CRM sync"
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...invalidProps(errors, 'key', 'name')}
          />
          <FieldMessage errors={errors} form="key" name="name" />
          <p class="help">
            The key gets your own permissions. Use it as <code>Authorization: Bearer hd_sk_…</code>.
          </p>
          <button class="btn btn-primary" type="submit">
            Create key
          </button>
        </form>
      )}
      {created && (
        <div class="notice notice-ok" role="status">
          Key “{created.name}” created. Copy it now: it is shown only this once.
          <p>
            <code class="secret" aria-label="New API key">
              {created.key}
            </code>{' '}
            <CopyButton text={created.key} />
          </p>
        </div>
      )}
      <FormSummary errors={errors} />
      {!error && <ErrorNotice error={keys.error} />}
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <ListTable
          columns={['Name', 'Key', 'Created', 'Last used', 'Status']}
          empty={(keys.data?.data ?? []).length === 0 && 'No API keys yet.'}
        >
          {(keys.data?.data ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.keyHint}</code>
              </td>
              <td>{dateTime(k.createdAt)}</td>
              <td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</td>
              <td>
                {k.revokedAt ? (
                  <span class="pill pill-disabled">revoked</span>
                ) : (
                  <span class="pill pill-active">active</span>
                )}
              </td>
              <td>
                {!k.revokedAt && can('api-keys:delete') && (
                  <button
                    class="btn btn-small btn-danger-ghost"
                    type="button"
                    onClick={() => revoke(k)}
                    aria-label={`Revoke ${k.name}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      </section>
    </div>
  );
}
