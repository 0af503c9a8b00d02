import { PACER_RING_TIMEOUT_SECONDS } from '../../core/dialer/pacer';
import { effectiveState } from '../../core/dialer/agent-state';
import { provisionalNextAttempt } from '../../core/dialer/retry';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaign } from '../../db/queries/campaigns';
import { listTeamDialingSessions } from '../../db/queries/dialing-sessions';
import { claimLeadForDial, unclaimLeadDial } from '../../db/queries/lead-dial-writes';
import { releaseLead } from '../../db/queries/lead-reservations';
import { getTeamLeadIgnoringVisibility } from '../../db/queries/leads';
import { listPacedCampaigns, savePacerTick, takePacerLease } from '../../db/queries/pacer';
import { decideCampaignPacing } from '../campaigns/get-pacing-status';
import type { AppDeps } from '../deps';
import { startProviderCall } from '../telephony/start-provider-call';
import { complianceRecord } from './dial-lead';
import { dispositionEndedPacerLines } from './disposition-pacer-lines';
import { loadDialerCampaign } from './dialer-context';
import {
  gateLead,
  hasFrequencyCap,
  recentDials,
  RESERVATION_TTL_MS,
  reserveCallableLead,
  settleDeniedLead,
} from './reserve-callable-lead';

// The predictive pacer's loop, one campaign per call (decision 0028): under the campaign's lease, ask the pure pacer
// how many lines to start, and place them as lines of the campaign tied to no agent. Leads come through the same
// next-lead path as an agent's (compliance gate, SKIP LOCKED reservation, the last-moment re-check), so a lead is
// never dialled twice or outside its window; the answer handler gives each answered line to a Ready agent.

/** A lease outlives a few ticks, so a stalled instance's campaigns move to another within seconds. */
export const PACER_LEASE_MS = 10_000;

export type PaceResult =
  | { kind: 'not_mine' }
  | { kind: 'paced'; mode: 'predictive' | 'progressive'; wanted: number; placed: number; reason: string | null };

export async function paceCampaign(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'calling' | 'settings' | 'log'>,
  input: { teamId: string; campaignId: string; holder: string },
): Promise<PaceResult> {
  const now = deps.clock.now();
  const scope: TeamScope = { teamId: input.teamId, userId: 'system', role: 'owner' };
  const lease = await takePacerLease(deps.db, { ...input, now, until: new Date(now.getTime() + PACER_LEASE_MS) });
  if (!lease) return { kind: 'not_mine' };
  // Lines that ended with nobody on them get their disposition first, under the same lease (one instance does it).
  await dispositionEndedPacerLines(deps, input).catch((err: unknown) =>
    deps.log.error({ campaignId: input.campaignId, err: (err as Error).message }, 'dispositioning pacer lines failed'),
  );
  const campaign = await getCampaign(deps.db, scope, input.campaignId);
  if (!campaign || campaign.dialMode !== 'predictive' || campaign.archivedAt !== null)
    return { kind: 'paced', mode: 'progressive', wanted: 0, placed: 0, reason: 'not_predictive' };

  const sessions = await listTeamDialingSessions(deps.db, scope, campaign.id);
  const agents = sessions.map((s) => ({
    userId: s.userId,
    state: effectiveState(s, s.callStatus ? { status: s.callStatus } : null, now),
    since: s.since,
  }));
  const { decision } = await decideCampaignPacing(deps, scope, campaign, agents, lease.governorState);
  // The governor's state goes to the next tick even when nothing is dialled: that is its hysteresis.
  if (!(await savePacerTick(deps.db, { ...input, governorState: decision.governor.state, now })))
    return { kind: 'not_mine' };

  // Leads are reserved in a Ready agent's name (the reservation column names a person), taken in turn; whoever
  // takes the answer gets the lead reserved for them.
  const ready = agents.filter((a) => a.state === 'ready').map((a) => a.userId);
  let placed = 0;
  if (decision.dial > 0 && ready.length > 0) {
    const dialer = await loadDialerCampaign(deps, scope, campaign.id);
    // A name with nothing to pick (no due callback of theirs, no lead in the queue) is not tried again this tick;
    // another agent's due callback may still be there.
    let names = ready;
    for (let i = 0, attempts = 0; placed < decision.dial && names.length > 0 && attempts < decision.dial * 2; i++) {
      attempts++;
      const userId = names[i % names.length]!;
      const outcome = await placePacerLine(deps, scope, dialer, userId);
      if (outcome === 'placed') placed++;
      else if (outcome === 'stop') break;
      else if (outcome === 'none') names = names.filter((n) => n !== userId);
    }
  }
  return {
    kind: 'paced',
    mode: decision.mode,
    wanted: decision.dial,
    placed,
    reason: decision.fallback?.reason ?? null,
  };
}

