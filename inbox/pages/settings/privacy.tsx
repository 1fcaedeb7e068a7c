// Privacy: find a person by email, export everything the tenant holds about them (a zip), or erase them
// (delete their tickets, or redact them and keep the tickets for statistics). Both run as jobs on the server;
// the tab follows each one until it is done.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { Customer, PrivacyErasure, PrivacyExport } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { RetentionCard } from './privacy-retention.tsx';

type Mode = PrivacyErasure['mode'];

/** What an erasure in this mode does, in the words the confirmation uses. */
export function erasureSummary(email: string, mode: Mode): string {
  return mode === 'delete'
    ? `Delete ${email}: their customer record, every ticket they asked, their messages and files are removed for good.`
    : `Redact ${email}: their tickets stay for reports, but names, emails, subjects, message bodies, field values and files are replaced.`;
}

/** Counts as a sentence ("3 tickets, 5 messages"), leaving out the zeros. */
export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/** Polls a request until it is done or failed. */
function usePoll<T extends { status: string }>(path: string | null) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = useRef(path);
  useEffect(() => {
    current.current = path;
    setValue(null);
    setError(null);
    if (!path) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const v = await api.get<T>(path);
        if (current.current !== path) return;
        setValue(v);
        if (v.status === 'queued' || v.status === 'running') timer = setTimeout(() => void load(), 700);
      } catch (err) {
        if (current.current === path) setError(err);
      }
    };
    void load();
    return () => clearTimeout(timer);
  }, [path]);
  return { value, error };
}

function ExportPanel({ email }: { email: string }) {
  const [id, setId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const job = usePoll<PrivacyExport>(id && `/privacy/exports/${id}`);
  async function start() {
    setError(null);
    try {
      setId((await api.post<{ id: string }>('/privacy/exports', { email })).id);
    } catch (err) {
      setError(err);
    }
  }
  const v = job.value;
  return (
    <section class="card" aria-label="Export">
      <h3>Export</h3>
      <p class="muted">
        One zip file with everything kept about {email}: tickets, public messages, files, ratings, mail.
      </p>
      <button type="button" onClick={() => void start()} disabled={!!v && v.status !== 'done' && v.status !== 'failed'}>
        Export
      </button>
      <ErrorNotice error={error ?? job.error} />
      {id && !v && <p role="status">Starting the export…</p>}
      {v && (v.status === 'queued' || v.status === 'running') && <p role="status">Preparing the export…</p>}
      {v?.status === 'failed' && <p role="alert">The export failed. Try again.</p>}
      {v?.status === 'done' && (
        <Success>
          {v.found
            ? `Export ready (${countsText(v.counts)}). `
            : 'Nothing is kept about this email; the archive holds only its manifest. '}
          {v.url && (
            <a href={v.url} download>
              Download the export
            </a>
          )}
        </Success>
      )}
    </section>
  );
}

function ErasePanel({ email }: { email: string }) {
  const [mode, setMode] = useState<Mode>('redact');
  const [confirming, setConfirming] = useState(false);
  const [id, setId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const job = usePoll<PrivacyErasure>(id && `/privacy/erasures/${id}`);
  async function erase() {
    setError(null);
    try {
      setId((await api.post<{ id: string }>('/privacy/erasures', { email, mode })).id);
      setConfirming(false);
    } catch (err) {
      setError(err);
    }
  }
  const v = job.value;
  return (
    <section class="card" aria-label="Erase">
      <h3>Erase</h3>
      <fieldset class="checks">
        <legend>How</legend>
        <label class="check">
          <input type="radio" name="erase-mode" checked={mode === 'redact'} onChange={() => setMode('redact')} /> Redact
          (keep the tickets for reports)
        </label>
        <label class="check">
          <input type="radio" name="erase-mode" checked={mode === 'delete'} onChange={() => setMode('delete')} /> Delete
          (remove their tickets)
        </label>
      </fieldset>
      {!confirming && (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Erase…
        </button>
      )}
      {confirming && (
        <div role="alertdialog" aria-label="Confirm erasure" class="notice">
          <p>{erasureSummary(email, mode)} This cannot be undone.</p>
          <button type="button" class="danger" onClick={() => void erase()}>
            Erase {email}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ErrorNotice error={error ?? job.error} />
      {v && (v.status === 'queued' || v.status === 'running') && <p role="status">Erasing…</p>}
      {v?.status === 'failed' && <p role="alert">The erasure failed. Try again.</p>}
      {v?.status === 'done' && (
        <Success>
          {v.found ? `Erased: ${countsText(v.counts)}.` : 'Nothing was found for this email; nothing to erase.'}
        </Success>
      )}
    </section>
  );
}

export function PrivacyTab() {
  const [query, setQuery] = useState('');
  const [email, setEmail] = useState<string | null>(null);
  const [match, setMatch] = useState<Customer | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function search(e: Event) {
    e.preventDefault();
    setError(null);
    const wanted = query.trim().toLowerCase();
    if (!wanted) return;
    try {
      const page = can('customers:read')
        ? await api.get<Page<Customer>>('/customers', { q: wanted, limit: 5 })
        : { data: [] as Customer[] };
      setMatch(page.data.find((c) => c.email.toLowerCase() === wanted) ?? null);
      setEmail(wanted);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div>
      <p class="muted">
        Answer a person's request to see or forget their data. Exports and erasures are recorded in the audit log (who
        asked and when, not the person).
      </p>
      <form class="card form" onSubmit={search} aria-label="Find a person">
        <label for="privacy-email">Email</label>
        <input
          id="privacy-email"
          type="email"
          required
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="submit">Find</button>
      </form>
      <ErrorNotice error={error} />
      {email && (
        <div key={email}>
          <h2>{match ? `${match.name ?? match.email} <${match.email}>` : email}</h2>
          {!match && <p class="muted">No customer has this email; an export or erasure will find nothing.</p>}
          {can('privacy:read') && <ExportPanel email={email} />}
          {can('privacy:delete') && <ErasePanel email={email} />}
        </div>
      )}
      <RetentionCard />
    </div>
  );
}
