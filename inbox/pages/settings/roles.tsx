// Roles: built-in roles for reference, custom roles built from resource × action permissions.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { can } from '../../state/session.ts';
import type { Priority, Role } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { FormActions } from '../../components/form-actions.tsx';

const RESOURCES = [
  'tickets',
  'customers',
  'kb',
  'agents',
  'roles',
  'settings',
  'webhooks',
  'api-keys',
  'analytics',
  'audit-log',
  'teams',
  'canned-responses',
  'macros',
  'privacy',
];
const ACTIONS = ['create', 'read', 'update', 'delete'];
const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

interface Draft {
  id?: string;
  name: string;
  description: string;
  permissions: string[];
  conditions: Conditions;
}

/** Which tickets a role reaches: assigned to the agent, of the agent's teams, of these priorities (none: any). */
export interface Conditions {
  own: boolean;
  team: boolean;
  priorities: Priority[];
}

export const NO_CONDITIONS: Conditions = { own: false, team: false, priorities: [] };

export const conditionsOf = (r: Role): Conditions => ({
  own: r.conditions.own,
  team: r.conditions.team,
  priorities: r.conditions.priorities ?? [],
});

/** The role's limits in words, for the list: '' when it reaches every ticket. */
export function describeConditions(c: Conditions): string {
  const parts = [
    c.own && 'assigned to the agent',
    c.team && "of the agent's teams",
    c.priorities.length > 0 && `of priority ${c.priorities.join(' or ')}`,
  ].filter(Boolean);
  return parts.length ? `Only tickets ${parts.join(', ')}` : '';
}

function RoleForm({ draft, onSaved, onCancel }: { draft: Draft; onSaved: () => void; onCancel: () => void }) {
  const [d, setD] = useState(draft);
  const [error, setError] = useState<unknown>(null);
  const toggle = (p: string) =>
    setD({
      ...d,
      permissions: d.permissions.includes(p) ? d.permissions.filter((x) => x !== p) : [...d.permissions, p],
    });
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const body = {
      name: d.name,
      description: d.description,
      permissions: d.permissions,
      conditions: d.conditions,
    };
    try {
      if (d.id) await api.patch(`/roles/${d.id}`, body);
      else await api.post('/roles', body);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, {
    name: 'Role name',
    description: 'Description',
    permissions: 'Permissions',
    ownTicketsOnly: '“Only tickets assigned to the agent”',
    conditions: 'Ticket limits',
  });
  const c = d.conditions;
  const setC = (patch: Partial<Conditions>) => setD({ ...d, conditions: { ...c, ...patch } });
  return (
    <form class="card form" onSubmit={save} aria-labelledby="role-form-title">
      <h2 id="role-form-title">{d.id ? `Edit role ${draft.name}` : 'New custom role'}</h2>
      <div class="row">
        <div>
          <label for="role-name">Role name</label>
          <input
            id="role-name"
            required
            value={d.name}
            onInput={(e) => setD({ ...d, name: e.currentTarget.value })}
            {...invalidProps(errors, 'role', 'name')}
          />
          <FieldMessage errors={errors} form="role" name="name" />
        </div>
        <div class="grow">
          <label for="role-desc">Description</label>
          <input
            id="role-desc"
            value={d.description}
            onInput={(e) => setD({ ...d, description: e.currentTarget.value })}
            {...invalidProps(errors, 'role', 'description')}
          />
          <FieldMessage errors={errors} form="role" name="description" />
        </div>
      </div>
      <table class="table perm-grid">
        <caption class="sr-only">Permissions</caption>
        <thead>
          <tr>
            <th scope="col">Resource</th>
            {ACTIONS.map((a) => (
              <th scope="col" key={a}>
                {a}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {RESOURCES.map((r) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {ACTIONS.map((a) => (
                <td key={a}>
                  <input
                    type="checkbox"
                    aria-label={`${r}: ${a}`}
                    checked={d.permissions.includes(`${r}:${a}`)}
                    onChange={() => toggle(`${r}:${a}`)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <FieldMessage errors={errors} form="role" name="permissions" />
      <fieldset class="checks">
        <legend>Which tickets the role reaches (every limit ticked applies; none: all tickets)</legend>
        <label class="check">
          <input type="checkbox" checked={c.own} onChange={(e) => setC({ own: e.currentTarget.checked })} /> Only
          tickets assigned to the agent
        </label>
        <label class="check">
          <input type="checkbox" checked={c.team} onChange={(e) => setC({ team: e.currentTarget.checked })} /> Only
          tickets of the agent's teams
        </label>
      </fieldset>
      <fieldset class="checks">
        <legend>Only these priorities (none ticked: any priority)</legend>
        {PRIORITIES.map((p) => (
          <label class="check" key={p}>
            <input
              type="checkbox"
              checked={c.priorities.includes(p)}
              onChange={(e) =>
                setC({
                  priorities: e.currentTarget.checked
                    ? PRIORITIES.filter((x) => x === p || c.priorities.includes(x))
                    : c.priorities.filter((x) => x !== p),
                })
              }
            />{' '}
            Priority {p}
          </label>
        ))}
      </fieldset>
      <FieldMessage errors={errors} form="role" name="ownTicketsOnly" />
      <FieldMessage errors={errors} form="role" name="conditions" />
      <FormSummary errors={errors} />
      <FormActions label="Save role" onCancel={onCancel} />
    </form>
  );
}

export function RolesTab() {
  const roles = useLoad(() => api.get<Page<Role>>('/roles'), []);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function remove(r: Role) {
    if (!confirm(`Delete the role ${r.name}?`)) return;
    setError(null);
    try {
      await api.del(`/roles/${r.id}`);
      roles.reload();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div class="stack">
      {editing ? (
        <RoleForm
          key={editing.id ?? 'new'}
          draft={editing}
          onCancel={() => setEditing(null)}
          onSaved={() => (setEditing(null), roles.reload())}
        />
      ) : (
        can('roles:create') && (
          <p>
            <button
              class="btn btn-primary"
              type="button"
              onClick={() =>
                setEditing({
                  name: '',
                  description: '',
                  permissions: ['tickets:read'],
                  conditions: NO_CONDITIONS,
                })
              }
            >
              New custom role
            </button>
          </p>
        )
      )}
      <ErrorNotice error={roles.error || error} />
      <section class="card" aria-labelledby="roles-title">
        <h2 id="roles-title">Roles</h2>
        <ListTable columns={['Role', 'What it may do']}>
          {(roles.data?.data ?? []).map((r) => (
            <tr key={r.id}>
              <td>
                <strong>{r.name}</strong> {r.builtIn && <span class="pill">built-in</span>}
                <div class="muted">{r.description}</div>
              </td>
              <td class="perm-list">
                {r.permissions.length >= RESOURCES.length * ACTIONS.length ? 'Everything' : r.permissions.join(', ')}
                {describeConditions(conditionsOf(r)) && <div class="muted">{describeConditions(conditionsOf(r))}.</div>}
              </td>
              <td class="nowrap">
                {!r.builtIn && can('roles:update') && (
                  <button
                    class="btn btn-small"
                    type="button"
                    onClick={() =>
                      setEditing({
                        id: r.id,
                        name: r.name,
                        description: r.description,
                        permissions: r.permissions,
                        conditions: conditionsOf(r),
                      })
                    }
                  >
                    Edit
                  </button>
                )}{' '}
                {!r.builtIn && can('roles:delete') && (
                  <button class="btn btn-small btn-danger-ghost" type="button" onClick={() => remove(r)}>
                    Delete
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
