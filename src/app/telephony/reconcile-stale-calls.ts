import { listStaleCalls, markCallNotPlaced } from '../../db/queries/calls';
import type { AppDeps } from '../deps';
import { dispositionLeftoverPacerLines } from '../dialer/disposition-pacer-lines';
import { settleFromProvider } from './settle-call';

/**
 * The backstop: callbacks are best-effort, and the dialer settles an agent's overdue call itself (heartbeat, Hang
 * up); this asks the provider about any call still open `staleCallMinutes` after it was queued and applies what it
 * says. A call the provider does not know is closed with what we know (an answered one stays answered); one whose
 * provider cannot be reached (another instance's simulator that is down) is left alone.
 */
export async function reconcileStaleCalls(
  deps: Pick<AppDeps, 'db' | 'telephony' | 'clock' | 'calling' | 'log'>,
  opts: { batch?: number } = {},
) {
  const now = deps.clock.now();
  const stale = await listStaleCalls(
    deps.db,
    new Date(now.getTime() - deps.calling.staleCallMinutes * 60_000),
    opts.batch ?? 200,
  );
  let closed = 0;
  let stillLive = 0;
  let failed = 0;
  for (const call of stale) {
    if (!call.providerSid) {
      if (await markCallNotPlaced(deps.db, call.id, now)) closed++;
      continue;
    }
    const settled = await settleFromProvider(deps, call, 'reconcile');
    if (settled === 'final' || settled === 'lost') closed++;
    else if (settled === 'live') stillLive++;
    else failed++;
  }
  // Pacer lines this sweep (or a lost callback) ended, and those of campaigns no longer paced, get their disposition.
  const pacerLines = await dispositionLeftoverPacerLines(deps);
  return { checked: stale.length, closed, stillLive, failed, pacerLines };
}
