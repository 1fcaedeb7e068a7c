// Install & security: allowed origins, the ready-to-paste snippet, and the identity-verification secret.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { me, can } from '../../state/session.ts';
import type { Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps } from '../../components/form-errors.tsx';
import { CopyButton } from '../../components/copy-button.tsx';
import { useLoad } from '../../components/use-load.ts';

/**
 * Contract section 6 with this tenant's ids and this server's origin filled in, but without `theme`:
 * snippet values override the branding, so a colour pasted here would freeze the site's look and
 * Settings → Branding would never reach it.
 */
export function snippetFor(t: Tenant, origin: string): string {
  return `<script>
  window.HelpDeskConfig = {
    tenantId: '${t.id}',
    apiKey: '${t.widgetKey}',
    features: { ticketSubmission: true, knowledgeBase: true, liveChat: false }
  };
  (function () {
    var s = document.createElement('script');
    s.src = '${origin}/embed.js'; s.async = true;
    document.head.appendChild(s);
  })();
</script>`;
}

export function hmacExample(secret: string): string {
  return `// On your server, never in the browser: sign the signed-in user's id.
import { createHmac } from 'node:crypto';

const secret = process.env.HELPDESK_IDENTITY_SECRET; // ${secret ? secret.slice(0, 8) + '…' : 'the secret above'}
const userHash = createHmac('sha256', secret).update(String(user.id)).digest('hex');

// Then, in the page you render for that user:
// window.HelpDesk('identify', { userId: String(user.id), email: user.email, name: user.name, userHash });`;
}

/** What the textarea holds, as the list the API takes: one origin per line (or space or comma), blanks dropped. */
export function originsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function Origins({ tenant, onSaved }: { tenant: Tenant; onSaved: (t: Tenant) => void }) {
  const [text, setText] = useState(tenant.allowedOrigins.join('\n'));
  const [error, setError] = useState<{ err: unknown; sent: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setText(tenant.allowedOrigins.join('\n')), [tenant]);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const allowedOrigins = originsOf(text);
    try {
      onSaved(await api.patch<Tenant>(`/tenants/${tenant.id}`, { allowedOrigins }));
      setSaved(true);
    } catch (err) {
      setError({ err, sent: allowedOrigins });
    }
  }
  const errors = formErrors(error?.err, {
    allowedOrigins: { label: 'Allowed origins', item: (i) => `“${error?.sent[i] ?? ''}”` },
  });
  return (
    <form class="card form" onSubmit={save}>
      <h2>Allowed origins</h2>
      <label for="origins">Websites allowed to use your widget, one per line</label>
      <textarea
        id="origins"
        rows={4}
        class="mono"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        disabled={!can('settings:update')}
        placeholder="https://www.example.com"
        {...invalidProps(errors, 'origins', 'allowedOrigins', 'origins-help')}
      />
      <FieldMessage errors={errors} form="origins" name="allowedOrigins" />
      <p id="origins-help" class="help">
        Empty means any website may use your widget key. Once you list one, requests from other sites are refused. The
        preview on this page runs on {location.origin}.
      </p>
      <FormSummary errors={errors} />
      {saved && <Success>Allowed origins saved.</Success>}
      {can('settings:update') && (
        <button class="btn btn-primary" type="submit">
          Save origins
        </button>
      )}
    </form>
  );
}

function IdentitySecret({ tenant }: { tenant: Tenant }) {
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function reveal() {
    setError(null);
    try {
      setSecret((await api.get<{ identitySecret: string }>(`/tenants/${tenant.id}/identity-secret`)).identitySecret);
    } catch (err) {
      setError(err);
    }
  }
  async function rotate() {
    if (!confirm('Rotate the identity secret? Signed-in visitors are unverified until your server uses the new one.'))
      return;
    setError(null);
    try {
      setSecret(
        (await api.post<{ identitySecret: string }>(`/tenants/${tenant.id}/identity-secret/rotate`)).identitySecret,
      );
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity verification</h2>
      <p class="help">
        Your server signs each signed-in user's id with this secret (HMAC-SHA256, hex) and passes the result as{' '}
        <code>userHash</code>, so nobody can pose as one of your users in the widget.
      </p>
      {can('settings:update') ? (
        <>
          {secret ? (
            <p class="secret-line">
              <code class="secret" aria-label="Identity secret">
                {secret}
              </code>{' '}
              <CopyButton text={secret} />
            </p>
          ) : (
            <button class="btn" type="button" onClick={reveal}>
              Reveal secret
            </button>
          )}{' '}
          <button class="btn btn-danger-ghost" type="button" onClick={rotate}>
            Rotate secret
          </button>
        </>
      ) : (
        <p class="help">Only people who can change settings can see the secret.</p>
      )}
      <ErrorNotice error={error} />
      <h3>Server-side example (Node.js)</h3>
      <pre class="code">{hmacExample(secret)}</pre>
    </section>
  );
}

/** A leaked widget key only lets strangers use the widget, but the owner should still be able to retire it. */
function RotateWidgetKey({ tenant, onRotated }: { tenant: Tenant; onRotated: (key: string) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  if (!can('settings:update')) return null;
  async function rotate() {
    if (
      !confirm(
        'Issue a new widget key? The old key stops working at once: update the snippet on your site right after.',
      )
    )
      return;
    setError(null);
    try {
      onRotated((await api.post<{ widgetKey: string }>(`/tenants/${tenant.id}/widget-key/rotate`)).widgetKey);
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <button class="btn btn-danger-ghost" type="button" onClick={rotate}>
        Rotate widget key
      </button>
      <ErrorNotice error={error} />
      {done && <Success>New widget key issued; the snippet above now carries it. Paste it on your site.</Success>}
    </>
  );
}

export function InstallTab() {
  const tenantId = me.value!.tenant.id;
  const t = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  if (t.error) return <ErrorNotice error={t.error} />;
  if (!t.data) return <p class="muted">Loading…</p>;
  const snippet = snippetFor(t.data, location.origin);
  return (
    <div class="stack">
      <section class="card" aria-labelledby="snippet-title">
        <h2 id="snippet-title">Add the widget to your site</h2>
        <p class="help">
          Paste this before <code>&lt;/body&gt;</code> on every page where visitors should find help. Tenant{' '}
          <code>{t.data.id}</code>, widget key <code>{t.data.widgetKey}</code>.
        </p>
        <pre class="code" aria-label="Embed snippet">
          {snippet}
        </pre>
        <p class="help">
          The widget takes its colours, logo and launcher position from{' '}
          <a href="#/settings/branding">Widget &amp; branding</a>, so a change there shows on your site with the next
          page load. Adding{' '}
          <code>
            theme: {'{'} primaryColor, position {'}'}
          </code>{' '}
          to the snippet pins those values on that site instead: branding changes then no longer reach it.
        </p>
        <CopyButton text={snippet} label="Copy snippet" />{' '}
        <RotateWidgetKey tenant={t.data} onRotated={(widgetKey) => t.set({ ...t.data!, widgetKey })} />
      </section>
      <Origins tenant={t.data} onSaved={t.set} />
      <IdentitySecret tenant={t.data} />
    </div>
  );
}
