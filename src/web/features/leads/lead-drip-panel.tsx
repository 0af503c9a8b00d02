import { useCallback, useRef, useState } from 'react';
import { api } from '../../api';
import { FormError, Notice } from '../../components/form';
import { useLoad } from '../../use-load';

type Delivery = {
  id: string;
  receivedAt: string;
  status: number;
  leads: number;
  counts: Record<string, number>;
  error: string | null;
};
type DripSettings = { enabled: boolean; tokenPrefix: string | null; enabledAt: string | null; deliveries: Delivery[] };

const countWords = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || '—';

/**
 * A campaign's lead drip (admins): the ingest URL lead vendors post JSON to, its on/rotate/off switch, and the log of
 * deliveries of the last 30 days. The URL is shown only when made; the page keeps its first characters.
 */
export function LeadDripPanel({ teamId, campaignId }: { teamId: string; campaignId: string }) {
  const base = `/api/teams/${teamId}/campaigns/${campaignId}/drip`;
  const [settings, setSettings] = useState<DripSettings | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const urlRef = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setSettings(await api<DripSettings>('GET', base));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load the lead drip');
    }
  }, [base]);
  useLoad(load);

  async function act(path: 'enable' | 'disable', done: string) {
    if (path === 'enable' && settings?.enabled && !window.confirm('Make a new URL? The current one stops working.'))
      return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await api<DripSettings & { url?: string }>('POST', `${base}/${path}`, {});
      setSettings(r);
      setUrl(r.url ?? null);
      setNotice(done);
      if (r.url) requestAnimationFrame(() => urlRef.current?.select());
    } catch (e) {
      setError(e instanceof Error ? e.message : 'That did not work');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="lead-drip-title">
      <h2 id="lead-drip-title">Lead drip</h2>
      <p className="muted">
        Lead vendors and web forms can post leads as JSON to this campaign’s own URL: one lead, a list, or a list under
        “leads”, up to 1,000 a request. Leads are checked, deduplicated and screened against the do-not-call list like
        an import, and join the queue at once.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      {url && (
        <div>
          <label htmlFor="lead-drip-url">Drip URL (copy it now: it is shown only once)</label>
          <input id="lead-drip-url" ref={urlRef} readOnly value={url} className="secret-value" />
        </div>
      )}
      {settings && (
        <>
          <p>
            {settings.enabled
              ? `On since ${new Date(settings.enabledAt!).toLocaleString()} — its URL starts …/ingest/leads/${settings.tokenPrefix}`
              : 'Off: no URL takes leads for this campaign.'}
          </p>
          <div className="toolbar">
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() =>
                act('enable', settings.enabled ? 'New URL made; the old one no longer works.' : 'Drip URL is on.')
              }
            >
              {settings.enabled ? 'Make a new URL' : 'Turn the drip URL on'}
            </button>
            {settings.enabled && (
              <button
                type="button"
                className="btn btn--danger"
                disabled={busy}
                onClick={() => act('disable', 'Drip URL is off.')}
              >
                Turn off
              </button>
            )}
          </div>
          <h3>Deliveries (last 30 days)</h3>
          {settings.deliveries.length === 0 ? (
            <p className="muted">Nothing received yet.</p>
          ) : (
            <table className="table">
              <caption className="sr-only">Lead drip deliveries</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Answer</th>
                  <th scope="col">Leads</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {settings.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{new Date(d.receivedAt).toLocaleString()}</td>
                    <td>{d.status}</td>
                    <td>{d.leads}</td>
                    <td className="small">{d.error ?? countWords(d.counts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" className="btn btn--small" onClick={() => void load()}>
            Refresh the log
          </button>
        </>
      )}
    </section>
  );
}
