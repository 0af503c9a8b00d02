import { abandonPeriod, abandonRateWindow } from '../../core/compliance/abandon-rate';
import { abandonFigure, abandonPeriods, ringTimes } from '../../core/compliance/compliance-report';
import type { CampaignAbandonRate, ComplianceReport } from '../../core/api/compliance.types';
import { notFound } from '../../core/errors';
import { toSafeCsv } from '../../core/leads';
import type { TeamScope } from '../../core/teams/scope';
import { getCampaign } from '../../db/queries/campaigns';
import { countLiveAnswers, liveAnswersByPeriod, unansweredRingSeconds } from '../../db/queries/compliance';
import type { AppDeps } from '../deps';

// A campaign's legal abandon rate and its compliance report (decisions 0020, 0025): exact counts from the call
// records. Calls placed before the records kept when an agent was connected are reported apart, never guessed.

type Campaign = { id: string; createdAt: Date; targetAbandonBp: number };

/** The current 30-day period (from the campaign's creation) and the rolling last 30 days, at the clock's now. */
export async function campaignAbandonRate(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaign: Campaign,
): Promise<CampaignAbandonRate> {
  const now = deps.clock.now();
  const period = abandonPeriod(now, campaign.createdAt);
  const rolling = abandonRateWindow(now, campaign.createdAt);
  // Both windows include a call answered at this very instant.
  const upToNow = new Date(now.getTime() + 1);
  const [inPeriod, inRolling] = await Promise.all([
    countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: period.from, to: upToNow }),
    countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: rolling.from, to: upToNow }),
  ]);
  return {
    period: { index: period.index, ...abandonFigure(period, inPeriod) },
    rolling: abandonFigure(rolling, inRolling),
    targetBp: campaign.targetAbandonBp,
  };
}

/** Abandon rate by 30-day period and ring times of unanswered calls, for one campaign (admins). */
export async function getComplianceReport(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
): Promise<ComplianceReport> {
  const campaign = await getCampaign(deps.db, scope, campaignId);
  if (!campaign) throw notFound('No such campaign');
  const now = deps.clock.now();
  const [byPeriod, rings] = await Promise.all([
    liveAnswersByPeriod(deps.db, scope, { campaignId, startedAt: campaign.createdAt }),
    unansweredRingSeconds(deps.db, scope, campaignId),
  ]);
  const counts = new Map(byPeriod.map(({ index, ...c }) => [index, c]));
  return {
    campaign: { id: campaign.id, name: campaign.name, createdAt: campaign.createdAt },
    targetBp: campaign.targetAbandonBp,
    periods: abandonPeriods(now, campaign.createdAt, counts),
    ringTimes: ringTimes(new Map(rings.perSecond.map((r) => [r.sec, r.calls])), rings.unmeasured),
    generatedAt: now,
  };
}

const percent = (x: number | null) => (x === null ? '' : (x * 100).toFixed(2));
const orBlank = (x: number | null) => (x === null ? '' : x);

/**
 * The report as one CSV file: the periods, then (after a blank line) the ring times. A blank abandoned count or
 * rate means "not known from the call records" (only answers from before the connect records), as the page's dash
 * does; the rate is over the answers that carry them. Cells are neutralised against formulas.
 */
export async function* exportComplianceCsv(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaignId: string,
): AsyncGenerator<string> {
  const r = await getComplianceReport(deps, scope, campaignId);
  const target = (r.targetBp / 100).toFixed(2);
  yield toSafeCsv(
    [
      ['Campaign', r.campaign.name],
      ['Generated', r.generatedAt.toISOString()],
      [],
      [
        'Period',
        'From',
        'To (exclusive)',
        'Live answered',
        'Abandoned',
        'Abandon rate (%)',
        'Target (%)',
        'Live answered without connect records',
        'Safe-harbor message played',
      ],
      ...r.periods.map((p) => [
        p.index + 1,
        p.from.toISOString(),
        p.to.toISOString(),
        p.liveAnswered,
        orBlank(p.abandoned),
        percent(p.rate),
        target,
        p.unrecorded,
        p.withMessage,
      ]),
      [],
      ['Ring time of unanswered calls (s)', 'Calls'],
      ...r.ringTimes.buckets.map((b) => [
        b.toSec === null ? `${b.fromSec} or more` : `${b.fromSec} to ${b.toSec - 1}`,
        b.calls,
      ]),
      [`Under ${r.ringTimes.minimumSec} s`, r.ringTimes.underMinimum],
      ['Ring time not recorded', r.ringTimes.unmeasured],
    ],
    { bom: true },
  );
}
