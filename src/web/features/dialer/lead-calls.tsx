import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../../api';
import { FormError } from '../../components/form';
import { formatDuration } from './types';

type CallRow = {
  id: string;
  createdAt: string;
  agentName: string | null;
  outcome: string | null;
  status: string;
  disposition: string | null;
  notes: string | null;
  answeredAt: string | null;
  durationSec: number | null;
};

/** The lead's calls, newest first, each linking to its call page (recording, compliance decision). */
export function LeadCalls({ teamId, leadId }: { teamId: string; leadId: string }) {
  const [calls, setCalls] = useState<CallRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ calls: CallRow[] }>('GET', `/api/teams/${teamId}/call-log?leadId=${leadId}`)
      .then((r) => setCalls(r.calls))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load the calls'));
  }, [teamId, leadId]);
  return (
    <section aria-labelledby="lead-calls-heading">
      <h2 id="lead-calls-heading">Calls</h2>
      <FormError message={error} />
      {calls === null ? (
        !error && <p aria-live="polite">Loading calls…</p>
      ) : calls.length === 0 ? (
        <p className="muted">This lead has not been called yet.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">Calls to this lead, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Placed</th>
              <th scope="col">Agent</th>
              <th scope="col">Outcome</th>
              <th scope="col">Disposition</th>
              <th scope="col">Talk</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/app/calls/${c.id}`}>{new Date(c.createdAt).toLocaleString()}</Link>
                </td>
                <td>{c.agentName ?? '—'}</td>
                <td>{c.outcome?.replace('_', ' ') ?? c.status}</td>
                <td>{c.disposition ?? <span className="muted">none</span>}</td>
                <td>{c.answeredAt && c.durationSec !== null ? formatDuration(c.durationSec) : '—'}</td>
                <td className="small">{c.notes ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
