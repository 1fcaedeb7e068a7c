// Help centre settings: where the public help centre lives (its built-in addresses and custom domains, each
// with the TXT record or HTTP token that proves it is the tenant's), whether the widget loads on its pages, and
// what visitors searched for without finding an answer.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can, me } from '../../state/session.ts';
import type { HelpCenterDomain, HelpCenterDomains, SearchMiss, Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime, relative } from '../../components/format.ts';

function WidgetChoice() {
  const tenantId = me.value!.tenant.id;
  const [on, setOn] = useState(me.value!.tenant.settings.helpCenter?.showWidget === true);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function change(showWidget: boolean) {
    setOn(showWidget);
    setSaved(false);
    setError(null);
    try {
      const next = await api.patch<Tenant>(`/tenants/${tenantId}`, { settings: { helpCenter: { showWidget } } });
      if (me.value) me.value = { ...me.value, tenant: next };
      setSaved(true);
    } catch (err) {
      setOn(!showWidget);
      setError(err);
    }
  }
  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          checked={on}
          disabled={!can('settings:update')}
          onChange={(e) => change(e.currentTarget.checked)}
        />{' '}
        Show the widget on help-centre pages (“Still need help?” opens it)
      </label>
      <ErrorNotice error={error} />
      {saved && <Success>Saved.</Success>}
    </>
  );
}

function DomainRow({ d, onChange }: { d: HelpCenterDomain; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable = can('settings:update');
  async function verify() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/help-center/domains/${d.id}/verify`, {});
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!confirm(`Remove ${d.domain}? The help centre stops answering there.`)) return;
    setError(null);
    try {
      await api.del(`/help-center/domains/${d.id}`);
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li class="card domain" aria-labelledby={`dom-${d.id}`}>
      <h3 id={`dom-${d.id}`}>
        {d.status === 'verified' ? <a href={d.url}>{d.domain}</a> : d.domain}{' '}
        <span class={`pill pill-${d.status === 'verified' ? 'active' : 'pending'}`}>
          {d.status === 'verified' ? 'Verified' : 'Pending'}
        </span>
      </h3>
      {d.status === 'pending' && (
        <>
          <p>Prove the domain is yours in one of two ways, then check it:</p>
          <ol>
            <li>
              Add a DNS <strong>TXT</strong> record named <code>{d.verification.txtName}</code> with the value{' '}
              <code>{d.verification.txtValue}</code> <CopyButton text={d.verification.txtValue} label="Copy value" />
            </li>
            <li>
              Or point the domain (CNAME or A record) at this help desk: it then serves{' '}
              <code>{d.verification.httpUrl}</code> itself.
            </li>
          </ol>
          {d.lastError && (
            <p class="muted" role="status">
              Last check {relative(d.lastCheckedAt)}: {d.lastError}
            </p>
          )}
        </>
      )}
      {d.status === 'verified' && <p class="muted">Verified {dateTime(d.verifiedAt)}.</p>}
      {editable && (
        <div class="actions">
          {d.status === 'pending' && (
            <button class="btn btn-primary btn-small" type="button" disabled={busy} onClick={verify}>
              {busy ? 'Checking…' : `Check ${d.domain}`}
            </button>
          )}
          <button class="btn btn-small btn-ghost" type="button" onClick={remove}>
            Remove {d.domain}
          </button>
        </div>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}

function AddDomain({ onAdded }: { onAdded: () => void }) {
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/help-center/domains', { domain });
      setDomain('');
      onAdded();
    } catch (err) {
      setError(err);
    }
  }
  const errors = formErrors(error, { domain: 'Domain' });
  return (
    <form class="form inline-form" onSubmit={submit} aria-labelledby="dom-new-title">
      <h3 id="dom-new-title">Add a custom domain</h3>
      <label for="dom-new">Domain</label>
      <input
        id="dom-new"
        required
        placeholder="help.example.com"
        value={domain}
        onInput={(e) => setDomain(e.currentTarget.value)}
        {...invalidProps(errors, 'dom', 'domain')}
      />
      <FieldMessage errors={errors} form="dom" name="domain" />
      <FormSummary errors={errors} />
      <button class="btn btn-primary" type="submit">
        Add domain
      </button>
    </form>
  );
}

function SearchMisses() {
  const misses = useLoad(() => api.get<{ data: SearchMiss[] }>('/kb/search-misses', { limit: 20 }), []);
  if (misses.error) return <ErrorNotice error={misses.error} />;
  const rows = misses.data?.data ?? [];
  return (
    <section class="card" aria-labelledby="misses-title">
      <h2 id="misses-title">Searches that found nothing</h2>
      <p class="help">From the help centre and the widget, most frequent first: ideas for new articles.</p>
      {misses.loading && !misses.data ? (
        <p class="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Search</th>
              <th scope="col">Language</th>
              <th scope="col">Times</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={`${m.locale}:${m.query}`}>
                <td>{m.query}</td>
                <td>{m.locale}</td>
                <td>{m.misses}</td>
                <td>{relative(m.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function HelpCenterTab() {
  const domains = useLoad(() => api.get<HelpCenterDomains>('/help-center/domains'), []);
  const [list, setList] = useState<HelpCenterDomains | null>(null);
  useEffect(() => {
    if (domains.data) setList(domains.data);
  }, [domains.data]);
  if (domains.error) return <ErrorNotice error={domains.error} />;
  if (!list) return <p class="muted">Loading…</p>;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="hc-title">
        <h2 id="hc-title">Help centre</h2>
        <p class="help">
          Every published article is a public page, found by search engines. Drafts never show. Branding and languages
          follow the widget’s.
        </p>
        <ul class="plain">
          {list.addresses.map((a) => (
            <li key={a}>
              <a href={a} target="_blank" rel="noopener">
                {a}
              </a>
            </li>
          ))}
        </ul>
        <WidgetChoice />
      </section>
      <section class="card" aria-labelledby="domains-title">
        <h2 id="domains-title">Custom domains</h2>
        <p class="help">
          Serve the help centre at your own address, such as <code>help.example.com</code>. Once it is verified and
          points here, HTTPS certificates are issued automatically (see the README’s Caddy recipe).
        </p>
        {list.data.length > 0 && (
          <ul class="plain stack">
            {list.data.map((d) => (
              <DomainRow key={d.id} d={d} onChange={domains.reload} />
            ))}
          </ul>
        )}
        {can('settings:update') && <AddDomain onAdded={domains.reload} />}
      </section>
      {can('kb:read') && <SearchMisses />}
    </div>
  );
}
