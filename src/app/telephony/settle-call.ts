import { PLACEMENT_ALLOWANCE_MS } from '../../core/compliance';
import { AppError } from '../../core/errors';
import { isFinal, outcomeOf, statusRank } from '../../core/telephony/call-status';
import { applyStatusChange } from '../../db/queries/call-status-batch';
import {
  closeLostCall,
  listOpenCallIds,
  listOpenCallsById,
  markCallNotPlaced,
  type CallRow,
} from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { DEFAULT_RING_TIMEOUT_SEC } from './start-provider-call';

export const RECOVER_OPEN_CALLS_JOB = 'recover-open-calls';

/** A call not answered this long after it was queued has outlived its ringing: its end was due (ring + placement). */
export const RING_OVERDUE_MS = DEFAULT_RING_TIMEOUT_SEC * 1000 + PLACEMENT_ALLOWANCE_MS;

export type Settled = 'final' | 'live' | 'lost' | 'unreachable' | 'not_placed';

type SettleDeps = Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'log'>;

/**
 * Reads the provider's own record of the call and applies it through the callbacks' idempotent path (a late real
 * callback is then a duplicate). Callbacks are best-effort, so this is how a call whose webhook was lost (our 5xx
 * during an outage, a network drop) still ends. A call the provider does not know is closed with what we know
 * (`closeLostCall`); a provider we cannot reach changes nothing.
 */
export async function settleFromProvider(
  deps: SettleDeps,
  call: Pick<CallRow, 'id' | 'providerSid'>,
  source: string,
): Promise<Settled> {
  const now = deps.clock.now();
  if (!call.providerSid) return 'unreachable';
  let snapshot;
  try {
    snapshot = await deps.telephony.getCall({ providerSid: call.providerSid });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      await closeLostCall(deps.db, call.id, now);
      return 'lost';
    }
    deps.log.warn(
      { callId: call.id, err: err instanceof Error ? err.message : String(err) },
      `${source}: provider unreachable`,
    );
    return 'unreachable';
  }
  await applyStatusChange(deps.db, {
    callId: call.id,
    providerSid: call.providerSid,
    eventKey: `${call.providerSid}:${snapshot.status}`,
    payload: {
      source,
      CallStatus: snapshot.status,
      ...(snapshot.durationSec !== undefined ? { CallDuration: String(snapshot.durationSec) } : {}),
    },
    status: snapshot.status,
    rank: statusRank(snapshot.status),
    outcome: outcomeOf(snapshot.status, snapshot.answeredBy) ?? null,
    durationSec: snapshot.durationSec ?? null,
    answeredBy: snapshot.answeredBy ?? null,
    now,
  });
  return isFinal(snapshot.status) ? 'final' : 'live';
}

/** Not answered, and past the time its ringing had to stop: its ending callback is overdue. */
export function isRingOverdue(call: Pick<CallRow, 'status' | 'queuedAt'>, now: Date): boolean {
  return (
    (call.status === 'queued' || call.status === 'initiated' || call.status === 'ringing') &&
    now.getTime() - call.queuedAt.getTime() > RING_OVERDUE_MS
  );
}

/** At most this many calls are checked per recovery job; a larger backlog is left to the stale-call sweep. */
const RECOVERY_BATCH = 2000;

/**
 * What an instance starting up must check: the calls open at that moment (a crash may have left them behind). Their
 * ids are taken before the instance serves anything, so calls it places itself afterwards are never mistaken for
 * them; the job is sent by `send`, once the instance serves, because checking a simulator call goes through the
 * peer route of the instance that placed it, which may be this one. No job is sent when nothing is open.
 */
export async function prepareOpenCallRecovery(deps: Pick<AppDeps, 'db' | 'queue'>) {
  const callIds = await listOpenCallIds(deps.db, RECOVERY_BATCH);
  return {
    count: callIds.length,
    send: async () => {
      if (callIds.length > 0) await deps.queue.send(RECOVER_OPEN_CALLS_JOB, { callIds });
    },
  };
}

/**
 * After a restart: each call that was open at the start is checked with the provider at once. Calls it still has go
 * on (their callbacks resume); calls it no longer knows are closed with what we know, which puts their agents in
 * wrap-up. A call with no sid that was queued before the allowance ran out was never placed.
 */
export async function recoverOpenCalls(deps: SettleDeps, input: { callIds: readonly string[] }) {
  const now = deps.clock.now();
  const open = await listOpenCallsById(deps.db, input.callIds);
  const counts: Record<Settled, number> = { final: 0, live: 0, lost: 0, unreachable: 0, not_placed: 0 };
  for (const call of open) {
    if (!call.providerSid) {
      if (
        now.getTime() - call.queuedAt.getTime() > PLACEMENT_ALLOWANCE_MS &&
        (await markCallNotPlaced(deps.db, call.id, now))
      )
        counts.not_placed++;
      continue;
    }
    counts[await settleFromProvider(deps, call, 'recover')]++;
  }
  return { checked: open.length, ...counts };
}
