// A time-zone picker: a filter box narrowing a native select over the browser's IANA zones, so nobody types one by hand.
import { useMemo, useState } from 'preact/hooks';

/** Every IANA zone the browser knows (UTC included), sorted; the stored value is kept even if the browser lacks it. */
export function timeZones(current?: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([...known, 'UTC', ...(current ? [current] : [])])].sort();
}

/** Zones matching every word typed, in any order: "new york" finds America/New_York, "europe ber" Europe/Berlin. */
export function filterZones(zones: string[], query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[\s/_,]+/)
    .filter(Boolean);
  if (!words.length) return zones;
  return zones.filter((z) => {
    const hay = z.toLowerCase().replace(/_/g, ' ');
    return words.every((w) => hay.includes(w));
  });
}

export function TimeZonePicker({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (tz: string) => void;
  disabled?: boolean;
}) {
  const [query, setQuery] = useState('');
  const zones = useMemo(() => timeZones(value), [value]);
  const hits = filterZones(zones, query);
  // The chosen zone stays in the list, so the select never shows something other than what is saved.
  const shown = hits.includes(value) ? hits : [value, ...hits];
  return (
    <div class="tz-picker">
      <label for={id}>Time zone</label>
      <div class="tz-row">
        <input
          id={`${id}-filter`}
          type="search"
          placeholder="Find: berlin, new york…"
          aria-label="Find a time zone"
          aria-describedby={`${id}-count`}
          aria-controls={id}
          value={query}
          disabled={disabled}
          onInput={(e) => {
            const q = e.currentTarget.value;
            setQuery(q);
            // One match left: pick it, so a keyboard user can type a city and move on.
            const left = filterZones(zones, q);
            if (q.trim() && left.length === 1) onChange(left[0]);
          }}
        />
        <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}>
          {shown.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-count`} class="help" aria-live="polite">
        {!query.trim()
          ? `${zones.length} zones`
          : hits.length === 0
            ? 'No zone matches; try a city or region name.'
            : `${hits.length} matching zone${hits.length === 1 ? '' : 's'}`}
      </p>
    </div>
  );
}
