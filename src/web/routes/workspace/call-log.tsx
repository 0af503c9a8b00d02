import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { EmptyState } from '../../components/empty-state';
import { agentChoices, FilterOptions } from '../../components/filter-options';
import { FormError } from '../../components/form';
import { canAdmin, useTeam } from '../../team';
import { formatDuration } from '../../features/dialer/types';
import {
  CallsTable,
  directionLabel,
  dispositionText,
  leadLabel,
  talkTime,
  talkTimeSec,
  when,
  type CallRow,
} from '../../features/calls/calls-table';

type ZoneCheck = {
  zone: string;
  origin: string;
  localTime: string | null;
  window: { startMinutes: number; endMinutes: number } | null;
  open: boolean;
};
type Decision = {
  verdict: string;
  checkedAt: string;
  mode: string;
  reasons: string[];
  rules: string[];
  zones: ZoneCheck[];
  state: string | null;
};
type CallDetail = CallRow & {
  queuedAt: string;
  ringingAt: string | null;
  complianceDecision: Decision | null;
  recordingConsentConfirmed: boolean;
  safeHarbor: {
    recorded: boolean;
    ringMs: number | null;
    agentConnectedAt: string | null;
    messageAt: string | null;
    abandoned: boolean | null;
  };
  recording: { status: string; durationSec: number | null; expiresAt: string; deletedAt: string | null } | null;
  recordingPlayable: boolean;
};
type Campaign = { id: string; name: string; dispositions?: { key: string; label: string }[] };
type Member = { userId: string; name: string };

const OUTCOMES = ['human', 'machine', 'busy', 'no_answer', 'failed', 'canceled'];
const FILTERS = ['campaignId', 'agentId', 'disposition', 'outcome', 'direction', 'from', 'to'] as const;

