import { and, desc, eq } from 'drizzle-orm';
import type { AnsweredBy, CallStatus, Outcome } from '../../core/telephony/call-status';
import type { Db } from '../client';
import { calls, recordings } from '../schema';
import type { RecordingRow } from './recordings';

export type CallView = {
  id: string;
  campaignId: string | null;
  leadId: string | null;
  agentId: string | null;
  /** Inbound: the lead called one of our numbers (decision 0026). */
  direction: 'outbound' | 'inbound';
  dialedNumber: string;
  callerId: string;
  status: CallStatus;
  outcome: Outcome | null;
  amdResult: AnsweredBy | null;
  queuedAt: Date;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** The provider lost the call: `endedAt` is the last time it was known alive (see closeLostCall). */
  endInferred: boolean;
  durationSec: number | null;
  recording: { status: RecordingRow['status']; durationSec: number | null; expiresAt: Date } | null;
};

const viewColumns = {
  id: calls.id,
  campaignId: calls.campaignId,
  leadId: calls.leadId,
  agentId: calls.agentId,
  direction: calls.direction,
  dialedNumber: calls.dialedNumber,
  callerId: calls.callerId,
  status: calls.status,
  outcome: calls.outcome,
  amdResult: calls.amdResult,
  queuedAt: calls.queuedAt,
  ringingAt: calls.ringingAt,
  answeredAt: calls.answeredAt,
  endedAt: calls.endedAt,
  endInferred: calls.endInferred,
  durationSec: calls.durationSec,
};

/** What the agent's screen shows of a call (the realtime push and the dial result). Scoped by team id. */
export async function getCallView(db: Db, teamId: string, callId: string): Promise<CallView | null> {
  const [row] = await db
    .select(viewColumns)
    .from(calls)
    .where(and(eq(calls.teamId, teamId), eq(calls.id, callId)));
  if (!row) return null;
  const [rec] = await db
    .select({ status: recordings.status, durationSec: recordings.durationSec, expiresAt: recordings.expiresAt })
    .from(recordings)
    .where(eq(recordings.callId, callId))
    .orderBy(desc(recordings.createdAt))
    .limit(1);
  return { ...row, recording: rec ?? null };
}
