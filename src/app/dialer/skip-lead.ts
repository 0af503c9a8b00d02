import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  getOwnDialingSession,
  updateOwnDialingSession,
  touchOwnDialingSession,
} from '../../db/queries/dialing-sessions';
import { skipLeadBehind } from '../../db/queries/lead-reservations';
import type { AppDeps } from '../deps';
import { getDialerState, type DialerState } from './get-dialer-state';

/** Preview's Skip: the lead goes behind the campaign's other due leads, not dialled; the skip is counted on the lead. */
export async function skipLead(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>,
  scope: TeamScope,
): Promise<DialerState> {
  const now = deps.clock.now();
  // Acting is being present: it counts as a heartbeat.
  await touchOwnDialingSession(deps.db, scope, { now });
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session?.leadId) throw new AppError('invalid_state', 'There is no lead on your screen');
  if (session.state !== 'ready')
    throw new AppError('invalid_state', 'A lead that was dialled is dispositioned, not skipped');
  await skipLeadBehind(deps.db, scope, { leadId: session.leadId, userId: scope.userId, now });
  await updateOwnDialingSession(deps.db, scope, { leadId: null }, now);
  return getDialerState(deps, scope);
}
