// Settings → Security: Single sign-on (OIDC and SAML). The owner picks the protocol, fills in the identity provider,
// copies the URLs to register there, names the email domains, and may require SSO with one break-glass owner.
import { useEffect, useState } from 'preact/hooks';
import { api, type Page } from '../../api.ts';
import { me } from '../../state/session.ts';
import type { Agent, Role, SsoConfig, SsoConfigBody } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';

export interface SsoForm {
  protocol: 'oidc' | 'saml';
  issuer: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  /** Empty: keep the stored metadata. */
  idpMetadataXml: string;
  /** One domain per line or comma-separated. */
  domains: string;
  enforce: boolean;
  defaultRoleId: string;
  breakGlassAgentId: string;
}

/** The form from what is saved (or the empty form when nothing is). */
export function ssoFormOf(c: SsoConfig): SsoForm {
  return {
    protocol: c.protocol ?? 'oidc',
    issuer: c.issuer ?? '',
    clientId: c.clientId ?? '',
    clientSecret: '',
    idpMetadataXml: '',
    domains: c.domains.join('\n'),
    enforce: c.enforce,
    defaultRoleId: c.defaultRoleId,
    breakGlassAgentId: c.breakGlassAgentId ?? '',
  };
}

export const domainsOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);

/** The PUT body: a left-empty secret or metadata is not sent, so the stored one stays. */
export function ssoBodyOf(f: SsoForm): SsoConfigBody {
  const common = {
    domains: domainsOf(f.domains),
    enforce: f.enforce,
    defaultRoleId: f.defaultRoleId,
    breakGlassAgentId: f.breakGlassAgentId || null,
  };
  if (f.protocol === 'oidc')
    return {
      protocol: 'oidc',
      issuer: f.issuer.trim(),
      clientId: f.clientId.trim(),
      ...(f.clientSecret ? { clientSecret: f.clientSecret } : {}),
      ...common,
    };
  return { protocol: 'saml', ...(f.idpMetadataXml.trim() ? { idpMetadataXml: f.idpMetadataXml } : {}), ...common };
}

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <div class="row">
        <input id={id} class="mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={value} />
      </div>
    </>
  );
}

