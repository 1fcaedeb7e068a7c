// One webhook delivery in full: the request body that was signed and sent, and every attempt's answer.
import { api } from '../../api.ts';
import type { Attempt, DeliveryDetail } from '../../types.ts';
import { ErrorNotice } from '../../components/notice.tsx';
import { useLoad } from '../../components/use-load.ts';
import { dateTime } from '../../components/format.ts';

/** "HTTP 200 in 34 ms", or the connection error when there was no answer. */
export function answerOf(a: Attempt | undefined): string {
  if (!a) return '—';
  const took = `in ${a.durationMs} ms`;
  return a.statusCode ? `HTTP ${a.statusCode} ${took}` : `${a.error ?? 'no answer'} (${took})`;
}

/** The body as sent, indented for reading (shown as sent when it is not JSON). */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function DeliveryDetails({ hookId, deliveryId }: { hookId: string; deliveryId: string }) {
  const d = useLoad(
    () => api.get<DeliveryDetail>(`/webhooks/${hookId}/deliveries/${deliveryId}`),
    [hookId, deliveryId],
  );
  if (d.error) return <ErrorNotice error={d.error} />;
  if (!d.data) return <p class="muted">Loading…</p>;
  const { payload, attempts, id } = d.data;
  return (
    <div class="delivery-details">
      <h4>Request</h4>
      <p class="muted">
        <code>POST</code> with <code>webhook-id: {id}</code>
      </p>
      <pre class="payload" tabIndex={0} aria-label="Request body">
        {prettyPayload(payload)}
      </pre>
      <h4>Attempts</h4>
      {attempts.length === 0 ? (
        <p class="muted">Not attempted yet.</p>
      ) : (
        <ol class="plain attempts">
          {attempts.map((a) => (
            <li key={a.id}>
              <p>
                <strong>
                  #{a.attempt} · {answerOf(a)}
                </strong>{' '}
                <span class="muted">
                  {a.trigger} · {dateTime(a.createdAt)}
                  {a.nextRetryAt && ` · next retry ${dateTime(a.nextRetryAt)}`}
                </span>
              </p>
              {a.responseBody ? (
                <pre class="payload response" tabIndex={0} aria-label={`Response body of attempt ${a.attempt}`}>
                  {a.responseBody}
                </pre>
              ) : (
                <p class="muted">{a.statusCode ? 'Empty response body.' : ''}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
