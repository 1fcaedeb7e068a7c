// Hours & SLA: business hours (time zone, weekly schedule, holidays), SLA targets per priority, auto-assignment.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { can, me } from '../../state/session.ts';
import type { Tenant } from '../../types.ts';
import type { SlaPolicies } from '../../../server/sla/policies.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';

const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
type Day = (typeof DAYS)[number][0];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

interface DayForm {
  open: boolean;
  from: string;
  to: string;
}

export interface HoursForm {
  timezone: string;
  days: Record<Day, DayForm>;
  holidays: string;
  slaEnabled: boolean;
  autoAssignment: boolean;
}

type Settings = Tenant['settings'];

/** The form from stored settings: no business hours means round the clock, shown as every day open. */
export function hoursFormOf(s: Settings): HoursForm {
  const bh = s.businessHours;
  const days = {} as Record<Day, DayForm>;
  for (const [d] of DAYS) {
    const w = bh?.schedule ? bh.schedule[d] : undefined;
    days[d] = w ? { open: true, from: w.open, to: w.close } : { open: !bh?.schedule, from: '09:00', to: '17:00' };
  }
  return {
    timezone: bh?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    days,
    holidays: (bh?.holidays ?? []).join('\n'),
    slaEnabled: !!s.slaEnabled,
    autoAssignment: !!s.autoAssignment,
  };
}

/** The PATCH body for the form. */
export function settingsOf(f: HoursForm): Settings {
  return {
    businessHours: {
      timezone: f.timezone.trim(),
      schedule: Object.fromEntries(DAYS.map(([d]) => [d, f.days[d].open ? { open: f.days[d].from, close: f.days[d].to } : null])),
      holidays: f.holidays
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    },
    slaEnabled: f.slaEnabled,
    autoAssignment: f.autoAssignment,
  };
}

function HoursCard({ tenantId, editable }: { tenantId: string; editable: boolean }) {
  const t = useLoad(() => api.get<Tenant>(`/tenants/${tenantId}`), [tenantId]);
  const [form, setForm] = useState<HoursForm | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (t.data) setForm(hoursFormOf(t.data.settings));
  }, [t.data]);

  if (t.error) return <ErrorNotice error={t.error} />;
  if (!form) return <p class="muted">Loading…</p>;
  const change = (patch: Partial<HoursForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const day = (d: Day, patch: Partial<DayForm>) => change({ days: { ...form.days, [d]: { ...form.days[d], ...patch } } });

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      t.set(await api.patch<Tenant>(`/tenants/${tenantId}`, { settings: settingsOf(form!) }));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="hours-title">
      <h2 id="hours-title">Business hours</h2>
      <p class="help">SLA clocks run only in these hours; outside them the widget tells visitors when you are back.</p>
      <fieldset disabled={!editable}>
        <label for="h-tz">Time zone</label>
        <input id="h-tz" value={form.timezone} onInput={(e) => change({ timezone: e.currentTarget.value })} placeholder="Europe/Berlin" />
        <table class="table hours">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Open</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
            </tr>
          </thead>
          <tbody>
            {DAYS.map(([d, label]) => (
              <tr key={d}>
                <th scope="row">{label}</th>
                <td>
                  <input type="checkbox" aria-label={`Open on ${label}`} checked={form.days[d].open} onChange={(e) => day(d, { open: e.currentTarget.checked })} />
                </td>
                <td>
                  <input type="time" aria-label={`${label} opens`} value={form.days[d].from} disabled={!form.days[d].open} onInput={(e) => day(d, { from: e.currentTarget.value })} />
                </td>
                <td>
                  <input type="time" aria-label={`${label} closes`} value={form.days[d].to} disabled={!form.days[d].open} onInput={(e) => day(d, { to: e.currentTarget.value })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label for="h-holidays">Holidays</label>
        <textarea id="h-holidays" rows={3} class="mono" placeholder="2026-12-25" value={form.holidays} onInput={(e) => change({ holidays: e.currentTarget.value })} aria-describedby="h-holidays-help" />
        <p id="h-holidays-help" class="help">One date per line (YYYY-MM-DD); closed all day.</p>
        <label class="check">
          <input type="checkbox" checked={form.slaEnabled} onChange={(e) => change({ slaEnabled: e.currentTarget.checked })} /> Track SLA due times
        </label>
        <label class="check">
          <input type="checkbox" checked={form.autoAssignment} onChange={(e) => change({ autoAssignment: e.currentTarget.checked })} /> Assign new tickets round-robin
        </label>
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <Success>Saved.</Success>}
      {editable && (
        <button class="btn btn-primary" type="submit">
          Save hours
        </button>
      )}
    </form>
  );
}

type Targets = Record<(typeof PRIORITIES)[number], { first: string; resolve: string }>;

const toTargets = (p: SlaPolicies): Targets =>
  Object.fromEntries(
    PRIORITIES.map((k) => [k, { first: p[k]?.firstResponseMinutes?.toString() ?? '', resolve: p[k]?.resolutionMinutes?.toString() ?? '' }]),
  ) as Targets;

function SlaCard({ editable }: { editable: boolean }) {
  const policies = useLoad(() => api.get<SlaPolicies>('/sla-policies'), []);
  const [form, setForm] = useState<Targets | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (policies.data) setForm(toTargets(policies.data));
  }, [policies.data]);

  if (policies.error) return <ErrorNotice error={policies.error} />;
  if (!form) return <p class="muted">Loading…</p>;
  const minutes = (v: string) => (v.trim() === '' ? null : Number(v));

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const body = Object.fromEntries(PRIORITIES.map((k) => [k, { firstResponseMinutes: minutes(form![k].first), resolutionMinutes: minutes(form![k].resolve) }]));
    try {
      policies.set(await api.put<SlaPolicies>('/sla-policies', body));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="card form" onSubmit={save} aria-labelledby="sla-title">
      <h2 id="sla-title">SLA targets</h2>
      <p class="help">In business minutes; leave empty for no target.</p>
      <fieldset disabled={!editable}>
        <table class="table hours">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response (min)</th>
              <th scope="col">Resolution (min)</th>
            </tr>
          </thead>
          <tbody>
            {PRIORITIES.map((k) => (
              <tr key={k}>
                <th scope="row">{k[0].toUpperCase() + k.slice(1)}</th>
                {(['first', 'resolve'] as const).map((f) => (
                  <td key={f}>
                    <input
                      type="number"
                      min={1}
                      inputMode="numeric"
                      aria-label={`${k} ${f === 'first' ? 'first response' : 'resolution'} minutes`}
                      value={form[k][f]}
                      onInput={(e) => (setSaved(false), setForm({ ...form, [k]: { ...form[k], [f]: e.currentTarget.value } }))}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <ErrorNotice error={error} />
      {saved && <Success>Saved. New and re-prioritised tickets get these targets.</Success>}
      {editable && (
        <button class="btn btn-primary" type="submit">
          Save SLA targets
        </button>
      )}
    </form>
  );
}

export function ServiceHoursTab() {
  const editable = can('settings:update');
  return (
    <div class="split">
      <HoursCard tenantId={me.value!.tenant.id} editable={editable} />
      <SlaCard editable={editable} />
    </div>
  );
}
