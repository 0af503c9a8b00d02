import { PRESENCE_TIMEOUT_MS } from '../../core/dialer/agent-state';
import { AppError } from '../../core/errors';
import { sweepStaleDialingSessions } from '../../db/queries/dialing-sessions';
import { closeLostCall } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { settleFromProvider } from '../telephony/settle-call';

const BATCH = 500;

/**
 * Never a phantom agent: sessions whose heartbeat went stale go offline (Not ready), the leads they held go back
 * to the queue, and calls still live on them are hung up (nobody is there to talk), the agent's own line too.
 * (A reservation no session holds lapses by itself.) Idempotent and batched; every instance may run it.
 * An instance that started less than the presence timeout ago judges nobody yet: while it (or the whole
 * deployment) was down the screens' heartbeats had nowhere to go, and the calls on them may still be live at the
 * carrier. Sweeps queued meanwhile run first thing on a restart and would hang those calls up.
 */
export async function sweepAgentPresence(deps: Pick<AppDeps, 'db' | 'clock' | 'startedAt' | 'telephony' | 'log'>) {
  const now = deps.clock.now();
  if (now.getTime() - deps.startedAt.getTime() < PRESENCE_TIMEOUT_MS)
    return { offline: 0, released: 0, hungUp: 0, waitingForHeartbeats: true };
  let offline = 0;
  let released = 0;
  let hungUp = 0;
  for (;;) {
    const r = await sweepStaleDialingSessions(deps.db, { now, limit: BATCH });
    offline += r.offline;
    released += r.released;
    for (const call of r.liveCalls) {
      try {
        await deps.telephony.hangUp({ providerSid: call.providerSid });
        hungUp++;
        // Its ending callback may never come: settle it from the provider's record now.
        await settleFromProvider(deps, { id: call.callId, providerSid: call.providerSid }, 'presence');
      } catch (err) {
        // The provider no longer has it (restarted): close it with what we know.
        if (err instanceof AppError && err.code === 'not_found') await closeLostCall(deps.db, call.callId, now);
        else
          deps.log.warn(
            { callId: call.callId, err: err instanceof Error ? err.message : String(err) },
            'could not hang up an abandoned call',
          );
      }
    }
    for (const providerSid of r.liveLines) {
      try {
        await deps.telephony.hangUp({ providerSid });
      } catch (err) {
        deps.log.warn(
          { err: err instanceof Error ? err.message : String(err) },
          "could not hang up an absent agent's phone line",
        );
      }
    }
    if (r.offline < BATCH) break;
  }
  return { offline, released, hungUp, waitingForHeartbeats: false };
}
