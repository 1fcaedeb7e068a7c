// Branding: colours, logo, launcher position and custom CSS, with the real widget previewed live beside the form.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { me, can } from '../../state/session.ts';
import type { Branding, Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps, type FieldSpecs } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';

const DEFAULTS: Required<Omit<Branding, 'logoUrl'>> & { logoUrl: string } = {
  primaryColor: '#2563eb',
  secondaryColor: '#1e293b',
  logoUrl: '',
  launcherPosition: 'bottom-right',
  customCss: '',
  hidePoweredBy: false,
};

/** The preview frame reads its whole configuration from the hash, so every change is one navigation. */
export function previewUrl(tenant: Tenant, b: typeof DEFAULTS, rev = 0): string {
  const config = {
    tenantId: tenant.id,
    apiKey: tenant.widgetKey,
    theme: { primaryColor: b.primaryColor, position: b.launcherPosition },
  };
  return `/inbox/preview.html?v=${rev}#${encodeURIComponent(JSON.stringify(config))}`;
}

const FIELDS: FieldSpecs = {
  'branding.primaryColor': 'Primary colour',
  'branding.secondaryColor': 'Secondary colour',
  'branding.logoUrl': 'Logo URL',
  'branding.launcherPosition': 'Launcher position',
  'branding.customCss': 'Custom CSS',
  'branding.hidePoweredBy': '“Hide Powered by”',
};

/** A desktop-sized page, so the widget shows its panel above the launcher on its side (a narrow frame gets the full-screen phone layout). */
const STAGE = { width: 800, height: 720 };

/** The preview page at desktop size, scaled down to the card's width. */
function PreviewFrame({ src }: { src: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.6);
  useEffect(() => {
    const el = box.current!;
    const fit = () => setScale(Math.min(1, el.clientWidth / STAGE.width));
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    fit();
    return () => ro.disconnect();
  }, []);
  return (
    <div ref={box} class="preview-stage" style={{ height: `${Math.round(STAGE.height * scale)}px` }}>
      <iframe
        class="preview-frame"
        title="Widget preview"
        src={src}
        sandbox="allow-scripts allow-same-origin allow-forms"
        style={{ width: `${STAGE.width}px`, height: `${STAGE.height}px`, transform: `scale(${scale})` }}
      />
    </div>
  );
}

export function BrandingTab() {
  const tenantId = me.value!.tenant.id;
  const t = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  const [form, setForm] = useState(DEFAULTS);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState('');
  const [rev, setRev] = useState(0);
  const editable = can('settings:update');
  const whiteLabel = t.data?.subscription.plan === 'enterprise';

  useEffect(() => {
    if (t.data) setForm({ ...DEFAULTS, ...t.data.branding, logoUrl: t.data.branding.logoUrl ?? '' } as typeof DEFAULTS);
  }, [t.data]);
  useEffect(() => {
    if (!t.data) return;
    const timer = setTimeout(() => setPreview(previewUrl(t.data!, form, rev)), 350);
    return () => clearTimeout(timer);
  }, [form, t.data, rev]);

  const set = (k: keyof typeof DEFAULTS) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    setSaved(false);
    setForm({ ...form, [k]: el.type === 'checkbox' ? el.checked : el.value });
  };

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const branding: Branding = {
      primaryColor: form.primaryColor,
      secondaryColor: form.secondaryColor,
      logoUrl: form.logoUrl.trim() || null,
      launcherPosition: form.launcherPosition,
    };
    if (whiteLabel) Object.assign(branding, { customCss: form.customCss, hidePoweredBy: form.hidePoweredBy });
    try {
      t.set(await api.patch<Tenant>(`/tenants/${tenantId}`, { branding }));
      setSaved(true);
      setRev(rev + 1);
    } catch (err) {
      setError(err);
    }
  }

  if (t.error) return <ErrorNotice error={t.error} />;
  if (!t.data) return <p class="muted">Loading…</p>;
  const errors = formErrors(error, FIELDS);
  const field = (key: string, help?: string) => invalidProps(errors, 'branding', `branding.${key}`, help);
  const message = (key: string) => <FieldMessage errors={errors} form="branding" name={`branding.${key}`} />;
  return (
    <div class="split">
      <form class="card form" onSubmit={save} aria-labelledby="branding-title">
        <h2 id="branding-title">Widget branding</h2>
        <fieldset disabled={!editable}>
          <div class="row">
            <div>
              <label for="b-primary">Primary colour</label>
              <div class="color-field">
                <input
                  type="color"
                  aria-label="Primary colour picker"
                  value={form.primaryColor}
                  onInput={set('primaryColor')}
                />
                <input
                  id="b-primary"
                  value={form.primaryColor}
                  onInput={set('primaryColor')}
                  size={8}
                  {...field('primaryColor')}
                />
              </div>
              {message('primaryColor')}
            </div>
            <div>
              <label for="b-secondary">Secondary colour</label>
              <div class="color-field">
                <input
                  type="color"
                  aria-label="Secondary colour picker"
                  value={form.secondaryColor}
                  onInput={set('secondaryColor')}
                />
                <input
                  id="b-secondary"
                  value={form.secondaryColor}
                  onInput={set('secondaryColor')}
                  size={8}
                  {...field('secondaryColor')}
                />
              </div>
              {message('secondaryColor')}
            </div>
          </div>
          <label for="b-logo">Logo URL</label>
          <input
            id="b-logo"
            type="url"
            placeholder="https://www.example.com/logo.png"
            value={form.logoUrl}
            onInput={set('logoUrl')}
            {...field('logoUrl')}
          />
          {message('logoUrl')}
          <label for="b-position">Launcher position</label>
          <select
            id="b-position"
            value={form.launcherPosition}
            onChange={set('launcherPosition')}
            {...field('launcherPosition')}
          >
            <option value="bottom-right">Bottom right</option>
            <option value="bottom-left">Bottom left</option>
          </select>
          {message('launcherPosition')}
          <label for="b-css">Custom CSS</label>
          <textarea
            id="b-css"
            rows={6}
            class="mono"
            value={form.customCss}
            onInput={set('customCss')}
            disabled={!whiteLabel}
            {...field('customCss', 'b-css-help')}
          />
          {message('customCss')}
          <p id="b-css-help" class="help">
            {whiteLabel
              ? 'Applied inside the widget only; it cannot touch your site.'
              : `Custom CSS is part of white-label branding, included in the enterprise plan (you are on ${t.data.subscription.plan}).`}
          </p>
          <label class="check">
            <input
              type="checkbox"
              checked={form.hidePoweredBy}
              onChange={set('hidePoweredBy')}
              disabled={!whiteLabel}
            />{' '}
            Hide “Powered by”
          </label>
        </fieldset>
        <FormSummary errors={errors} />
        {saved && <Success>Saved. Visitors see the new look on their next page load.</Success>}
        {editable ? (
          <button class="btn btn-primary" type="submit">
            Save branding
          </button>
        ) : (
          <p class="help">Your role can view these settings but not change them.</p>
        )}
      </form>
      <div class="card preview-card">
        <h2>Live preview</h2>
        <p class="help">
          The real widget. Colour and launcher position follow your edits as you type; logo, secondary colour and custom
          CSS appear once saved.
        </p>
        {preview && <PreviewFrame src={preview} />}
      </div>
    </div>
  );
}
