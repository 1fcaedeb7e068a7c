// Customer satisfaction (settings.csat): whether requesters are asked "How did we do?" after a resolution, in the
// resolved mail and the widget. One switch, saved like the other cards (PATCH /tenants/:id settings, audited there).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { me } from '../../state/session.ts';
import type { Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';

/** The PATCH body for the switch (settings merge per key, so csat is sent whole). */
export const csatSettingsOf = (enabled: boolean): Pick<Tenant['settings'], 'csat'> => ({ csat: { enabled } });

export function CsatCard({
  tenant,
  onSaved,
  editable,
}: {
  tenant: Tenant;
  onSaved: (t: Tenant) => void;
  editable: boolean;
}) {
  const stored = tenant.settings.csat?.enabled === true;
  const [enabled, setEnabled] = useState(stored);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setEnabled(stored), [stored]);

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const next = await api.patch<Tenant>(`/tenants/${tenant.id}`, { settings: csatSettingsOf(enabled) });
      onSaved(next);
      if (me.value) me.value = { ...me.value, tenant: next };
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="csat-title">
      <h2 id="csat-title">Customer satisfaction (CSAT)</h2>
      <p class="help" id="csat-help">
        Once per resolution the requester is asked “How did we do?” (Good or Bad, with an optional comment): in the
        resolved email and under the ticket in the widget. They can answer for 7 days; the rating shows on the ticket,
        on the dashboard, in exports and as the <code>csat.submitted</code> webhook event.
      </p>
      <fieldset disabled={!editable}>
        <label class="check">
          <input
            type="checkbox"
            role="switch"
            checked={enabled}
            aria-describedby="csat-help"
            onChange={(e) => {
              setSaved(false);
              setEnabled(e.currentTarget.checked);
            }}
          />{' '}
          Ask customers to rate resolved tickets
        </label>
        <button class="btn btn-primary" type="submit">
          Save
        </button>
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <Success>{enabled ? 'Saved. Customers are asked from the next resolution.' : 'Saved.'}</Success>}
    </form>
  );
}
