import { z } from 'zod';
import { addDays, isValidZone, localParts, zonedTimeToInstant } from '../../core/compliance/local-time';
import { dispositionsSchema } from '../../core/campaigns/campaign';
import { effectiveState, type AgentState } from '../../core/dialer/agent-state';
import { notFound } from '../../core/errors';
import type { TeamScope } from '../../core/teams/scope';
import { listTeamDialingSessions } from '../../db/queries/dialing-sessions';
import { campaignFigures, dispositionCounts, type CampaignFigures } from '../../db/queries/call-log';
import { getCampaign } from '../../db/queries/campaigns';
import { pacerGovernorState } from '../../db/queries/pacer';
import type { AppDeps } from '../deps';
import { campaignAbandonRate } from './get-compliance-report';
import type { CampaignAbandonRate } from '../../core/api/compliance.types';
import type { PacingStatus } from '../../core/api/pacing.types';
import { campaignPacingStatus } from './get-pacing-status';

export const overviewQuerySchema = z.object({
  /** The viewer's time zone: "today" and "this week" (from Monday) are theirs. */
  tz: z.string().max(64).refine(isValidZone, 'Not a time zone').default('UTC'),
});

export type CampaignOverview = {
  campaign: { id: string; name: string; dialMode: string };
  today: CampaignFigures;
  week: CampaignFigures;
  since: { today: Date; week: Date };
  /** This week's calls by disposition ("none": not dispositioned yet), most frequent first. */
  dispositions: { key: string; label: string; count: number }[];
  agents: { userId: string; name: string; state: AgentState; since: Date | null }[];
  /** The legal abandon rate: the current 30-day period and the rolling 30 days, with the campaign's target. */
  abandonRate: CampaignAbandonRate;
  /** Predictive campaigns: what the pacer decides from the live measurements now; null in other modes. */
  pacing: PacingStatus | null;
};

/** The campaign's first dashboard: today's and this week's calls, connects and talk time, dispositions, agents' live state. */
export async function getCampaignOverview(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
  query: Record<string, string | undefined>,
): Promise<CampaignOverview> {
  const { tz } = overviewQuerySchema.parse(query);
  const campaign = await getCampaign(deps.db, scope, campaignId);
  if (!campaign) throw notFound('No such campaign');
  const now = deps.clock.now();
  const local = localParts(now, tz);
  const today = zonedTimeToInstant(tz, local.year, local.month, local.day, 0);
  const monday = addDays(local, -((local.weekday + 6) % 7));
  const week = zonedTimeToInstant(tz, monday.year, monday.month, monday.day, 0);

  const [todayFigures, weekFigures, counts, sessions, abandonRate] = await Promise.all([
    campaignFigures(deps.db, scope, { campaignId, since: today }),
    campaignFigures(deps.db, scope, { campaignId, since: week }),
    dispositionCounts(deps.db, scope, { campaignId, since: week }),
    listTeamDialingSessions(deps.db, scope, campaignId),
    campaignAbandonRate(deps, scope, campaign),
  ]);
  const labels = new Map((dispositionsSchema.safeParse(campaign.dispositions).data ?? []).map((d) => [d.key, d.label]));
  const agents = new Map<string, CampaignOverview['agents'][number]>();
  for (const a of campaign.agents)
    agents.set(a.userId, { userId: a.userId, name: a.name, state: 'offline', since: null });
  for (const s of sessions) {
    const state = effectiveState(s, s.callStatus ? { status: s.callStatus } : null, now);
    agents.set(s.userId, {
      userId: s.userId,
      name: s.name,
      state,
      since: state === 'offline' && s.state !== 'offline' ? s.lastHeartbeat : s.since,
    });
  }
  const pacing =
    campaign.dialMode === 'predictive'
      ? await campaignPacingStatus(
          deps,
          scope,
          campaign,
          [...agents.values()],
          await pacerGovernorState(deps.db, { teamId: scope.teamId, campaignId }),
        )
      : null;
  return {
    campaign: { id: campaign.id, name: campaign.name, dialMode: campaign.dialMode },
    today: todayFigures,
    week: weekFigures,
    since: { today, week },
    dispositions: counts.map((c) => ({
      key: c.disposition ?? 'none',
      label: c.disposition ? (labels.get(c.disposition) ?? c.disposition) : 'Not dispositioned',
      count: c.count,
    })),
    agents: [...agents.values()].sort((a, b) => a.name.localeCompare(b.name)),
    abandonRate,
    pacing,
  };
}
