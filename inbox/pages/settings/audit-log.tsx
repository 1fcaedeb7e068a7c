// Audit log: who signed in (or failed to), created or revoked keys, changed roles and account settings; filtered by action, person and dates.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { usePages } from '../../components/use-pages.ts';
import { dateTime } from '../../components/format.ts';
import { agents, loadAgents } from '../../state/agents.ts';

interface AuditEntry {
  id: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface AuditFilters {
  action: string;
  actorId: string;
  /** `YYYY-MM-DD` from a date input, in the agent's time zone; empty for no bound. */
  from: string;
  to: string;
}

const NO_FILTERS: AuditFilters = { action: '', actorId: '', from: '', to: '' };

/** Local midnight of a `YYYY-MM-DD` day as an ISO instant, `days` later. */
function localDay(day: string, days = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
}

/** The list API's query for the filters: the "to" day is included whole (the API's `to` is exclusive). */
export function auditQuery(f: AuditFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.action) q.action = f.action;
  if (f.actorId) q.actorId = f.actorId;
  if (f.from) q.from = localDay(f.from);
  if (f.to) q.to = localDay(f.to, 1);
  return q;
}

const ACTIONS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.login_throttled': 'Sign-in blocked (too many attempts)',
  'auth.login_refused': 'Sign-in refused (address not allowed)',
  'tenant.signup': 'Signed up',
  'tenant.created': 'Account created',
  'tenant.updated': 'Account settings changed',
  'tenant.suspended': 'Account suspended',
  'tenant.reactivated': 'Account reactivated',
  'tenant.widget_key_rotated': 'Widget key rotated',
  'tenant.identity_secret_rotated': 'Identity secret rotated',
  'agent.invited': 'Agent invited',
  'agent.created': 'Agent added',
  'agent.invite_accepted': 'Invitation accepted',
  'agent.invite_resent': 'Invitation resent',
  'agent.invite_revoked': 'Invitation withdrawn',
  'agent.role_changed': 'Role changed',
  'agent.disabled': 'Agent disabled',
  'agent.enabled': 'Agent enabled',
  'agent.removed': 'Agent removed',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'role.created': 'Role created',
  'role.updated': 'Role changed',
  'role.deleted': 'Role deleted',
  'webhook.created': 'Webhook added',
  'webhook.updated': 'Webhook changed',
  'webhook.deleted': 'Webhook deleted',
  'webhook.disabled': 'Webhook switched off',
  'webhook.redelivered': 'Webhook delivery resent',
  'webhook.secret_rotated': 'Webhook secret rotated',
  'kb.category.created': 'Category created',
  'kb.category.updated': 'Category changed',
  'kb.category.deleted': 'Category deleted',
  'kb.synonyms.updated': 'Search synonyms changed',
};

/** An action in words, for the table and the picker; an action this inbox does not know yet stays as recorded. */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

export function AuditLogTab() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const actions = useLoad(() => api.get<{ data: { action: string; count: number }[] }>('/audit-log/actions'), []);
  useEffect(() => void loadAgents(), []);
  const query = auditQuery(filters);
  const list = usePages(
    (cursor) => api.get<Page<AuditEntry>>('/audit-log', { ...query, limit: 50, cursor }),
    [JSON.stringify(query)],
  );
  const set = (k: keyof AuditFilters) => (e: Event) =>
    setFilters({ ...filters, [k]: (e.currentTarget as HTMLInputElement).value });
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div class="filters" role="group" aria-label="Filter the audit log">
        <label>
          Action
          <select value={filters.action} onChange={set('action')}>
            <option value="">All actions</option>
            {(actions.data?.data ?? []).map((a) => (
              <option key={a.action} value={a.action}>
                {actionLabel(a.action)} ({a.count})
              </option>
            ))}
          </select>
        </label>
        <label>
          Who
          <select value={filters.actorId} onChange={set('actorId')}>
            <option value="">Anyone</option>
            {agents.value.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.from} max={filters.to || undefined} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={set('to')} />
        </label>
        {filtered && (
          <button class="btn btn-small btn-ghost" type="button" onClick={() => setFilters(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
      {list.error ? <ErrorNotice error={list.error} /> : null}
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
          {list.loading && list.rows.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                Loading…
              </td>
            </tr>
          )}
          {!list.loading && list.rows.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                {filtered ? 'Nothing matches these filters.' : 'Nothing recorded yet.'}
              </td>
            </tr>
          )}
          {list.rows.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.createdAt)}</td>
              <td>{e.actorName}</td>
              <td>
                <span title={e.action}>{actionLabel(e.action)}</span>
                {typeof e.details.email === 'string' && <span class="muted"> {e.details.email}</span>}
              </td>
              <td>{e.targetLabel ?? '—'}</td>
              <td>{e.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.hasMore && (
        <button class="btn more" type="button" onClick={list.more}>
          Load more
        </button>
      )}
    </section>
  );
}
