// Settings → Privacy → Retention: the tenant's policies (delete or redact solved tickets after N days, per channel
// or tag), a dry run that says how many tickets one would touch now, and the log of the daily sweep's runs.
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { RetentionDryRun, RetentionPolicy, RetentionRun } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { countsText } from './privacy.tsx';

const CHANNELS = ['widget', 'email', 'chat', 'api', 'inbox', 'phone'] as const;

export interface RetentionDraft {
  name: string;
  action: RetentionPolicy['action'];
  days: string;
  channels: string[];
  tags: string;
}

/** The body a new policy sends: whole days, the ticked channels, tags split on commas and spaces. */
export function retentionBody(d: RetentionDraft) {
  return {
    name: d.name.trim(),
    action: d.action,
    olderThanDays: Number(d.days),
    channels: d.channels,
    tags: d.tags.split(/[\s,]+/).filter(Boolean),
  };
}

/** A policy in one sentence: "Delete solved email tickets tagged gdpr 365 days after they were solved". */
export function policySummary(p: Pick<RetentionPolicy, 'action' | 'olderThanDays' | 'channels' | 'tags'>): string {
  const verb = p.action === 'delete' ? 'Delete' : 'Redact';
  const channels = p.channels.length ? ` ${p.channels.join(' or ')}` : '';
  const tags = p.tags.length ? ` tagged ${p.tags.join(' or ')}` : '';
  const days = `${p.olderThanDays} day${p.olderThanDays === 1 ? '' : 's'}`;
  return `${verb} solved${channels} tickets${tags} ${days} after they were solved`;
}

function PolicyRow({ policy, onChange }: { policy: RetentionPolicy; onChange: () => void }) {
  const [dry, setDry] = useState<RetentionDryRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <tr>
      <td>{policy.name}</td>
      <td>
        {policySummary(policy)}
        {!policy.enabled && ' (off)'}
        {dry && (
          <p role="status">
            {dry.tickets === 0
              ? 'A run now would touch no tickets.'
              : `A run now would touch ${dry.tickets} ticket${dry.tickets === 1 ? '' : 's'}, e.g. ${dry.sample
                  .map((t) => `#${t.number}`)
                  .join(', ')}.`}
          </p>
        )}
        <ErrorNotice error={error} />
      </td>
      <td>{policy.lastRunAt ? new Date(policy.lastRunAt).toLocaleString() : 'Not yet'}</td>
      <td>
        <button
          type="button"
          onClick={() =>
            void act(async () =>
              setDry(await api.post<RetentionDryRun>(`/privacy/retention-policies/${policy.id}/dry-run`, {})),
            )
          }
        >
          Dry run
        </button>
        {can('privacy:delete') && (
          <>
            {' '}
            <button
              type="button"
              onClick={() =>
                void act(async () => {
                  await api.patch(`/privacy/retention-policies/${policy.id}`, { enabled: !policy.enabled });
                  onChange();
                })
              }
            >
              {policy.enabled ? 'Turn off' : 'Turn on'}
            </button>{' '}
            <button
              type="button"
              class="danger"
              aria-label={`Delete policy ${policy.name}`}
              onClick={() =>
                void act(async () => {
                  await api.del(`/privacy/retention-policies/${policy.id}`);
                  onChange();
                })
              }
            >
              Delete
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function NewPolicy({ onSaved }: { onSaved: () => void }) {
  const empty: RetentionDraft = { name: '', action: 'redact', days: '365', channels: [], tags: '' };
  const [d, setD] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/privacy/retention-policies', retentionBody(d));
      setD(empty);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="form" onSubmit={save} aria-label="New retention policy">
      <label for="retention-name">Policy name</label>
      <input
        id="retention-name"
        required
        maxLength={120}
        value={d.name}
        onInput={(e) => setD({ ...d, name: e.currentTarget.value })}
      />
      <fieldset class="checks">
        <legend>What happens</legend>
        <label class="check">
          <input
            type="radio"
            name="retention-action"
            checked={d.action === 'redact'}
            onChange={() => setD({ ...d, action: 'redact' })}
          />{' '}
          Redact (keep the tickets for reports)
        </label>
        <label class="check">
          <input
            type="radio"
            name="retention-action"
            checked={d.action === 'delete'}
            onChange={() => setD({ ...d, action: 'delete' })}
          />{' '}
          Delete the tickets
        </label>
      </fieldset>
      <label for="retention-days">Days after a ticket was solved</label>
      <input
        id="retention-days"
        type="number"
        min={1}
        max={36500}
        required
        value={d.days}
        onInput={(e) => setD({ ...d, days: e.currentTarget.value })}
      />
      <fieldset class="checks">
        <legend>Only these channels (none ticked: every channel)</legend>
        {CHANNELS.map((c) => (
          <label class="check" key={c}>
            <input
              type="checkbox"
              checked={d.channels.includes(c)}
              onChange={(e) =>
                setD({
                  ...d,
                  channels: e.currentTarget.checked ? [...d.channels, c] : d.channels.filter((x) => x !== c),
                })
              }
            />{' '}
            {c}
          </label>
        ))}
      </fieldset>
      <label for="retention-tags">Only tickets with one of these tags (optional)</label>
      <input id="retention-tags" value={d.tags} onInput={(e) => setD({ ...d, tags: e.currentTarget.value })} />
      <button type="submit">Add policy</button>
      <ErrorNotice error={error} />
    </form>
  );
}

export function RetentionCard() {
  const policies = useLoad(() => api.get<{ data: RetentionPolicy[] }>('/privacy/retention-policies'), []);
  const runs = useLoad(() => api.get<{ data: RetentionRun[] }>('/privacy/retention-runs'), []);
  const list = policies.data?.data ?? [];
  const names = new Map(list.map((p) => [p.id, p.name]));
  return (
    <section class="card" aria-label="Retention">
      <h3>Retention</h3>
      <p class="muted">
        Solved tickets are deleted or redacted once they are old enough. The sweep runs every day; use Dry run to see
        what a policy would touch first.
      </p>
      <ErrorNotice error={policies.error ?? runs.error} />
      <ListTable
        columns={['Name', 'Policy', 'Last run']}
        empty={!policies.loading && list.length === 0 && 'No retention policies.'}
      >
        {list.map((p) => (
          <PolicyRow key={p.id} policy={p} onChange={() => void policies.reload()} />
        ))}
      </ListTable>
      {can('privacy:delete') && <NewPolicy onSaved={() => void policies.reload()} />}
      {!!runs.data?.data.length && (
        <>
          <h4>Recent runs</h4>
          <ul>
            {runs.data.data.slice(0, 10).map((r) => (
              <li key={r.id}>
                {new Date(r.startedAt).toLocaleString()}: {names.get(r.policyId) ?? 'a deleted policy'} —{' '}
                {countsText(r.counts)}
                {r.status === 'partial' && ' (continues at the next sweep)'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