/** A date field's value (the viewer's day) as the instant it starts, for the API. */
function dayStart(value: string, plusDays = 0): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The call log: every call with its outcome and disposition, filtered; agents see their own calls. */
export function CallLogPage() {
  const team = useTeam();
  const [params, setParams] = useSearchParams();
  const [calls, setCalls] = useState<CallRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [agents, setAgents] = useState<Member[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Loading until the calls for the current filters have answered.
  const [loadedFor, setLoadedFor] = useState<string | null>(null);

  const query = useCallback(
    (cursor?: string) => {
      const q = new URLSearchParams();
      for (const f of FILTERS) {
        const v = params.get(f);
        if (!v) continue;
        if (f === 'from') q.set('from', dayStart(v));
        else if (f === 'to') q.set('to', dayStart(v, 1));
        else q.set(f, v);
      }
      if (cursor) q.set('cursor', cursor);
      return q.toString();
    },
    [params],
  );

  const listing = `/api/teams/${team.id}/call-log?${query()}`;
  const loading = loadedFor !== listing;
  useEffect(() => {
    api<{ calls: CallRow[]; next: string | null }>('GET', listing)
      .then((r) => {
        setCalls(r.calls);
        setNext(r.next);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load calls'))
      .finally(() => setLoadedFor(listing));
  }, [listing]);

  useEffect(() => {
    api<{ campaigns: Campaign[] }>('GET', `/api/teams/${team.id}/campaigns?archived=1`)
      .then((r) => setCampaigns(r.campaigns))
      .catch(() => setCampaigns([]));
    if (canAdmin(team)) {
      api<{ members: Member[] }>('GET', `/api/teams/${team.id}/members`)
        .then((r) => setAgents(r.members))
        .catch(() => setAgents([]));
    }
  }, [team]);

  async function more() {
    if (!next) return;
    try {
      const r = await api<{ calls: CallRow[]; next: string | null }>(
        'GET',
        `/api/teams/${team.id}/call-log?${query(next)}`,
      );
      setCalls((c) => [...c, ...r.calls]);
      setNext(r.next);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not load more calls');
    }
  }

  function applyFilters(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const p = new URLSearchParams();
    for (const f of FILTERS) {
      const v = String(form.get(f) ?? '');
      if (v) p.set(f, v);
    }
    setParams(p);
  }

  const csvHref = `/api/teams/${team.id}/call-log/export.csv?${query()}`;
  // The dispositions of the chosen campaign, or of every campaign (one entry per key, first label wins).
  const chosen = params.get('campaignId');
  const dispositionOptions = [
    ...new Map(
      campaigns
        .filter((c) => !chosen || c.id === chosen)
        .flatMap((c) => c.dispositions ?? [])
        .map((d) => [d.key, d] as const),
    ).values(),
  ];
  return (
    <>
      <h1>Call log</h1>
      <form className="toolbar filters" onSubmit={applyFilters} aria-label="Filter calls">
        <label>
          Campaign
          <select name="campaignId" defaultValue={params.get('campaignId') ?? ''}>
            <FilterOptions all="All" choices={campaigns} />
          </select>
        </label>
        {canAdmin(team) && (
          <label>
            Agent
            <select name="agentId" defaultValue={params.get('agentId') ?? ''}>
              <FilterOptions all="All" choices={agentChoices(agents)} />
            </select>
          </label>
        )}
        <label>
          Disposition
          <select name="disposition" key={dispositionOptions.length} defaultValue={params.get('disposition') ?? ''}>
            <option value="">All</option>
            <option value="none">Not dispositioned</option>
            {dispositionOptions.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select name="outcome" defaultValue={params.get('outcome') ?? ''}>
            <option value="">All</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Direction
          <select name="direction" defaultValue={params.get('direction') ?? ''}>
            <option value="">All</option>
            <option value="outbound">Outbound</option>
            <option value="inbound">Inbound</option>
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={params.get('from') ?? ''} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={params.get('to') ?? ''} />
        </label>
        <button type="submit" className="btn">
          Filter
        </button>
        {canAdmin(team) && (
          <a className="btn" href={csvHref} download>
            Export CSV
          </a>
        )}
      </form>
      <FormError message={error} />
      {loading ? (
        <p aria-live="polite">Loading calls…</p>
      ) : calls.length === 0 ? (
        <EmptyState title="No calls">
          <p>No call matches these filters yet.</p>
        </EmptyState>
      ) : (
        <CallsTable calls={calls} caption="Calls, newest first" columns={['lead', 'campaign']} />
      )}
      {next && (
        <button className="btn" onClick={() => void more()}>
          More calls
        </button>
      )}
    </>
  );
}

/** The provider's duration is worth a line of its own only where it differs from the talk time we show. */
function billedDiffers(call: CallRow): boolean {
  const talk = talkTimeSec(call);
  return talk !== null && call.durationSec !== null && Math.abs(call.durationSec - talk) > 1;
}

const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The call's abandoned-call record as one line: who took the answer, or the safe-harbor message that played. */
function agentConnectedText(r: CallDetail['safeHarbor']): string {
  if (r.messageAt) return `No agent free: the safe-harbor message played at ${when(r.messageAt)} (abandoned)`;
  if (r.agentConnectedAt) return `${when(r.agentConnectedAt)}${r.abandoned ? ' (later than 2 s: abandoned)' : ''}`;
  if (!r.recorded) return 'Not recorded (placed before calls kept this record)';
  return r.abandoned ? 'Never (abandoned)' : '—';
}

/** One call: what happened, the compliance decision that allowed it, the notes, and the recording. */
export function CallPage() {
  const team = useTeam();
  const { callId } = useParams();
  const [call, setCall] = useState<CallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<CallDetail>('GET', `/api/teams/${team.id}/call-log/${callId}`)
      .then(setCall)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load the call'));
  }, [team.id, callId]);
  if (!call) {
    return (
      <>
        <h1>Call</h1>
        <FormError message={error} />
        {!error && <p aria-live="polite">Loading…</p>}
      </>
    );
  }
  const audio = `/api/teams/${team.id}/calls/${call.id}/recording`;
  const d = call.complianceDecision;
  return (
    <>
      <p>
        <Link to="/app/calls">← Call log</Link>
      </p>
      <h1>
        {call.direction === 'inbound' ? 'Call from' : 'Call to'} {leadLabel(call)}{' '}
        <span className="muted small">{when(call.createdAt)}</span>
      </h1>
      <div className="grid-2">
        <section className="card" aria-labelledby="call-facts">
          <h2 id="call-facts">What happened</h2>
          <dl className="facts">
            <dt>Campaign</dt>
            <dd>{call.campaignName ?? '—'}</dd>
            <dt>Agent</dt>
            <dd>{call.agentName ?? '—'}</dd>
            <dt>Direction</dt>
            <dd>{directionLabel(call)}</dd>
            {call.direction === 'inbound' ? (
              <>
                <dt>Caller</dt>
                <dd>
                  {call.dialedNumber} <span className="muted">rang {call.callerId}</span>
                </dd>
              </>
            ) : (
              <>
                <dt>Dialed</dt>
                <dd>
                  {call.dialedNumber} <span className="muted">from {call.callerId}</span>
                </dd>
              </>
            )}
            <dt>Outcome</dt>
            <dd>
              {call.outcome?.replace('_', ' ') ?? call.status}
              {call.amdResult && <span className="muted"> (AMD: {call.amdResult})</span>}
            </dd>
            <dt>Disposition</dt>
            <dd>{dispositionText(call) ?? 'none'}</dd>
            {call.voicemailDropAt && (
              <>
                <dt>Voicemail drop</dt>
                <dd data-testid="call-voicemail-drop">
                  {call.voicemailDropMessage} <span className="muted">from {when(call.voicemailDropAt)}</span>
                </dd>
              </>
            )}
            <dt>Rang</dt>
            <dd>{call.safeHarbor.ringMs === null ? '—' : `${(call.safeHarbor.ringMs / 1000).toFixed(1)} s`}</dd>
            <dt>Answered</dt>
            <dd>{when(call.answeredAt)}</dd>
            <dt>Agent connected</dt>
            <dd data-testid="call-agent-connected">{agentConnectedText(call.safeHarbor)}</dd>
            <dt>Ended</dt>
            <dd>{when(call.endedAt)}</dd>
            <dt>Talk time</dt>
            <dd>{talkTime(call)}</dd>
            {billedDiffers(call) && (
              <>
                <dt>Billed by the carrier</dt>
                <dd>
                  {formatDuration(call.durationSec ?? 0)}{' '}
                  <span className="muted small">(the carrier’s own count; the simulator counts simulated seconds)</span>
                </dd>
              </>
            )}
            {call.callbackAt && (
              <>
                <dt>Callback</dt>
                <dd>{when(call.callbackAt)}</dd>
              </>
            )}
            {call.record && (
              <>
                <dt>Disclosure confirmed</dt>
                <dd>{call.recordingConsentConfirmed ? 'yes' : 'no'}</dd>
              </>
            )}
          </dl>
          <h3>Notes</h3>
          <p className="dialer__notes">{call.notes ?? 'No notes.'}</p>
        </section>
        <section className="card" aria-labelledby="call-recording">
          <h2 id="call-recording">Recording</h2>
          {call.recordingPlayable ? (
            <>
              <audio controls preload="metadata" src={audio} aria-label="Call recording">
                <a href={`${audio}?download=1`}>Download the recording</a>
              </audio>
              <p>
                <a href={`${audio}?download=1`} download>
                  Download
                </a>{' '}
                <span className="muted small">(kept until {when(call.recording?.expiresAt ?? null)})</span>
              </p>
            </>
          ) : (
            <p className="muted">
              {!call.record
                ? 'This call was not recorded.'
                : call.recording?.deletedAt || (call.recording && new Date(call.recording.expiresAt) < new Date())
                  ? 'The recording was deleted (recordings are kept 30 days).'
                  : 'No recording is available.'}
            </p>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="call-decision">
        <h2 id="call-decision">Compliance decision</h2>
        {d ? (
          <>
            <p>
              <strong>{d.verdict === 'allowed' ? 'Allowed' : 'Denied'}</strong> at {when(d.checkedAt)} ({d.mode} mode)
              {d.reasons.length > 0 && <> — {d.reasons.join(', ')}</>}
            </p>
            <table className="table">
              <caption>Callee-local times checked</caption>
              <thead>
                <tr>
                  <th scope="col">Zone</th>
                  <th scope="col">From</th>
                  <th scope="col">Local time</th>
                  <th scope="col">Window that day</th>
                  <th scope="col">Open</th>
                </tr>
              </thead>
              <tbody>
                {d.zones.map((z) => (
                  <tr key={z.zone}>
                    <td>{z.zone}</td>
                    <td>{z.origin}</td>
                    <td>{z.localTime ?? 'unknown'}</td>
                    <td>{z.window ? `${minutes(z.window.startMinutes)}–${minutes(z.window.endMinutes)}` : 'closed'}</td>
                    <td>{z.open ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Rules checked</h3>
            <ul className="list small">
              {d.rules.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">No decision was recorded for this call (it was not placed by the dialer).</p>
        )}
      </section>
    </>
  );
}