function SsoEditor() {
  const config = useLoad(() => api.get<SsoConfig>('/sso'), []);
  const roles = useLoad(() => api.get<Page<Role>>('/roles'), []);
  const agents = useLoad(() => api.get<Page<Agent>>('/agents', { limit: 100 }), []);
  const [form, setForm] = useState<SsoForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (config.data) setForm(ssoFormOf(config.data));
  }, [config.data]);

  if (config.error) return <ErrorNotice error={config.error} />;
  if (!form || !config.data) return <p class="muted">Loading…</p>;
  const c = config.data;
  const change = (patch: Partial<SsoForm>) => {
    setSaved('');
    setForm({ ...form, ...patch });
  };
  const owners = (agents.data?.data ?? []).filter((a) => a.roleId === 'owner' && a.status === 'active');
  const grantable = (roles.data?.data ?? []).filter((r) => r.id !== 'owner');

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      config.set(await api.put<SsoConfig>('/sso', ssoBodyOf(form!)));
      setSaved('Single sign-on saved. Agents of these domains can now use “Sign in with SSO”.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!confirm('Remove single sign-on? Agents sign in with their passwords again.')) return;
    setError(null);
    try {
      await api.del('/sso');
      await config.reload();
      setSaved('Single sign-on removed.');
    } catch (err) {
      setError(err);
    }
  }

  const errors = formErrors(error, {
    issuer: 'Issuer URL',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    idpMetadataXml: 'Identity provider metadata',
    domains: 'Email domains',
    defaultRoleId: 'Role of new agents',
    breakGlassAgentId: 'Break-glass owner',
  });
  const oidc = form.protocol === 'oidc';
  return (
    <form class="card form" onSubmit={save} aria-labelledby="sso-title">
      <h2 id="sso-title">Single sign-on</h2>
      <p class="help">
        Agents whose email is on one of your domains sign in through your identity provider with “Sign in with SSO”.
        Someone new is added as an agent at their first sign-in (within your plan’s agent limit); groups map to roles as
        set under group roles.
      </p>
      <fieldset>
        <legend>Protocol</legend>
        <label class="check">
          <input type="radio" name="sso-protocol" checked={oidc} onChange={() => change({ protocol: 'oidc' })} /> OpenID
          Connect
        </label>
        <label class="check">
          <input type="radio" name="sso-protocol" checked={!oidc} onChange={() => change({ protocol: 'saml' })} /> SAML
          2.0
        </label>
      </fieldset>
      {oidc ? (
        <div key="oidc" class="stack">
          <CopyField
            id="sso-redirect"
            label="Redirect URI (register it at your provider)"
            value={c.endpoints.oidcRedirectUri}
          />
          <label for="sso-issuer">Issuer URL</label>
          <input
            id="sso-issuer"
            type="url"
            required
            placeholder="https://login.example.com"
            value={form.issuer}
            onInput={(e) => change({ issuer: e.currentTarget.value })}
            {...invalidProps(errors, 'sso', 'issuer')}
          />
          <FieldMessage errors={errors} form="sso" name="issuer" />
          <label for="sso-client-id">Client ID</label>
          <input
            id="sso-client-id"
            required
            value={form.clientId}
            onInput={(e) => change({ clientId: e.currentTarget.value })}
            {...invalidProps(errors, 'sso', 'clientId')}
          />
          <FieldMessage errors={errors} form="sso" name="clientId" />
          <label for="sso-client-secret">Client secret</label>
          <input
            id="sso-client-secret"
            type="password"
            autocomplete="off"
            required={!(c.protocol === 'oidc' && c.clientSecretSet)}
            placeholder={c.protocol === 'oidc' && c.clientSecretSet ? 'Saved — leave empty to keep it' : ''}
            value={form.clientSecret}
            onInput={(e) => change({ clientSecret: e.currentTarget.value })}
            {...invalidProps(errors, 'sso', 'clientSecret')}
          />
          <FieldMessage errors={errors} form="sso" name="clientSecret" />
        </div>
      ) : (
        <div key="saml" class="stack">
          <CopyField
            id="sso-acs"
            label="ACS URL (HTTP-POST; register it at your provider)"
            value={c.endpoints.samlAcsUrl}
          />
          <CopyField id="sso-entity" label="Entity ID (audience)" value={c.endpoints.samlEntityId} />
          <p>
            <a href={c.endpoints.samlMetadataUrl} download>
              Download service-provider metadata
            </a>
          </p>
          <label for="sso-metadata">Identity provider metadata (XML)</label>
          <textarea
            id="sso-metadata"
            class="mono"
            rows={6}
            required={c.protocol !== 'saml'}
            placeholder={
              c.protocol === 'saml' ? `Saved (${c.idpEntityId}) — leave empty to keep it` : '<EntityDescriptor …>'
            }
            value={form.idpMetadataXml}
            onInput={(e) => change({ idpMetadataXml: e.currentTarget.value })}
            {...invalidProps(errors, 'sso', 'idpMetadataXml')}
          />
          <FieldMessage errors={errors} form="sso" name="idpMetadataXml" />
        </div>
      )}
      <label for="sso-domains">Email domains</label>
      <textarea
        id="sso-domains"
        rows={2}
        required
        placeholder="example.com"
        value={form.domains}
        onInput={(e) => change({ domains: e.currentTarget.value })}
        {...invalidProps(errors, 'sso', 'domains', 'sso-domains-help')}
      />
      <FieldMessage errors={errors} form="sso" name="domains" />
      <p id="sso-domains-help" class="help">
        One per line. A domain can belong to one help desk account only.
      </p>
      <label for="sso-role">Role of new agents</label>
      <select
        id="sso-role"
        value={form.defaultRoleId}
        onChange={(e) => change({ defaultRoleId: e.currentTarget.value })}
        {...invalidProps(errors, 'sso', 'defaultRoleId')}
      >
        {grantable.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      <FieldMessage errors={errors} form="sso" name="defaultRoleId" />
      <label class="check">
        <input type="checkbox" checked={form.enforce} onChange={(e) => change({ enforce: e.currentTarget.checked })} />{' '}
        Require SSO (password sign-in only for the break-glass owner)
      </label>
      <label for="sso-break-glass">Break-glass owner</label>
      <select
        id="sso-break-glass"
        value={form.breakGlassAgentId}
        onChange={(e) => change({ breakGlassAgentId: e.currentTarget.value })}
        {...invalidProps(errors, 'sso', 'breakGlassAgentId', 'sso-break-glass-help')}
      >
        <option value="">None</option>
        {owners.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.email})
          </option>
        ))}
      </select>
      <FieldMessage errors={errors} form="sso" name="breakGlassAgentId" />
      <p id="sso-break-glass-help" class="help">
        This owner can still sign in with a password when the identity provider is down. Needed to require SSO.
      </p>
      <FormSummary errors={errors} />
      {saved && <Success>{saved}</Success>}
      <div class="row">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Checking the provider…' : 'Save single sign-on'}
        </button>
        {c.configured && (
          <button class="btn btn-danger-ghost" type="button" onClick={remove}>
            Remove single sign-on
          </button>
        )}
      </div>
    </form>
  );
}

export function SsoSection() {
  const m = me.value;
  if (!m) return null;
  const plan = m.tenant.subscription.plan;
  if (plan !== 'enterprise')
    return (
      <section class="card" aria-labelledby="sso-title">
        <h2 id="sso-title">Single sign-on</h2>
        <p class="notice notice-info">
          Single sign-on (OpenID Connect, SAML 2.0) is included in the enterprise plan; this account is on the {plan}{' '}
          plan. Ask the operator of this help desk to upgrade it.
        </p>
      </section>
    );
  if (m.role?.id !== 'owner')
    return (
      <section class="card" aria-labelledby="sso-title">
        <h2 id="sso-title">Single sign-on</h2>
        <p class="muted">Only the account owner configures single sign-on.</p>
      </section>
    );
  return <SsoEditor />;
}
