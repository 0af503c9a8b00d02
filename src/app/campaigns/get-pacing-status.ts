import type { PacingStatus } from '../../core/api/pacing.types';
import { abandonPeriod, governorRollingWindow, SAFE_HARBOR } from '../../core/compliance/abandon-rate';
import type { AgentState } from '../../core/dialer/agent-state';
import type { GovernorState } from '../../core/compliance/abandon-governor';
import { decidePacing, PACER_RING_TIMEOUT_SECONDS, type PacerDecision } from '../../core/dialer/pacer';
import { fitBusyTime } from '../../core/dialer/talk-time';
import type { TeamScope } from '../../core/teams/scope';
import { countLiveAnswers } from '../../db/queries/compliance';
import { campaignDialStats, campaignLinesInFlight } from '../../db/queries/pacing-measurements';
import type { AppDeps } from '../deps';

/** How far back the answer rate, ring time and talk time are measured: one working day follows a list's changes. */
const MEASURE_HOURS = 24;
// Agents in wrap-up are told apart: they free up on the campaign's wrap-up times, not its talk times.
const BUSY_STATES: ReadonlySet<AgentState> = new Set(['dialing', 'on_call']);

/**
 * What the pure pacer decides for a predictive campaign now, from its live measurements: working agents (ready, and
 * how long each busy one has been busy), lines ringing, the last day's answer rate, human share, ring and talk time,
 * and the abandon counts of the current period and the rolling 30 days from the calls' connect records (answers
 * without them are left out, which can only make the governor stricter). Read-only: the campaign overview shows it.
 * The governor's hysteresis state is the one the pacer loop carries (decision 0028); `open` before its first tick.
 */
export async function campaignPacingStatus(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaign: { id: string; createdAt: Date; maxLinesPerAgent: number; targetAbandonBp: number },
  agents: readonly { state: AgentState; since: Date | null }[],
  previousState: GovernorState = 'open',
): Promise<PacingStatus> {
  return (await decideCampaignPacing(deps, scope, campaign, agents, previousState)).status;
}

/** The same decision with the pacer's own figures: how many lines to start now and the governor's new state. */
export async function decideCampaignPacing(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaign: { id: string; createdAt: Date; maxLinesPerAgent: number; targetAbandonBp: number },
  agents: readonly { state: AgentState; since: Date | null }[],
  previousState: GovernorState,
): Promise<{ status: PacingStatus; decision: PacerDecision }> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - MEASURE_HOURS * 3_600_000);
  const period = abandonPeriod(now, campaign.createdAt);
  const lineLifeMs = (PACER_RING_TIMEOUT_SECONDS + SAFE_HARBOR.connectWithinSeconds) * 1000;
  const rolling = governorRollingWindow(now, campaign.createdAt, lineLifeMs);
  const upToNow = new Date(now.getTime() + 1);
  const [stats, inFlight, inPeriod, inRolling] = await Promise.all([
    campaignDialStats(deps.db, scope, { campaignId: campaign.id, since }),
    campaignLinesInFlight(deps.db, scope, { campaignId: campaign.id, since }),
    countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: period.from, to: upToNow }),
    countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: rolling.from, to: upToNow }),
  ]);
  const ready = agents.filter((a) => a.state === 'ready').length;
  const elapsed = (a: { since: Date | null }) =>
    a.since ? Math.max(0, (now.getTime() - a.since.getTime()) / 1000) : 0;
  const busyElapsedSeconds = agents.filter((a) => BUSY_STATES.has(a.state)).map(elapsed);
  const wrapUpElapsedSeconds = agents.filter((a) => a.state === 'wrap_up').map(elapsed);
  const decision = decidePacing({
    now,
    settings: { maxLinesPerAgent: campaign.maxLinesPerAgent, targetBp: campaign.targetAbandonBp },
    agents: { ready, busyElapsedSeconds },
    wrapUp: { elapsedSeconds: wrapUpElapsedSeconds, time: fitBusyTime(stats.wrapUpSeconds) },
    linesInFlight: inFlight,
    measured: {
      dialled: stats.dialled,
      answered: stats.answered,
      humanAnswered: stats.humanAnswered,
      secondsToAnswer: stats.secondsToAnswer,
      busyTime: fitBusyTime(stats.talkSeconds),
    },
    period: {
      counts: { liveAnswered: inPeriod.recorded, abandoned: inPeriod.abandoned },
      rollingCounts: { liveAnswered: inRolling.recorded, abandoned: inRolling.abandoned },
      endsAt: period.to,
      previousState,
    },
  });
  const status: PacingStatus = {
    mode: decision.mode,
    lines: decision.lines,
    linesInFlight: inFlight,
    readyAgents: ready,
    workingAgents: ready + busyElapsedSeconds.length + wrapUpElapsedSeconds.length,
    governor: decision.governor.state,
    expectedAbandonShare: decision.expectedAbandonShare,
    fallback: decision.fallback,
  };
  return { status, decision };
}
