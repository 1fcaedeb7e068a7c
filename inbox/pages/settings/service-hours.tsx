// Hours & SLA: business hours (time zone, weekly schedule, holidays), SLA targets per priority, auto-assignment.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type FieldError } from '../../api.ts';
import { can, me } from '../../state/session.ts';
import type { SlaPolicies, Tenant } from '../../types.ts';
import { ErrorNotice, Success } from '../../components/notice.tsx';
import { FieldMessage, FormSummary, formErrors, invalidProps, type FieldSpecs } from '../../components/form-errors.tsx';
import { useLoad } from '../../components/use-load.ts';
import { TimeZonePicker } from '../../components/time-zone-picker.tsx';
import { cap } from '../../components/format.ts';

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
      schedule: Object.fromEntries(
        DAYS.map(([d]) => [d, f.days[d].open ? { open: f.days[d].from, close: f.days[d].to } : null]),
      ),
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
  const day = (d: Day, patch: Partial<DayForm>) =>
    change({ days: { ...form.days, [d]: { ...form.days[d], ...patch } } });

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

  const holidayList = settingsOf(form).businessHours!.holidays ?? [];
  const errors = formErrors(error, {
    'settings.businessHours.timezone': 'Time zone',
    'settings.businessHours.schedule': 'Opening hours',
    'settings.businessHours.holidays': { label: 'Holidays', item: (i) => `“${holidayList[i] ?? ''}”` },
    'settings.slaEnabled': '“Track SLA due times”',
    'settings.autoAssignment': '“Assign new tickets round-robin”',
  });
  return (
    <form class="card form" onSubmit={save} aria-labelledby="hours-title">
      <h2 id="hours-title">Business hours</h2>
      <p class="help">SLA clocks run only in these hours; outside them the widget tells visitors when you are back.</p>
      <fieldset disabled={!editable}>
        <TimeZonePicker
          id="h-tz"
          value={form.timezone}
          onChange={(timezone) => change({ timezone })}
          disabled={!editable}
        />
        <FieldMessage errors={errors} form="hours" name="settings.businessHours.timezone" />
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
                  <input
                    type="checkbox"
                    aria-label={`Open on ${label}`}
                    checked={form.days[d].open}
                    onChange={(e) => day(d, { open: e.currentTarget.checked })}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${label} opens`}
                    value={form.days[d].from}
                    disabled={!form.days[d].open}
                    onInput={(e) => day(d, { from: e.currentTarget.value })}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={`${label} closes`}
                    value={form.days[d].to}
                    disabled={!form.days[d].open}
                    onInput={(e) => day(d, { to: e.currentTarget.value })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <FieldMessage errors={errors} form="hours" name="settings.businessHours.schedule" />
        <label for="h-holidays">Holidays</label>
        <textarea
          id="h-holidays"
          rows={3}
          class="mono"
          placeholder="2026-12-25"
          value={form.holidays}
          onInput={(e) => change({ holidays: e.currentTarget.value })}
          {...invalidProps(errors, 'hours', 'settings.businessHours.holidays', 'h-holidays-help')}
        />
        <FieldMessage errors={errors} form="hours" name="settings.businessHours.holidays" />
        <p id="h-holidays-help" class="help">
          One date per line (YYYY-MM-DD); closed all day.
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={form.slaEnabled}
            onChange={(e) => change({ slaEnabled: e.currentTarget.checked })}
          />{' '}
          Track SLA due times
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={form.autoAssignment}
            onChange={(e) => change({ autoAssignment: e.currentTarget.checked })}
          />{' '}
          Assign new tickets round-robin
        </label>
      </fieldset>
      <FormSummary errors={errors} />
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

/** Stored minutes as hours for the form: 90 → "1.5", 20 → "0.33"; none → "". */
export function hoursOf(minutes: number | null | undefined): string {
  return minutes == null ? '' : String(Math.round((minutes / 60) * 100) / 100);
}

/** What an hours box holds as the minutes the API stores; null for empty, an error text when it is no target. */
export function minutesOf(hours: string): number | null | string {
  const v = hours.trim().replace(',', '.');
  if (v === '') return null;
  const n = Number(v);
  const minutes = Math.round(n * 60);
  if (!Number.isFinite(n) || minutes < 1) return 'must be a number of hours above 0 (0.5 is 30 minutes)';
  if (minutes > 525_600) return 'must be at most 8760 hours (a year)';
  return minutes;
}

const toTargets = (p: SlaPolicies): Targets =>
  Object.fromEntries(
    PRIORITIES.map((k) => [
      k,
      { first: hoursOf(p[k]?.firstResponseMinutes), resolve: hoursOf(p[k]?.resolutionMinutes) },
    ]),
  ) as Targets;

const TARGET_LABEL = { first: 'first response', resolve: 'resolution' } as const;
const TARGET_FIELD = { first: 'firstResponseMinutes', resolve: 'resolutionMinutes' } as const;
/** Each target input by its API path (`high.firstResponseMinutes`), named as the table names it. */
const SLA_FIELDS: FieldSpecs = Object.fromEntries(
  PRIORITIES.flatMap((k) =>
    (['first', 'resolve'] as const).map((f) => [`${k}.${TARGET_FIELD[f]}`, `${cap(k)} ${TARGET_LABEL[f]}`]),
  ),
);

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
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const problems: FieldError[] = [];
    const minutes = (k: (typeof PRIORITIES)[number], f: 'first' | 'resolve') => {
      const m = minutesOf(form![k][f]);
      if (typeof m === 'string') problems.push({ path: `${k}.${TARGET_FIELD[f]}`, message: m });
      return typeof m === 'number' ? m : null;
    };
    const body = Object.fromEntries(
      PRIORITIES.map((k) => [
        k,
        { firstResponseMinutes: minutes(k, 'first'), resolutionMinutes: minutes(k, 'resolve') },
      ]),
    );
    if (problems.length) return setError(new ApiError(422, 'Some targets are not a number of hours.', problems));
    try {
      policies.set(await api.put<SlaPolicies>('/sla-policies', body));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  const errors = formErrors(error, SLA_FIELDS);
  return (
    <form class="card form" onSubmit={save} aria-labelledby="sla-title">
      <h2 id="sla-title">SLA targets</h2>
      <p class="help">In business hours (0.5 is 30 minutes); leave empty for no target.</p>
      <fieldset disabled={!editable}>
        <table class="table hours">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response (hours)</th>
              <th scope="col">Resolution (hours)</th>
            </tr>
          </thead>
          <tbody>
            {PRIORITIES.map((k) => (
              <tr key={k}>
                <th scope="row">{cap(k)}</th>
                {(['first', 'resolve'] as const).map((f) => (
                  <td key={f}>
                    <input
                      type="text"
                      inputMode="decimal"
                      aria-label={`${k} ${TARGET_LABEL[f]} hours`}
                      value={form[k][f]}
                      onInput={(e) => (
                        setSaved(false),
                        setForm({ ...form, [k]: { ...form[k], [f]: e.currentTarget.value } })
                      )}
                      {...invalidProps(errors, 'sla', `${k}.${TARGET_FIELD[f]}`)}
                    />
                    <FieldMessage errors={errors} form="sla" name={`${k}.${TARGET_FIELD[f]}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <FormSummary errors={errors} />
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
