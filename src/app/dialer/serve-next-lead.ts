import type { DialDecision } from '../../core/compliance';
import { effectiveState } from '../../core/dialer/agent-state';
import type { WaitingSummary } from '../../core/dialer/waiting-leads';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import {
  attachLeadToDialingSessionIfFree,
  getOwnDialingSession,
  touchOwnDialingSession,
} from '../../db/queries/dialing-sessions';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import { releaseLead } from '../../db/queries/lead-reservations';
import type { AppDeps } from '../deps';
import { explainNothingCallable } from './explain-nothing-callable';
import { getDialerState, type DialerState } from './get-dialer-state';
import { reserveCallableLead, type Denial } from './reserve-callable-lead';

export type ServedNextLead = DialerState & {
  /** The gate's verdict for the lead at the moment it was picked (the dial checks again). */
  decision: DialDecision | null;
  /** Leads the gate stepped over on the way (their next allowed time is set). */
  denied: Denial[];
  /** True when nothing in the campaign may be called now. */
  exhausted: boolean;
  /** When exhausted: why the campaign's leads wait, and when the first of them may be called. */
  waiting: WaitingSummary | null;
};

/**
 * The next lead for a Ready agent (preview: shown with Dial and Skip). Idempotent: a lead already on the
 * agent's screen, still reserved for them, is returned again instead of picking another.
 */
export async function serveNextLead(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>,
  scope: TeamScope,
): Promise<ServedNextLead> {
  const now = deps.clock.now();
  // Acting is being present: it counts as a heartbeat.
  await touchOwnDialingSession(deps.db, scope, { now });
  const session = await getOwnDialingSession(deps.db, scope);
  if (!session || session.campaignId === null)
    throw new AppError('invalid_state', 'Pick a campaign and go Ready first');
  const state = effectiveState(session, session.callStatus ? { status: session.callStatus } : null, now);
  if (state !== 'ready')
    throw new AppError(
      'invalid_state',
      state === 'offline' ? 'You are offline: go Ready first' : 'Finish what you are doing first',
    );
  if (session.leadId) {
    const held = await getTeamLeadIgnoringVisibility(deps.db, scope, session.leadId);
    if (held && held.reservedBy === scope.userId) {
      return { ...(await getDialerState(deps, scope)), decision: null, denied: [], exhausted: false, waiting: null };
    }
  }
  const picked = await reserveCallableLead(deps, scope, { campaignId: session.campaignId, userId: scope.userId });
  if (picked.kind === 'none') {
    const waiting = await explainNothingCallable(deps, scope, session.campaignId);
    return { ...(await getDialerState(deps, scope)), decision: null, denied: picked.denied, exhausted: true, waiting };
  }
  if (!(await attachLeadToDialingSessionIfFree(deps.db, scope, { leadId: picked.lead.id }))) {
    // Another request of this agent put a lead on screen meanwhile (double click, second tab): give this one back.
    await releaseLead(deps.db, scope, { leadId: picked.lead.id, userId: scope.userId, now });
    return {
      ...(await getDialerState(deps, scope)),
      decision: null,
      denied: picked.denied,
      exhausted: false,
      waiting: null,
    };
  }
  return {
    ...(await getDialerState(deps, scope)),
    decision: picked.decision,
    denied: picked.denied,
    exhausted: false,
    waiting: null,
  };
}
