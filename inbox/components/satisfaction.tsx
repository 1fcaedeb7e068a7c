// The requester's "How did we do?" answer for the ticket's current resolution (server/csat/), in the sidebar.
import type { Ticket } from '../types.ts';
import { dateTime } from './format.ts';

export function SatisfactionCard({ satisfaction }: { satisfaction: NonNullable<Ticket['satisfaction']> }) {
  return (
    <section class="card satisfaction" aria-labelledby="csat-title">
      <h2 id="csat-title">Satisfaction</h2>
      <p>
        <strong class={`csat-${satisfaction.rating}`}>{satisfaction.rating === 'good' ? 'Good' : 'Bad'}</strong>{' '}
        <span class="muted">rated {dateTime(satisfaction.ratedAt)}</span>
      </p>
      {satisfaction.comment && <blockquote class="csat-comment">{satisfaction.comment}</blockquote>}
    </section>
  );
}
