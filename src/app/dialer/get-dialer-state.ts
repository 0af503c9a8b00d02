import { effectiveState, HEARTBEAT_INTERVAL_MS, type AgentState } from '../../core/dialer/agent-state';
import { AppError } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { getOwnDialingSession } from '../../db/queries/dialing-sessions';
import { getCallView, type CallView } from '../../db/queries/call-view';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import { userDisplayName } from '../../db/queries/users';
import type { AgentAudioLine } from '../../core/api/dialer.types';
import type { AgentPacing } from '../../core/api/pacing.types';
import { getCampaign } from '../../db/queries/campaigns';
import { chosenDropMessage } from '../../db/queries/drop-messages';
import { listTeamDialingSessions } from '../../db/queries/dialing-sessions';
import { pacerGovernorState } from '../../db/queries/pacer';
import { campaignAbandonRate } from '../campaigns/get-compliance-report';
import { campaignPacingStatus } from '../campaigns/get-pacing-status';
import { offeredAudioKinds } from './agent-audio';
import { lineRequired } from './agent-line';
import type { AppDeps } from '../deps';
import { leadOnScreen, loadDialerCampaign, type DialerCampaign, type LeadOnScreen } from './dialer-context';

export type DialerState = {
  state: AgentState;
  since: Date | null;
  /** Why the agent was put Not ready by the system, if it was. */
  note: string | null;
  campaign: Omit<DialerCampaign, 'campaignWindow' | 'rawWindow' | 'script'> | null;
  lead: LeadOnScreen | null;
  call: CallView | null;
  heartbeatIntervalMs: number;
  /**
   * The agent's own audio leg: needed on a real carrier (decision 0009), not on the simulator. `kind` is their
   * choice (remembered), `kinds` what this installation offers (decision 0014), `phone`/`sip` what they gave.
   */
  line: AgentAudioLine;
  /** The server's clock, so the screen's timers agree with it whatever the agent's computer says. */
  serverTime: Date;
  /** A predictive campaign's live abandon rate, lines ringing and pacer mode; null in other modes. */
  pacing?: AgentPacing | null;
  /** The name of the campaign's chosen voicemail drop message while on a call (the agent's drop key); else null. */
  dropMessage?: string | null;
};

/** Everything the agent's workspace shows, read fresh (after a reload, or on the other instance). */
export async function getDialerState(
  deps: Pick<AppDeps, 'db' | 'clock' | 'calling'>,
  scope: TeamScope,
): Promise<DialerState> {
  const now = deps.clock.now();
  const session = await getOwnDialingSession(deps.db, scope);
  const empty: DialerState = {
    state: 'offline',
    since: null,
    note: null,
    campaign: null,
    lead: null,
    call: null,
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    line: {
      required: lineRequired(deps),
      kind: session?.audioKind ?? 'phone',
      kinds: offeredAudioKinds(deps),
      phone: session?.linePhone ?? null,
      sip: session?.lineSip ?? null,
      status: session?.lineStatus ?? 'none',
    },
    serverTime: now,
  };
  if (!session || session.campaignId === null) return { ...empty, note: session?.note ?? null };
  let campaign: DialerCampaign;
  try {
    campaign = await loadDialerCampaign(deps, scope, session.campaignId);
  } catch (e) {
    if (e instanceof AppError) return { ...empty, note: session.note };
    throw e;
  }
  const lead = session.leadId ? await getTeamLeadIgnoringVisibility(deps.db, scope, session.leadId) : null;
  const call = session.callId ? await getCallView(deps.db, scope.teamId, session.callId) : null;
  // The state from the call row the answer carries, read after the session: a status that moved on between the two
  // reads (the person answered) must not leave "dialing" beside a call in progress, which the screen would then keep.
  const callStatus = call?.status ?? session.callStatus;
  const state = effectiveState(session, callStatus ? { status: callStatus } : null, now);
  const drop = call ? await chosenDropMessage(deps.db, scope.teamId, campaign.id) : null;
  const agentName = lead ? await userDisplayName(deps.db, scope.userId) : '';
  const pacing = campaign.dialMode === 'predictive' ? await agentPacing(deps, scope, campaign.id) : null;
  const { campaignWindow: _w, rawWindow: _r, script: _s, ...shown } = campaign;
  return {
    state,
    since: session.since,
    note: session.note,
    campaign: shown,
    lead: lead ? leadOnScreen(lead, campaign, agentName, now) : null,
    call,
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    line: empty.line,
    serverTime: now,
    pacing,
    dropMessage: drop?.name ?? null,
  };
}

/** The campaign's figures an agent in predictive sees: the same reads as the campaign overview's. */
async function agentPacing(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
): Promise<AgentPacing | null> {
  const campaign = await getCampaign(deps.db, scope, campaignId);
  if (!campaign) return null;
  const now = deps.clock.now();
  const sessions = await listTeamDialingSessions(deps.db, scope, campaignId);
  const agents = sessions.map((s) => ({
    state: effectiveState(s, s.callStatus ? { status: s.callStatus } : null, now),
    since: s.since,
  }));
  const [rate, pacing] = await Promise.all([
    campaignAbandonRate(deps, scope, campaign),
    pacerGovernorState(deps.db, { teamId: scope.teamId, campaignId }).then((state) =>
      campaignPacingStatus(deps, scope, campaign, agents, state),
    ),
  ]);
  return { abandonRate: rate.period.rate, targetBp: campaign.targetAbandonBp, pacing };
}
