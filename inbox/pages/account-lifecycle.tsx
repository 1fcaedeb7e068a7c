// Account → Leave this help desk (the owner): export everything as one zip, and delete the help desk. A deletion
// asks for the help desk's name typed out, cancels the account at once and purges it after 30 days; until then
// this card shows the purge date and takes the deletion back.
import { useState } from 'preact/hooks';
import { api, withQuery } from '../api.ts';
import { pendingDeletion, type TenantDeletion } from '../state/tenant-deletion.ts';
import { loadMe } from '../state/session.ts';
import { dateTime } from '../components/format.ts';
import { ErrorNotice } from '../components/notice.tsx';
import { useLoad } from '../components/use-load.ts';

/** The whole help desk as a zip (tables as JSON lines, files, a manifest): a plain link, so the browser saves it. */
export const TENANT_EXPORT_URL = '/api/v1/privacy/tenant-export';

/** The typed name confirms when it is the help desk's name, ignoring case and surrounding spaces (as the server does). */
export const confirmsName = (typed: string, name: string) =>
  typed.trim() !== '' && typed.trim().toLowerCase() === name.trim().toLowerCase();

export function TenantLifecycleCard({ tenantName }: { tenantName: string }) {
  const deletion = useLoad(pendingDeletion, []);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<TenantDeletion | null>) => {
    setBusy(true);
    setError(null);
    try {
      deletion.set(await fn());
      setTyped('');
      await loadMe(); // the account's status changed: the banner and the other pages follow it
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = () =>
    run(() => api.post<TenantDeletion>(withQuery('/privacy/tenant-deletion', { confirm: typed.trim() })));
  const undo = () => run(async () => (await api.del('/privacy/tenant-deletion'), null));
  const pending = deletion.data;
  return (
    <section class="card" aria-labelledby="leave-title">
      <h2 id="leave-title">Leave this help desk</h2>
      <p class="help">
        Everything this help desk holds in one zip file: every table as JSON lines, every file, and a manifest.
      </p>
      <a class="btn" href={TENANT_EXPORT_URL} download>
        Export everything
      </a>
      <ErrorNotice error={deletion.error} />
      {pending && (
        <div class="notice" role="status" aria-label="Deletion pending">
          <p>
            <strong>This help desk is being deleted.</strong> It was cancelled on {dateTime(pending.requestedAt)} and
            will be purged, with all its files, on {dateTime(pending.purgeAfter)}. Until then you can export it or take
            the deletion back.
          </p>
          <button class="btn btn-primary" type="button" onClick={() => void undo()} disabled={busy}>
            Undo deletion
          </button>
        </div>
      )}
      {deletion.data === null && (
        <form
          class="form"
          aria-label="Delete this help desk"
          onSubmit={(e) => {
            e.preventDefault();
            if (confirmsName(typed, tenantName)) void remove();
          }}
        >
          <h3>Delete this help desk</h3>
          <p class="help">
            The account is cancelled at once: agents can no longer work in it, and visitors&apos; widget stops. After 30
            days it is purged with all its tickets, customers and files, for good.
          </p>
          <label for="delete-confirm">
            Type <strong>{tenantName}</strong> to confirm
          </label>
          <input
            id="delete-confirm"
            autocomplete="off"
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <button type="submit" class="btn btn-danger-ghost" disabled={busy || !confirmsName(typed, tenantName)}>
            Delete this help desk
          </button>
        </form>
      )}
      <ErrorNotice error={error} />
    </section>
  );
}
