import { useCallback, useState } from 'react';
import type { WebhookDelivery } from '../../../core/api/webhooks.types';
import { api } from '../../api';
import { FormError, Notice } from '../../components/form';
import { useLoad } from '../../use-load';

const statusText = (d: WebhookDelivery) =>
  d.status === 'pending'
    ? d.attempts === 0
      ? 'queued'
      : `retrying at ${new Date(d.nextAttemptAt ?? d.createdAt).toLocaleTimeString()}`
    : d.status;

/** One endpoint's deliveries, newest first, with the last answer of each and a Replay button. */
export function DeliveryLog({ base, endpointId, enabled }: { base: string; endpointId: string; enabled: boolean }) {
  const [rows, setRows] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await api<{ deliveries: WebhookDelivery[] }>('GET', `${base}/${endpointId}/deliveries`)).deliveries);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the deliveries');
    }
  }, [base, endpointId]);
  useLoad(load);

  async function replay(d: WebhookDelivery) {
    setError(null);
    setNotice(null);
    try {
      await api('POST', `${base}/deliveries/${d.id}/replay`);
      setNotice(`${d.eventType} queued again.`);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not replay the delivery');
    }
  }

  return (
    <section aria-label="Delivery log">
      <div className="toolbar">
        <h3>Delivery log</h3>
        <button className="btn btn--small" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {rows === null ? (
        <p aria-live="polite">Loading deliveries…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No events sent to this endpoint yet.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Response</th>
              <th scope="col">Attempts</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-delivery-status={d.status}>
                <td>
                  {d.eventType}
                  {d.replayOf && <span className="muted small"> (replay)</span>}
                </td>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>{statusText(d)}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td>{d.attempts}</td>
                <td>
                  <button
                    className="btn btn--small"
                    disabled={!enabled}
                    title={enabled ? undefined : 'Turn the endpoint on to replay'}
                    onClick={() => void replay(d)}
                  >
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
