import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { FormError } from '../../components/form';
import { CallsTable, type CallRow } from './calls-table';

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
        <CallsTable calls={calls} caption="Calls to this lead, newest first" columns={['notes']} />
      )}
    </section>
  );
}
