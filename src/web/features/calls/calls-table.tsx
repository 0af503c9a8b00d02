import { Link } from 'react-router';
import type { CallStatus } from '../../../core/telephony/call-status';
import { formatDuration } from '../dialer/types';

/** A call as the call-log API lists it. */
export type CallRow = {
  id: string;
  createdAt: string;
  campaignId: string | null;
  campaignName: string | null;
  agentId: string | null;
  agentName: string | null;
  leadId: string | null;
  leadFirstName: string | null;
  leadLastName: string | null;
  /** Inbound: the lead called us (`dialedNumber` is theirs, `callerId` the number they rang). */
  direction?: 'outbound' | 'inbound';
  dialedNumber: string;
  callerId: string;
  status: CallStatus;
  outcome: string | null;
  amdResult: string | null;
  /** The voicemail drop played on the call (when it started, which message). */
  voicemailDropAt?: string | null;
  voicemailDropMessage?: string | null;
  disposition: string | null;
  dispositionLabel?: string | null;
  notes: string | null;
  callbackAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  /** The provider lost the call: `endedAt` is only the last time it was known alive. */
  endInferred?: boolean;
  record: boolean;
};

/**
 * Talk time on the same clock as the Answered and Ended times shown beside it: answered → ended as we recorded them.
 * The provider's own count (`durationSec`) can differ — the embedded simulator counts simulated seconds — and is
 * shown only as the carrier's billed duration, so one call never shows two lengths as its talk time.
 */
export function talkTimeSec(c: CallRow): number | null {
  if (!c.answeredAt || !c.endedAt || c.endInferred) return null;
  return Math.max(0, (Date.parse(c.endedAt) - Date.parse(c.answeredAt)) / 1000);
}

/** The campaign's label for the call's disposition ("Not interested"), the key when it has none, null when undispositioned. */
export const dispositionText = (c: CallRow) => (c.disposition ? (c.dispositionLabel ?? c.disposition) : null);

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
export const leadLabel = (c: CallRow) => [c.leadFirstName, c.leadLastName].filter(Boolean).join(' ') || c.dialedNumber;

export const directionLabel = (c: Pick<CallRow, 'direction'>) => (c.direction === 'inbound' ? 'Inbound' : 'Outbound');

export const talkTime = (c: CallRow) => {
  const sec = talkTimeSec(c);
  return sec === null ? '—' : formatDuration(sec);
};

/** Optional columns: the call log shows whom and which campaign; a lead's own page shows the notes instead. */
type Column = 'lead' | 'campaign' | 'notes';

/** Calls newest first, each linking to its call page (recording, compliance decision). */
export function CallsTable({
  calls,
  caption,
  columns,
}: {
  calls: readonly CallRow[];
  caption: string;
  columns: readonly Column[];
}) {
  const show = (c: Column) => columns.includes(c);
  return (
    <table className="table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Placed</th>
          <th scope="col">Direction</th>
          {show('lead') && <th scope="col">Lead</th>}
          {show('campaign') && <th scope="col">Campaign</th>}
          <th scope="col">Agent</th>
          <th scope="col">Outcome</th>
          <th scope="col">Disposition</th>
          <th scope="col">Talk</th>
          {show('notes') && <th scope="col">Notes</th>}
        </tr>
      </thead>
      <tbody>
        {calls.map((c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/app/calls/${c.id}`}>{when(c.createdAt)}</Link>
            </td>
            <td>{directionLabel(c)}</td>
            {show('lead') && <td>{leadLabel(c)}</td>}
            {show('campaign') && <td>{c.campaignName ?? '—'}</td>}
            <td>{c.agentName ?? '—'}</td>
            <td>{c.outcome?.replace('_', ' ') ?? c.status}</td>
            <td>{dispositionText(c) ?? <span className="muted">none</span>}</td>
            <td>{talkTime(c)}</td>
            {show('notes') && <td className="small">{c.notes ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
