// Audit log: who signed in (or failed to), created or revoked keys, changed roles and account settings.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';
import { agentName, loadAgents } from '../../state/agents.ts';

interface AuditEntry {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export function actorLabel(e: Pick<AuditEntry, 'actorType' | 'actorId'>): string {
  if (e.actorType === 'agent' && e.actorId) return agentName(e.actorId);
  if (e.actorType === 'api-key') return `API key ${e.actorId ?? ''}`.trim();
  if (e.actorType === 'platform') return 'Platform operator';
  if (e.actorType === 'anonymous') return 'Not signed in';
  return e.actorType;
}

export function AuditLogTab() {
  const first = useLoad(() => api.get<Page<AuditEntry>>('/audit-log', { limit: 50 }), []);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void loadAgents(), []);
  const next = cursor === undefined ? first.data?.nextCursor : cursor;
  const rows = [...(first.data?.data ?? []), ...more];

  async function loadMore() {
    if (!next) return;
    try {
      const page = await api.get<Page<AuditEntry>>('/audit-log', { limit: 50, cursor: next });
      setMore([...more, ...page.data]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  }

  if (first.error) return <ErrorNotice error={first.error} />;
  if (!first.data) return <p class="muted">Loading…</p>;
  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                Nothing recorded yet.
              </td>
            </tr>
          )}
          {rows.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.createdAt)}</td>
              <td>{actorLabel(e)}</td>
              <td>
                <code>{e.action}</code>
                {typeof e.details.email === 'string' && <span class="muted"> {e.details.email}</span>}
              </td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={error} />
      {next && (
        <button class="btn more" type="button" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
