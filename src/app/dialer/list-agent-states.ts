import { effectiveState, type AgentState } from '../../core/dialer/agent-state';
import type { TeamScope } from '../../core/teams/scope';
import { listTeamDialingSessions } from '../../db/queries/dialing-sessions';
import type { AppDeps } from '../deps';

export type AgentLiveState = {
  userId: string;
  name: string;
  campaignId: string | null;
  state: AgentState;
  since: Date | null;
};

/** Every agent seat of the team as it is now (a seat whose heartbeat stopped counts as offline). */
export async function listAgentStates(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId?: string,
): Promise<AgentLiveState[]> {
  const now = deps.clock.now();
  const sessions = await listTeamDialingSessions(deps.db, scope, campaignId);
  return sessions.map((s) => {
    const state = effectiveState(s, s.callStatus ? { status: s.callStatus } : null, now);
    return {
      userId: s.userId,
      name: s.name,
      campaignId: s.campaignId,
      state,
      since: state === 'offline' && s.state !== 'offline' ? s.lastHeartbeat : s.since,
    };
  });
}
