// The plan-limit banner on every page: a limit nearly (80%) or fully used, what happens at it, and how many
// customers' messages are waiting for the ticket limit to lift.
import { useLoad } from './use-load.ts';
import { api } from '../api.ts';
import { can, accountInactive } from '../state/session.ts';
import { formatBytes } from './format.ts';
import type { Usage } from '../types.ts';

export const NEAR = 0.8;

const n = (v: number) => v.toLocaleString('en-US');
const day = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
const level = (m: { used: number; limit: number | null }) =>
  m.limit === null ? null : m.used >= m.limit ? 'at' : m.used >= m.limit * NEAR ? 'near' : null;

/** The sentences the banner shows for one answer of GET /usage (empty: no banner). */
export function limitNotices(u: Usage): string[] {
  const out: string[] = [];
  const t = u.tickets;
  const next = day(u.period.end);
  const tickets = level(t);
  if (tickets === 'at')
    out.push(
      u.pricing === 'usage'
        ? `Ticket allowance used: ${n(t.used)} of ${n(t.limit!)} tickets this period. Further tickets are accepted and billed as overage.`
        : `Ticket limit reached: ${n(t.used)} of ${n(t.limit!)} tickets this period. New messages from customers are kept but not shown until the limit lifts (on ${next}, or with a higher plan).`,
    );
  else if (tickets === 'near')
    out.push(
      `${Math.floor((t.used / t.limit!) * 100)}% of this period's tickets used: ${n(t.used)} of ${n(t.limit!)}. At the limit, customers' messages wait until it lifts.`,
    );
  if (t.held > 0)
    out.push(
      t.held === 1
        ? '1 message is waiting for the limit to lift.'
        : `${n(t.held)} messages are waiting for the limit to lift.`,
    );
  const storage = level(u.storageBytes);
  if (storage === 'at')
    out.push(
      `File storage is full (${formatBytes(u.storageBytes.limit!)}): new files are refused until some are deleted.`,
    );
  else if (storage === 'near')
    out.push(
      `File storage is nearly full: ${formatBytes(u.storageBytes.used)} of ${formatBytes(u.storageBytes.limit!)}.`,
    );
  const calls = level(u.apiCalls);
  if (calls === 'at')
    out.push(
      u.pricing === 'usage'
        ? `API call allowance used: ${n(u.apiCalls.used)} of ${n(u.apiCalls.limit!)} this period. Further calls are accepted and billed as overage.`
        : `API call limit reached: ${n(u.apiCalls.used)} of ${n(u.apiCalls.limit!)} this period. API keys are refused until ${next} (or with a higher plan); the inbox and the widget keep working.`,
    );
  else if (calls === 'near')
    out.push(`${Math.floor((u.apiCalls.used / u.apiCalls.limit!) * 100)}% of this period's API calls used.`);
  if (level(u.agents) === 'at')
    out.push(`All ${n(u.agents.limit!)} seats are taken: another agent needs a higher plan.`);
  return out;
}

export function LimitBanner() {
  const allowed = can('settings:read') && !accountInactive.value;
  const usage = useLoad(() => (allowed ? api.get<Usage>('/usage') : Promise.resolve(undefined)), [allowed]);
  const notices = usage.data ? limitNotices(usage.data) : [];
  if (!notices.length) return null;
  return (
    <section class="limit-banner" role="status" aria-label="Plan limits">
      {notices.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </section>
  );
}
