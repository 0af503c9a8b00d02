import { useCallback, useState, type FormEvent } from 'react';
import { problemWith } from '../../../core/api/auth.types';
import {
  webhookEventTypes,
  webhookUrlSchema,
  type CreatedWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../../core/api/webhooks.types';
import { api, ApiError } from '../../api';
import { Field, FormError, Notice, SubmitButton } from '../../components/form';
import { DeliveryLog } from '../../features/webhooks/delivery-log';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

const eventHelp: Record<WebhookEventType, string> = {
  'call.completed': 'a call ended (any outcome)',
  'call.dispositioned': 'an agent saved a disposition',
  'lead.created': 'a lead was added',
  'lead.updated': 'a lead was edited or filled in by an import',
  'callback.scheduled': 'an agent set a callback',
  'dnc.added': 'a number went on the do-not-call list',
};

/** Settings → Webhooks: where the team's events are sent, signed with the Standard Webhooks scheme (admins). */
export function WebhooksPage() {
  const team = useTeam();
  const base = `/api/teams/${team.id}/webhooks`;
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>(['call.completed']);
  const [fields, setFields] = useState<{ url?: string; events?: string }>({});
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setEndpoints((await api<{ endpoints: WebhookEndpoint[] }>('GET', base)).endpoints);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the endpoints');
    }
  }, [base]);
  useLoad(load);

  async function add(e: FormEvent) {
    e.preventDefault();
    const urlProblem = problemWith(webhookUrlSchema, url);
    const eventsProblem = events.length === 0 ? 'Pick at least one event' : undefined;
    if (urlProblem || eventsProblem) return setFields({ url: urlProblem ?? undefined, events: eventsProblem });
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const endpoint = await api<CreatedWebhookEndpoint>('POST', base, { url: url.trim(), events });
      setCreated(endpoint);
      setUrl('');
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.fields.url) setFields({ url: err.fields.url });
      else setError(err instanceof Error ? err.message : 'Could not add the endpoint');
    } finally {
      setBusy(false);
    }
  }

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await fn();
      setNotice(done);
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    }
  }

  const toggleEvent = (type: WebhookEventType, on: boolean) => {
    setEvents((current) => (on ? [...current, type] : current.filter((t) => t !== type)));
    setFields((f) => ({ ...f, events: undefined }));
  };

  return (
    <>
      <h1>Webhooks</h1>
      <p className="muted">
        DialerSeat sends the events you pick to your CRM or integration as signed JSON POSTs (Standard Webhooks: check
        the <code>webhook-signature</code> header with the endpoint&apos;s secret). Each event is sent at least once, in
        order for each lead, and retried for about three days while your endpoint does not answer 2xx.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {created && (
        <div className="alert alert--ok" role="status">
          <p>Endpoint added. Its signing secret is shown only now: copy it into your receiver.</p>
          <p>
            <label htmlFor="webhook-secret">Signing secret</label>{' '}
            <input id="webhook-secret" readOnly value={created.secret} size={50} onFocus={(e) => e.target.select()} />
          </p>
          <button className="btn btn--small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <form onSubmit={add} className="card" aria-label="Add a webhook endpoint" noValidate>
        <Field
          label="Endpoint URL"
          type="url"
          value={url}
          placeholder="https://crm.example.com/hooks/dialerseat"
          onChange={(e) => (setUrl(e.target.value), setFields((f) => ({ ...f, url: undefined })))}
          error={fields.url}
        />
        <fieldset className="fieldset" aria-describedby={fields.events ? 'events-error' : undefined}>
          <legend>Events</legend>
          {webhookEventTypes.map((type) => (
            <div className="check" key={type}>
              <input
                id={`event-${type}`}
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) => toggleEvent(type, e.target.checked)}
              />
              <label htmlFor={`event-${type}`}>
                <code>{type}</code> — {eventHelp[type]}
              </label>
            </div>
          ))}
          {fields.events && (
            <p id="events-error" className="field__error" role="alert">
              {fields.events}
            </p>
          )}
        </fieldset>
        <SubmitButton busy={busy}>Add endpoint</SubmitButton>
      </form>
      {endpoints === null ? (
        <p aria-live="polite">Loading endpoints…</p>
      ) : endpoints.length === 0 ? (
        <p className="muted">No endpoints yet.</p>
      ) : (
        endpoints.map((ep) => (
          <section className="card" key={ep.id} aria-label={`Endpoint ${ep.url}`}>
            <h2>{ep.url}</h2>
            <p>
              {ep.enabled ? 'On' : 'Off'}
              {ep.disabledReason && !ep.enabled && <span className="muted"> — {ep.disabledReason}</span>}
              {ep.enabled && ep.failingSince && (
                <span className="muted"> — failing since {new Date(ep.failingSince).toLocaleString()}</span>
              )}
            </p>
            <p className="muted small">{ep.events.join(', ')}</p>
            <div className="actions">
              <button
                className="btn btn--small"
                onClick={() =>
                  act(
                    () => api('PATCH', `${base}/${ep.id}`, { enabled: !ep.enabled }),
                    ep.enabled ? 'Endpoint turned off.' : 'Endpoint turned on.',
                  )
                }
              >
                {ep.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button
                className="btn btn--small"
                aria-expanded={open === ep.id}
                onClick={() => setOpen(open === ep.id ? null : ep.id)}
              >
                {open === ep.id ? 'Hide deliveries' : 'Show deliveries'}
              </button>
              <button
                className="btn btn--small btn--danger"
                onClick={() =>
                  window.confirm(`Remove the endpoint ${ep.url} and its delivery log?`) &&
                  act(() => api('DELETE', `${base}/${ep.id}`), 'Endpoint removed.')
                }
              >
                Remove
              </button>
            </div>
            {open === ep.id && <DeliveryLog base={base} endpointId={ep.id} enabled={ep.enabled} />}
          </section>
        ))
      )}
    </>
  );
}
