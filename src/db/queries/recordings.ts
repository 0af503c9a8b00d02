import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { callEvents, recordings } from '../schema';
import { notifyCallChanged } from './call-changes';
import type { CallRow } from './calls';

export type RecordingRow = typeof recordings.$inferSelect;

/** Stores a recording event once; the recording row only moves forward (live → ended → deleted). */
export async function applyRecordingEvent(
  db: Db,
  e: {
    call: CallRow;
    eventKey: string;
    payload: Record<string, string>;
    recordingSid: string;
    status: 'in-progress' | 'completed' | 'absent' | 'failed';
    durationSec: number | null;
    expiresAt: Date;
    now: Date;
  },
): Promise<{ inserted: boolean; updated: boolean }> {
  return db.transaction(async (tx) => {
    const ev = await tx
      .insert(callEvents)
      .values({ teamId: e.call.teamId, callId: e.call.id, eventKey: e.eventKey, payload: e.payload, receivedAt: e.now })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (ev.length === 0) return { inserted: false, updated: false };
    const res = await tx.execute(sql`
      insert into recordings (team_id, call_id, provider_sid, status, duration_sec, expires_at, created_at, updated_at)
      values (${e.call.teamId}, ${e.call.id}, ${e.recordingSid}, ${e.status}, ${e.durationSec}, ${e.expiresAt}, ${e.now}, ${e.now})
      on conflict (provider_sid) do update set
        status = excluded.status,
        duration_sec = coalesce(excluded.duration_sec, recordings.duration_sec),
        updated_at = excluded.updated_at
      where recordings.call_id = excluded.call_id
        and (case recordings.status when 'deleted' then 2 when 'in-progress' then 0 when 'paused' then 0 else 1 end)
          < (case excluded.status when 'in-progress' then 0 else 1 end)`);
    const updated = (res.rowCount ?? 0) > 0;
    if (updated) await notifyCallChanged(tx, e.call);
    return { inserted: true, updated };
  });
}

/** Our own pause/resume (the provider sends no callback for those). */
export async function setRecordingLiveState(db: Db, recordingId: string, status: 'in-progress' | 'paused', now: Date) {
  const [row] = await db
    .update(recordings)
    .set({ status, updatedAt: now })
    .where(and(eq(recordings.id, recordingId), inArray(recordings.status, ['in-progress', 'paused'])))
    .returning();
  return row ?? null;
}

/** The call's most recent recording (a call is recorded once; a restarted recording supersedes). */
export async function latestRecording(db: Db, callId: string): Promise<RecordingRow | null> {
  const [row] = await db
    .select()
    .from(recordings)
    .where(eq(recordings.callId, callId))
    .orderBy(desc(recordings.createdAt))
    .limit(1);
  return row ?? null;
}

export async function listExpiredRecordings(db: Db, now: Date, limit: number): Promise<RecordingRow[]> {
  return db
    .select()
    .from(recordings)
    .where(
      and(
        isNull(recordings.deletedAt),
        lt(recordings.expiresAt, now),
        inArray(recordings.status, ['completed', 'absent', 'failed']),
      ),
    )
    .orderBy(asc(recordings.expiresAt))
    .limit(limit);
}

export async function markRecordingDeleted(db: Db, recordingId: string, now: Date) {
  await db
    .update(recordings)
    .set({ status: 'deleted', deletedAt: now, updatedAt: now })
    .where(eq(recordings.id, recordingId));
}
