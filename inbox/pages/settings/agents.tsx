// Agents: the team list, invitations (link shown once), role changes and disabling.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { me, can } from '../../state/session.ts';
import type { Agent, Role } from '../../types.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';

function InviteForm({ roles, onDone }: { roles: Role[]; onDone: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState('agent');
  const [error, setError] = useState<unknown>(null);
  const [invite, setInvite] = useState<{ email: string; url: string } | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const made = await api.post<Agent & { inviteUrl: string | null }>('/agents', { name, email, roleId });
      setInvite({ email: made.email, url: made.inviteUrl ?? '' });
      setName('');
      setEmail('');
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">Invite an agent</h2>
      <div class="row">
        <div>
          <label for="inv-name">Name</label>
          <input id="inv-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div>
          <label for="inv-email">Email</label>
          <input id="inv-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div>
          <label for="inv-role">Role</label>
          <select id="inv-role" value={roleId} onChange={(e) => setRoleId(e.currentTarget.value)}>
            {roles.filter((r) => r.id !== 'owner').map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={error} />
      {invite && (
        <div class="notice notice-ok" role="status">
          Invitation for {invite.email} created. Send them this link (shown only now):
          <p>
            <code class="secret">{invite.url}</code> <CopyButton text={invite.url} label="Copy link" />
          </p>
        </div>
      )}
      <button class="btn btn-primary" type="submit">
        Send invitation
      </button>
    </form>
  );
}

function AgentRow({ agent, roles, onChange }: { agent: Agent; roles: Role[]; onChange: (a: Agent) => void }) {
  const [error, setError] = useState<unknown>(null);
  const self = me.value?.agent?.id === agent.id;
  const editable = can('agents:update') && !self && (agent.roleId !== 'owner' || me.value?.role?.id === 'owner');
  async function patch(body: Partial<Agent>) {
    setError(null);
    try {
      onChange(await api.patch<Agent>(`/agents/${agent.id}`, body));
    } catch (err) {
      setError(err);
    }
  }
  const roleName = roles.find((r) => r.id === agent.roleId)?.name ?? agent.roleId;
  return (
    <tr>
      <td>
        {agent.name} {self && <span class="muted">(you)</span>}
        <ErrorNotice error={error} />
      </td>
      <td>{agent.email}</td>
      <td>
        {editable ? (
          <select aria-label={`Role of ${agent.name}`} value={agent.roleId} onChange={(e) => patch({ roleId: e.currentTarget.value })}>
            {roles.filter((r) => r.id !== 'owner' || me.value?.role?.id === 'owner').map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        ) : (
          roleName
        )}
      </td>
      <td>
        <span class={`pill pill-${agent.status}`}>{agent.status}</span>
      </td>
      <td class="muted">{agent.lastLoginAt ? dateTime(agent.lastLoginAt) : 'never'}</td>
      <td>
        {editable && agent.status !== 'invited' && (
          <button class="btn btn-small" type="button" onClick={() => patch({ status: agent.status === 'disabled' ? 'active' : 'disabled' })}>
            {agent.status === 'disabled' ? 'Enable' : 'Disable'}
          </button>
        )}
      </td>
    </tr>
  );
}

export function AgentsTab() {
  const agents = useLoad(() => api.get<Page<Agent>>('/agents', { limit: 100 }), []);
  const roles = useLoad(() => api.get<Page<Role>>('/roles'), []);
  const roleList = roles.data?.data ?? [];
  return (
    <div class="stack">
      {can('agents:create') && <InviteForm roles={roleList} onDone={agents.reload} />}
      <section class="card" aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        <ErrorNotice error={agents.error} />
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col"><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {(agents.data?.data ?? []).map((a) => (
              <AgentRow key={a.id} agent={a} roles={roleList} onChange={(n) => agents.set({ ...agents.data!, data: agents.data!.data.map((x) => (x.id === n.id ? n : x)) })} />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