/** Every predictive campaign with agents present, each paced by whichever instance holds its lease. */
export async function paceAllCampaigns(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'calling' | 'settings' | 'log'>,
  input: { holder: string },
): Promise<{ campaigns: number; placed: number }> {
  let placed = 0;
  const campaigns = await listPacedCampaigns(deps.db, { now: deps.clock.now() });
  for (const c of campaigns) {
    try {
      const r = await paceCampaign(deps, { ...c, holder: input.holder });
      if (r.kind === 'paced') placed += r.placed;
    } catch (err) {
      // One campaign's failure (a provider outage, a deleted campaign) must not stop the others' pacing.
      deps.log.error({ campaignId: c.campaignId, err: (err as Error).message }, 'pacing a campaign failed');
    }
  }
  return { campaigns: campaigns.length, placed };
}

type DialerCampaign = Awaited<ReturnType<typeof loadDialerCampaign>>;

/**
 * One line: the next callable lead picked in `userId`'s name, counted and placed with the pacer's ring timeout;
 * 'none' when nothing is callable for that name, 'stop' when no line can be placed now (caller IDs, provider).
 */
async function placePacerLine(
  deps: Pick<AppDeps, 'db' | 'clock' | 'telephony' | 'calling' | 'settings' | 'log'>,
  scope: TeamScope,
  campaign: DialerCampaign,
  userId: string,
): Promise<'placed' | 'skipped' | 'none' | 'stop'> {
  const picked = await reserveCallableLead(deps, scope, { campaignId: campaign.id, userId });
  if (picked.kind === 'none') return 'none';
  const { lead, decision } = picked;
  // The row before the attempt is counted, to undo the count if the call never reaches the carrier.
  const before = await getTeamLeadIgnoringVisibility(deps.db, scope, lead.id);
  if (!before) return 'skipped';
  const now = deps.clock.now();
  const recent = hasFrequencyCap(lead) ? await recentDials(deps, scope, lead.id, now) : [];
  const claimed = await claimLeadForDial(deps.db, scope, {
    leadId: lead.id,
    userId,
    now,
    provisionalNextAttempt: provisionalNextAttempt(campaign.retryRules, now),
    reservedUntil: new Date(now.getTime() + RESERVATION_TTL_MS),
  });
  if (!claimed) return 'skipped';
  const result = await startProviderCall(deps, {
    teamId: scope.teamId,
    campaignId: campaign.id,
    leadId: lead.id,
    // An agent's own callback names them on the line, so the answer goes to them when they are Ready (else to the
    // longest-waiting agent, rather than the person waiting for a callback getting nobody).
    agentId: lead.source === 'callback' && lead.callbackUserId === userId ? userId : null,
    agentSessionId: null,
    to: lead.phone,
    leadState: lead.state,
    record: campaign.recordingEnabled,
    amd: campaign.amd,
    ringTimeoutSec: PACER_RING_TIMEOUT_SECONDS,
    complianceDecision: complianceRecord(decision, now, 'predictive'),
    recheck: (at) => gateLead(lead, campaign.rawWindow, recent, at),
  });
  if (result.ok) return 'placed';
  // The provider refused: the call exists and ended failed (the attempt counts); others would fail alike now.
  if (result.reason === 'provider_error') return 'stop';
  // Never reached the carrier: the attempt is not counted.
  await unclaimLeadDial(deps.db, scope, { lead: before });
  if (result.reason === 'denied') {
    await settleDeniedLead(deps, scope, { leadId: lead.id, userId, decision: result.decision, now: deps.clock.now() });
    return 'skipped';
  }
  await releaseLead(deps.db, scope, { leadId: lead.id, userId, now: deps.clock.now() });
  return 'stop';
}
