// One usage figure as a bar against its limit, with the 80% and 100% marks the limit banner also uses.
import { NEAR } from './limit-banner.tsx';

export interface MeterValue {
  used: number;
  limit: number | null;
}

/** "near" from 80% of the limit, "at" from 100%; null when unlimited or below 80%. */
export function meterLevel(m: MeterValue): 'near' | 'at' | null {
  if (m.limit === null) return null;
  if (m.used >= m.limit) return 'at';
  return m.used >= m.limit * NEAR ? 'near' : null;
}

/** How full the bar is drawn, 0–100 (an overrun is drawn full; the words say by how much). */
export const meterPercent = (m: MeterValue) =>
  m.limit === null || m.limit === 0 ? (m.used > 0 ? 100 : 0) : Math.min(100, (m.used / m.limit) * 100);

export function UsageMeter({
  label,
  value,
  format,
  note,
}: {
  label: string;
  value: MeterValue;
  format: (n: number) => string;
  note?: string;
}) {
  const level = meterLevel(value);
  const words =
    value.limit === null ? `${format(value.used)} (unlimited)` : `${format(value.used)} of ${format(value.limit)}`;
  return (
    <div class={`usage-meter${level ? ` usage-${level}` : ''}`}>
      <div class="usage-head">
        <span class="usage-label">{label}</span>
        <span class="usage-words">
          {words}
          {level === 'at' && <strong> · limit reached</strong>}
          {level === 'near' && <strong> · over 80%</strong>}
        </span>
      </div>
      {value.limit !== null && (
        <div
          class="usage-bar"
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={value.limit}
          aria-valuenow={Math.min(value.used, value.limit)}
          aria-valuetext={words}
        >
          <span class="usage-fill" style={{ width: `${meterPercent(value)}%` }} />
          <span class="usage-mark" style={{ left: `${NEAR * 100}%` }} aria-hidden="true" />
        </div>
      )}
      {note && <p class="help">{note}</p>}
    </div>
  );
}
