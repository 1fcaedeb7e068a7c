// Settings → Security: IP allowlists for agents and API keys, and SCIM provisioning.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can, me } from '../../state/session.ts';
import type { ScimTokenCreated, ScimTokenStatus, Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';

/** What a list box holds, as the list the API takes: one range per line (or space or comma), blanks dropped. */
export function rangesOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function Allowlists({ tenant, ip, onSaved }: { tenant: Tenant; ip: string | undefined; onSaved: (t: Tenant) => void }) {
  const [agents, setAgents] = useState((tenant.security.agentIpAllowlist ?? []).join('\n'));
  const [keys, setKeys] = useState((tenant.security.apiIpAllowlist ?? []).join('\n'));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const editable = can('settings:update');
  useEffect(() => {
    setAgents((tenant.security.agentIpAllowlist ?? []).join('\n'));
    setKeys((tenant.security.apiIpAllowlist ?? []).join('\n'));
  }, [tenant]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const sent = { agents: rangesOf(agents), keys: rangesOf(keys) };
    try {
      onSaved(
        await api.patch<Tenant>(`/tenants/${tenant.id}`, {
          security: { agentIpAllowlist: sent.agents, apiIpAllowlist: sent.keys },
        }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  // The server's message names the value ("10.0.0.0/33" is not a CIDR range…): the entry's place is enough here.
  const errors = formErrors(error, {
    'security.agentIpAllowlist': 'Agent allowlist',
    'security.apiIpAllowlist': 'API key allowlist',
  });
  return (
    <form class="card form" onSubmit={save} aria-labelledby="allowlist-title">
      <h2 id="allowlist-title">IP allowlists</h2>
      <p class="help" role="status">
        Your current address is <strong class="mono">{ip ?? '…'}</strong>.
      </p>
      <label for="agent-allowlist">Agents may sign in and work only from (one range per line)</label>
      <textarea
        id="agent-allowlist"
        rows={4}
        class="mono"
        value={agents}
        disabled={!editable}
        placeholder="203.0.113.0/24"
        onInput={(e) => setAgents(e.currentTarget.value)}
        {...invalidProps(errors, 'allowlist', 'security.agentIpAllowlist', 'agent-allowlist-help')}
      />
      <FieldMessage errors={errors} form="allowlist" name="security.agentIpAllowlist" />
      <p id="agent-allowlist-help" class="help">
        IPv4 or IPv6 ranges (10.0.0.0/8, 2001:db8::/32) or single addresses. Empty: from anywhere. The list must hold
        your current address, so you cannot lock yourself out.
      </p>
      <label for="api-allowlist">API keys are accepted only from (one range per line)</label>
      <textarea
        id="api-allowlist"
        rows={3}
        class="mono"
        value={keys}
        disabled={!editable}
        placeholder="198.51.100.10"
        onInput={(e) => setKeys(e.currentTarget.value)}
        {...invalidProps(errors, 'allowlist', 'security.apiIpAllowlist', 'api-allowlist-help')}
      />
      <FieldMessage errors={errors} form="allowlist" name="security.apiIpAllowlist" />
      <p id="api-allowlist-help" class="help">
        Empty: from anywhere. The widget and the help centre are never restricted.
      </p>
      <FormSummary errors={errors} />
      {saved && <Success>IP allowlists saved.</Success>}
      {editable && (
        <button class="btn btn-primary" type="submit">
          Save allowlists
        </button>
      )}
    </form>
  );
}

function Scim({ tenant }: { tenant: Tenant }) {
  const enterprise = tenant.subscription.plan === 'enterprise';
  const owner = me.value?.role?.id === 'owner';
  const status = useLoad(
    () => (enterprise && owner ? api.get<ScimTokenStatus>('/scim/token') : Promise.resolve(undefined)),
    [enterprise, owner],
  );
  const [created, setCreated] = useState<ScimTokenCreated | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');

  async function rotate() {
    if (status.data?.configured && !confirm('Make a new SCIM token? The current one stops working at once.')) return;
    setError(null);
    setNote('');
    try {
      setCreated(await api.post<ScimTokenCreated>('/scim/token'));
      await status.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function revoke() {
    if (!confirm('Revoke the SCIM token? Your identity provider can no longer provision agents.')) return;
    setError(null);
    setCreated(null);
    try {
      await api.del('/scim/token');
      setNote('SCIM token revoked.');
      await status.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section class="card" aria-labelledby="scim-title">
      <h2 id="scim-title">SCIM provisioning</h2>
      {!enterprise ? (
        <p class="help">
          SCIM lets Okta or Entra ID create, update and deactivate agents. It is included in the enterprise plan.
        </p>
      ) : !owner ? (
        <p class="help">Only the account owner manages the SCIM token.</p>
      ) : (
        <>
          <p class="help">
            Give your identity provider the base URL and a token. Deactivating or removing someone there deactivates the
            agent here and signs them out at once; groups map to roles through the group roles above.
          </p>
          <ErrorNotice error={error ?? status.error} />
          {note && <Success>{note}</Success>}
          {status.data && (
            <dl class="facts">
              <dt>Base URL</dt>
              <dd class="mono wrap-anywhere">
                {status.data.baseUrl} <CopyButton text={status.data.baseUrl} label="Copy URL" />
              </dd>
              <dt>Token</dt>
              <dd>
                {status.data.configured ? `${status.data.hint} (made ${dateTime(status.data.createdAt)})` : 'none yet'}
              </dd>
            </dl>
          )}
          {created && (
            <div class="notice notice-ok" role="status">
              New SCIM token. Copy it now: it is shown only this once.
              <p>
                <code class="secret" aria-label="New SCIM token">
                  {created.token}
                </code>{' '}
                <CopyButton text={created.token} />
              </p>
            </div>
          )}
          <div class="actions">
            <button class="btn btn-primary" type="button" onClick={rotate}>
              {status.data?.configured ? 'Rotate token' : 'Create token'}
            </button>
            {status.data?.configured && (
              <button class="btn btn-danger-ghost" type="button" onClick={revoke}>
                Revoke token
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}

export function AccessSection() {
  const tenantId = me.value!.tenant.id;
  const tenant = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  const address = useLoad(() => api.get<{ ip: string }>('/me/address'), []);
  return (
    <>
      <ErrorNotice error={tenant.error} />
      {tenant.data && <Allowlists tenant={tenant.data} ip={address.data?.ip} onSaved={tenant.set} />}
      {tenant.data && <Scim tenant={tenant.data} />}
    </>
  );
}
