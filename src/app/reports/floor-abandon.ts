import type { AbandonFigure } from '../../core/api/compliance.types';
import { abandonRateWindow } from '../../core/compliance/abandon-rate';
import { abandonFigure, type AnswerCounts } from '../../core/compliance/compliance-report';
import { splitSettled } from '../../core/floor/settled-window';
import type { TeamScope } from '../../core/teams/scope';
import { countLiveAnswers } from '../../db/queries/compliance';
import type { AppDeps } from '../deps';

// The live floor's rolling 30-day abandon rate per campaign, the same figure as the campaign page's (decision
// 0034): the settled whole hours of the window are counted once and kept until the window's hours move on (at most
// an hour), so a push reads only the calls answered in the last hours and in the window's first partial hour.

type Campaign = { id: string; createdAt: Date };

/** Per team and campaign: the settled range counted and its counts. Replaced as the range moves; one per campaign. */
const settledCounts = new Map<string, { from: number; to: number; counts: AnswerCounts }>();

const add = (a: AnswerCounts, b: AnswerCounts): AnswerCounts => ({
  liveAnswered: a.liveAnswered + b.liveAnswered,
  recorded: a.recorded + b.recorded,
  abandoned: a.abandoned + b.abandoned,
  withMessage: a.withMessage + b.withMessage,
});

export async function floorAbandonRate(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  scope: TeamScope,
  campaign: Campaign,
): Promise<AbandonFigure> {
  const now = deps.clock.now();
  const rolling = abandonRateWindow(now, campaign.createdAt);
  // A call answered at this very instant is in the window (as on the campaign page).
  const { settled, edges } = splitSettled({ from: rolling.from, to: new Date(now.getTime() + 1) });
  const count = (r: { from: Date; to: Date }) =>
    countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: r.from, to: r.to });
  const key = `${scope.teamId} ${campaign.id}`;
  const settledPart = async (): Promise<AnswerCounts> => {
    if (!settled) return { liveAnswered: 0, recorded: 0, abandoned: 0, withMessage: 0 };
    const kept = settledCounts.get(key);
    if (kept && kept.from === settled.from.getTime() && kept.to === settled.to.getTime()) return kept.counts;
    const counts = await count(settled);
    settledCounts.set(key, { from: settled.from.getTime(), to: settled.to.getTime(), counts });
    return counts;
  };
  const parts = await Promise.all([settledPart(), ...edges.map(count)]);
  return abandonFigure(rolling, parts.reduce(add));
}
