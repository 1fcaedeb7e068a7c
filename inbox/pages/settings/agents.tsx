// Agents: the team list, invitations (link shown once, resent or revoked), password reset links, role changes,
// deactivation and removal.
import { useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { me, can } from '../../state/session.ts';
import type { Agent, Role, Session } from '../../types.ts';
import { ListTable } from '../../components/list-table.tsx';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { loadAgents } from '../../state/agents.ts';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';
import { SESSION_COLUMNS, SessionRows } from '../my-account/sessions.tsx';

function InviteForm({ roles, onDone }: { roles: Role[]; onDone: (link: InviteLinkProps | null) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState('agent');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const made = await api.post<Agent & { inviteUrl: string | null }>('/agents', { name, email, roleId });
      setName('');
      setEmail('');
      onDone(made.inviteUrl ? { email: made.email, url: made.inviteUrl, kind: 'invite' } : null);
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { name: 'Name', email: 'Email', roleId: 'Role' });
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">Invite an agent</h2>
      <div class="row">
        <div>
          <label for="inv-name">Name</label>
          <input
            id="inv-name"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            {...invalidProps(errors, 'invite', 'name')}
          />
          <FieldMessage errors={errors} form="invite" name="name" />
        </div>
        <div>
          <label for="inv-email">Email</label>
          <input
            id="inv-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            {...invalidProps(errors, 'invite', 'email')}
          />
          <FieldMessage errors={errors} form="invite" name="email" />
        </div>
        <div>
          <label for="inv-role">Role</label>
          <select
            id="inv-role"
            value={roleId}
            onChange={(e) => setRoleId(e.currentTarget.value)}
            {...invalidProps(errors, 'invite', 'roleId')}
          >
            {roles
              .filter((r) => r.id !== 'owner')
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
          </select>
          <FieldMessage errors={errors} form="invite" name="roleId" />
        </div>
      </div>
      <FormSummary errors={errors} />
      <button class="btn btn-primary" type="submit">
        Send invitation
      </button>
    </form>
  );
}

interface InviteLinkProps {
  email: string;
  url: string;
  /** A first invitation, a resent one that replaced the previous link, or a password reset link. */
  kind: 'invite' | 'resend' | 'reset';
  /** When a reset link stops working. */
  expiresAt?: string;
}

/** What a freshly issued link is for, and that it is shown only now. */
export function linkNote({ email, kind, expiresAt }: Omit<InviteLinkProps, 'url'>): string {
  if (kind === 'invite') return `Invitation for ${email} created. Send them this link (shown only now):`;
  if (kind === 'resend') return `New invitation link for ${email} (shown only now; the previous link no longer works):`;
  return `Password reset link for ${email} (shown only now). It works once, until ${expiresAt ? dateTime(expiresAt) : 'an hour from now'}; using it signs them out everywhere else. Any earlier link no longer works:`;
}

/** A freshly issued invitation or reset link: shown once, with a copy button. */
function InviteLink(props: InviteLinkProps) {
  const { url } = props;
  return (
    <div class="notice notice-ok" role="status">
      {linkNote(props)}
      <p>
        <code class="secret">{url}</code> <CopyButton text={url} label="Copy link" />
      </p>
    </div>
  );
}

/** An agent's sessions, for whoever may change them: each can be ended, or all at once. */
function AgentSessions({ agent }: { agent: Agent }) {
  const sessions = useLoad(() => api.get<{ data: Session[] }>(`/agents/${agent.id}/sessions`), [agent.id]);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const list = sessions.data?.data ?? [];
  async function act(fn: () => Promise<string>) {
    setError(null);
    setNote('');
    try {
      setNote(await fn());
      await sessions.reload();
    } catch (err) {
      setError(err);
    }
  }
  const end = (s: Session) =>
    act(async () => {
      await api.del(`/agents/${agent.id}/sessions/${s.id}`);
      return `Ended ${agent.name}'s session on ${s.device}.`;
    });
  const endAll = () =>
    act(async () => {
      if (!confirm(`Sign ${agent.name} out everywhere? Every session of theirs ends at once.`)) return '';
      const r = await api.del<{ ended: number }>(`/agents/${agent.id}/sessions`);
      return `${agent.name} was signed out of ${r.ended} session${r.ended === 1 ? '' : 's'}.`;
    });
  return (
    <div class="stack" role="region" aria-label={`Sessions of ${agent.name}`}>
      <ErrorNotice error={error ?? sessions.error} />
      {note && <Success>{note}</Success>}
      <ListTable
        columns={SESSION_COLUMNS}
        empty={!sessions.loading && list.length === 0 && `${agent.name} is not signed in anywhere.`}
      >
        <SessionRows sessions={list} onEnd={end} />
      </ListTable>
      {list.some((s) => !s.current) && (
        <div class="actions">
          <button class="btn btn-small btn-danger-ghost" type="button" onClick={endAll}>
            Sign {agent.name} out everywhere
          </button>
        </div>
      )}
    </div>
  );
}

interface RowProps {
  agent: Agent;
  roles: Role[];
  onChange: (a: Agent) => void;
  onGone: (a: Agent, note: string) => void;
  onLink: (l: InviteLinkProps) => void;
}

function AgentRow({ agent, roles, onChange, onGone, onLink }: RowProps) {
  const [error, setError] = useState<unknown>(null);
  const [showSessions, setShowSessions] = useState(false);
  const self = me.value?.agent?.id === agent.id;
  // The server's rule, so nobody is offered a button that can only fail: only an owner acts on an owner.
  const manageable = !self && (agent.roleId !== 'owner' || me.value?.role?.id === 'owner');
  const editable = can('agents:update') && manageable;
  const removable = can('agents:delete') && manageable;
  async function act(fn: () => Promise<void>) {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
  }
  const patch = (body: Partial<Agent>) =>
    act(async () => onChange(await api.patch<Agent>(`/agents/${agent.id}`, body)));
  const resend = () =>
    act(async () => {
      const r = await api.post<Agent & { inviteUrl: string }>(`/agents/${agent.id}/invite/resend`);
      onChange(r);
      onLink({ email: r.email, url: r.inviteUrl, kind: 'resend' });
    });
  const resetPassword = () =>
    act(async () => {
      const r = await api.post<{ url: string; expiresAt: string }>(`/agents/${agent.id}/password-reset`);
      onLink({ email: agent.email, url: r.url, expiresAt: r.expiresAt, kind: 'reset' });
    });
  // An agent who lost their phone: an owner removes their authenticator app and passkeys (audited).
  const [twoFactorReset, setTwoFactorReset] = useState(false);
  const resetTwoFactor = () =>
    act(async () => {
      if (
        !confirm(
          `Reset two-factor sign-in of ${agent.name}? Their authenticator app, recovery codes and passkeys stop working.`,
        )
      )
        return;
      await api.post(`/agents/${agent.id}/two-factor/reset`);
      setTwoFactorReset(true);
    });
  const revoke = () =>
    act(async () => {
      if (!confirm(`Revoke the invitation for ${agent.email}? Their link stops working.`)) return;
      await api.del(`/agents/${agent.id}/invite`);
      onGone(agent, `Invitation for ${agent.email} revoked.`);
    });
  const remove = () =>
    act(async () => {
      if (!confirm(`Remove ${agent.name} from the team? They are signed out at once; their messages keep their name.`))
        return;
      await api.del(`/agents/${agent.id}`);
      onGone(agent, `${agent.name} was removed.`);
    });
  const roleName = roles.find((r) => r.id === agent.roleId)?.name ?? agent.roleId;
  return (
    <>
      <tr key="agent">
        <td>
          {agent.name} {self && <span class="muted">(you)</span>}
          <ErrorNotice error={error} />
          {twoFactorReset && <Success>Two-factor sign-in of {agent.name} was reset.</Success>}
        </td>
        <td class="wrap-anywhere">{agent.email}</td>
        <td>
          {editable ? (
            <select
              aria-label={`Role of ${agent.name}`}
              value={agent.roleId}
              onChange={(e) => patch({ roleId: e.currentTarget.value })}
            >
              {roles
                .filter((r) => r.id !== 'owner' || me.value?.role?.id === 'owner')
                .map((r) => (
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
          <span class={`pill pill-${agent.status}`}>{agent.status === 'disabled' ? 'deactivated' : agent.status}</span>
        </td>
        <td class="muted">{agent.lastLoginAt ? dateTime(agent.lastLoginAt) : 'never'}</td>
        <td>
          <div class="row-actions">
            {agent.status === 'invited' ? (
              <>
                {can('agents:create') && manageable && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-label={`Resend invitation to ${agent.name}`}
                    onClick={resend}
                  >
                    Resend invite
                  </button>
                )}
                {removable && (
                  <button
                    class="btn btn-small btn-danger-ghost"
                    type="button"
                    aria-label={`Revoke invitation of ${agent.name}`}
                    onClick={revoke}
                  >
                    Revoke invite
                  </button>
                )}
              </>
            ) : (
              <>
                {editable && agent.status === 'active' && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-expanded={showSessions}
                    aria-label={`Sessions of ${agent.name}`}
                    onClick={() => setShowSessions(!showSessions)}
                  >
                    Sessions
                  </button>
                )}
                {editable && agent.status === 'active' && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-label={`Reset password of ${agent.name}`}
                    onClick={resetPassword}
                  >
                    Reset password
                  </button>
                )}
                {me.value?.role?.id === 'owner' && !self && agent.status === 'active' && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-label={`Reset two-factor of ${agent.name}`}
                    onClick={resetTwoFactor}
                  >
                    Reset two-factor
                  </button>
                )}
                {editable && (
                  <button
                    class="btn btn-small"
                    type="button"
                    aria-label={`${agent.status === 'disabled' ? 'Reactivate' : 'Deactivate'} ${agent.name}`}
                    onClick={() => patch({ status: agent.status === 'disabled' ? 'active' : 'disabled' })}
                  >
                    {agent.status === 'disabled' ? 'Reactivate' : 'Deactivate'}
                  </button>
                )}
                {removable && (
                  <button
                    class="btn btn-small btn-danger-ghost"
                    type="button"
                    aria-label={`Remove ${agent.name}`}
                    onClick={remove}
                  >
                    Remove
                  </button>
                )}
              </>
            )}
          </div>
        </td>
      </tr>
      {showSessions && agent.status === 'active' && (
        <tr key="sessions">
          <td colSpan={6}>
            <AgentSessions agent={agent} />
          </td>
        </tr>
      )}
    </>
  );
}

export function AgentsTab() {
  const agents = useLoad(() => api.get<Page<Agent>>('/agents', { limit: 100 }), []);
  const roles = useLoad(() => api.get<Page<Role>>('/roles'), []);
  const [link, setLink] = useState<InviteLinkProps | null>(null);
  const [note, setNote] = useState('');
  const roleList = roles.data?.data ?? [];
  const list = agents.data?.data ?? [];
  const replace = (n: Agent) => agents.set({ ...agents.data!, data: list.map((x) => (x.id === n.id ? n : x)) });
  const drop = (a: Agent, message: string) => {
    agents.set({ ...agents.data!, data: list.filter((x) => x.id !== a.id) });
    setLink(null);
    setNote(message);
    // the shared agent list (assignee pickers, names) must forget them too
    loadAgents(true);
  };
  return (
    <div class="stack">
      {can('agents:create') && (
        <InviteForm roles={roleList} onDone={(l) => (setNote(''), setLink(l), agents.reload())} />
      )}
      {/* One link on screen at a time: a resend or revoke makes the previous one useless. */}
      {link && <InviteLink {...link} />}
      <section class="card" aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        <ErrorNotice error={agents.error} />
        {note && <Success>{note}</Success>}
        <p class="help">
          A deactivated agent cannot sign in and keeps no seat; reactivate them any time. Removing is for good, once
          their open tickets are reassigned.
        </p>
        <ListTable columns={['Name', 'Email', 'Role', 'Status', 'Last sign-in']}>
          {list.map((a) => (
            <AgentRow
              key={a.id}
              agent={a}
              roles={roleList}
              onChange={replace}
              onGone={drop}
              onLink={(l) => (setNote(''), setLink(l))}
            />
          ))}
        </ListTable>
      </section>
    </div>
  );
}
