// The pieces every report section shares: the CSV link, a figure that opens its tickets, a number that does, and the
// "show as table" toggle.
import type { MetricDrillKind } from '../types.ts';

/** Opens the tickets behind a figure; `extra` narrows the report's query (a priority, one day's start and end). */
export type OpenDrill = (kind: MetricDrillKind, label: string, extra?: Record<string, string>) => void;

export const csvHref = (path: string, q: Record<string, string>) =>
  `/api/v1${path}?${new URLSearchParams({ ...q, format: 'csv' }).toString()}`;

/** A figure that opens the tickets behind it. */
export function Figure(props: { label: string; value: string; sub?: string; kind?: MetricDrillKind; open: OpenDrill }) {
  const body = (
    <>
      <span class="figure-value">{props.value}</span>
      <span class="figure-label">{props.label}</span>
      {props.sub && <span class="figure-label">{props.sub}</span>}
    </>
  );
  return (
    <li class="card figure">
      {props.kind ? (
        <button
          class="figure-button"
          type="button"
          onClick={() => props.open(props.kind!, props.label)}
          aria-label={`${props.label}: ${props.value}. Show the tickets`}
        >
          {body}
        </button>
      ) : (
        body
      )}
    </li>
  );
}

export function TableToggle({ shown, set, what }: { shown: boolean; set: (v: boolean) => void; what: string }) {
  return (
    <button class="btn btn-small btn-ghost" type="button" aria-pressed={shown} onClick={() => set(!shown)}>
      {shown ? `Show ${what} as a chart` : `Show ${what} as a table`}
    </button>
  );
}

/** A number in a table or chart that opens the tickets it counts. */
export function DrillNumber(props: {
  n: number;
  label: string;
  kind: MetricDrillKind;
  extra?: Record<string, string>;
  open: OpenDrill;
}) {
  return (
    <button
      class="num-button"
      type="button"
      aria-label={`${props.label}: ${props.n}. Show the tickets`}
      onClick={() => props.open(props.kind, props.label, props.extra)}
    >
      {props.n}
    </button>
  );
}
