import { AppError } from '../../core/errors';
import { isFinal, outcomeOf, statusRank } from '../../core/telephony/call-status';
import { applyStatusChange } from '../../db/queries/call-status-batch';
import { listStaleCalls, markCallNotPlaced } from '../../db/queries/calls';
import type { AppDeps } from '../deps';

/**
 * Callbacks are best-effort: some never come. Asks the provider about calls still open `staleCallMinutes` after
 * they were queued and applies what it says through the same idempotent path as a callback (so a late real
 * callback is a duplicate). A call the provider never heard of (we crashed before it answered) ends failed.
 */
export async function reconcileStaleCalls(deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'calling' | 'log'>, opts: { batch?: number } = {}) {
  const now = deps.clock.now();
  const stale = await listStaleCalls(deps.db, new Date(now.getTime() - deps.calling.staleCallMinutes * 60_000), opts.batch ?? 200);
  let closed = 0;
  let advanced = 0;
  let stillLive = 0;
  let failed = 0;
  for (const call of stale) {
    if (!call.providerSid) {
      if (await markCallNotPlaced(deps.db, call.id, now)) closed++;
      continue;
    }
    let snapshot;
    try {
      snapshot = await deps.telephony.getCall({ providerSid: call.providerSid });
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') {
        if (await markCallNotPlaced(deps.db, call.id, now)) closed++;
        continue;
      }
      failed++;
      deps.log.warn({ callId: call.id, err: err instanceof Error ? err.message : String(err) }, 'reconcile: provider unreachable');
      continue;
    }
    const result = await applyStatusChange(deps.db, {
      callId: call.id,
      providerSid: call.providerSid,
      eventKey: `${call.providerSid}:${snapshot.status}`,
      payload: { source: 'reconcile', CallStatus: snapshot.status, ...(snapshot.durationSec !== undefined ? { CallDuration: String(snapshot.durationSec) } : {}) },
      status: snapshot.status,
      rank: statusRank(snapshot.status),
      outcome: outcomeOf(snapshot.status, snapshot.answeredBy) ?? null,
      durationSec: snapshot.durationSec ?? null,
      answeredBy: snapshot.answeredBy ?? null,
      now,
    });
    if (isFinal(snapshot.status)) {
      if (result.updated) closed++;
    } else {
      stillLive++;
      if (result.updated) advanced++;
    }
  }
  return { checked: stale.length, closed, advanced, stillLive, failed };
}
