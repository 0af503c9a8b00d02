import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import { FormError, Notice } from '../../components/form';
import { formatDay } from '../../policy';
import { useTeam } from '../../team';
import { useLoad } from '../../use-load';

type ExportRow = {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  sizeBytes: number | null;
  counts: Record<string, number>;
  error: string | null;
  createdAt: string;
  expiresAt: string | null;
  requestedBy: string | null;
};

const size = (n: number | null) =>
  n === null ? '' : n > 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function DataExportPage() {
  const team = useTeam();
  const [rows, setRows] = useState<ExportRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await api<{ exports: ExportRow[] }>('GET', `/api/teams/${team.id}/exports`)).exports);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not load exports');
    }
  }, [team.id]);
  useLoad(load);
  // While an export runs, refresh every few seconds so the page shows when it is ready.
  const busy = rows?.some((r) => r.status === 'queued' || r.status === 'running');
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => void load(), 3000);
    return () => clearInterval(t);
  }, [busy, load]);

  async function start() {
    setError(null);
    try {
      await api('POST', `/api/teams/${team.id}/exports`);
      setNotice('Export started. It appears below when ready, and we e-mail you a link.');
      await load();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not start the export');
    }
  }

  return (
    <>
      <h1>Export all team data</h1>
      <p className="muted">
        One ZIP with CSV files of leads (custom fields as columns), calls, campaigns, dispositions, do-not-call numbers
        and members, the settings as JSON, and the call recordings still kept. Each export can be downloaded for 7 days,
        then it is deleted.
      </p>
      <FormError message={error} />
      {notice && <Notice>{notice}</Notice>}
      <button className="btn btn--primary" onClick={start} disabled={busy}>
        {busy ? 'Export in progress…' : 'Export all team data'}
      </button>
      {rows && rows.length > 0 && (
        <table className="table">
          <caption className="sr-only">Exports</caption>
          <thead>
            <tr>
              <th scope="col">Requested</th>
              <th scope="col">By</th>
              <th scope="col">Status</th>
              <th scope="col">Contents</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
                <td>{r.requestedBy ?? '—'}</td>
                <td>{r.status === 'failed' ? `failed: ${r.error ?? ''}` : r.status}</td>
                <td>
                  {r.status === 'done'
                    ? `${r.counts.leads ?? 0} leads, ${r.counts.calls ?? 0} calls, ${r.counts.recordings ?? 0} recordings`
                    : ''}
                </td>
                <td>
                  {r.status === 'done' && (
                    <>
                      <a className="btn btn--small" href={`/api/teams/${team.id}/exports/${r.id}/download`} download>
                        Download ZIP ({size(r.sizeBytes)})
                      </a>{' '}
                      <span className="muted small">until {r.expiresAt ? formatDay(r.expiresAt) : '—'}</span>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
