import type { AbandonFigure } from '../../core/api/compliance.types';
import { abandonRateWindow } from '../../core/compliance/abandon-rate';
import { abandonFigure, type AnswerCounts } from '../../core/compliance/compliance-report';
import { splitSettled } from '../../core/floor/settled-window';
import type { TeamScope } from '../../core/teams/scope';
import { countLiveAnswers } from '../../db/queries/compliance';
import type { AppDeps } from '../deps';

// The live floor's rolling 30-day abandon rate per campaign, the same figure as the campaign page's (decision
// 0034): the settled whole hours of the window are counted once; as the window moves on, the hours that left it are
// taken off and the hours that settled are added, so a push reads only the calls answered in the last hours, in the
// window's first partial hour and in the hours it gained. The settled part is counted afresh once a day.

type Campaign = { id: string; createdAt: Date };

/** Recount the settled hours whole after this long, so a late correction of an old call is never kept longer. */
const RECOUNT_MS = 86_400_000;

type Kept = { from: number; to: number; counts: AnswerCounts; countedAt: number };

/** Per team and campaign: the settled range counted and its counts. Replaced as the range moves; one per campaign. */
const settledCounts = new Map<string, Kept>();

const NONE: AnswerCounts = { liveAnswered: 0, recorded: 0, abandoned: 0, withMessage: 0 };

const combine = (a: AnswerCounts, b: AnswerCounts, sign: 1 | -1): AnswerCounts => ({
  liveAnswered: a.liveAnswered + sign * b.liveAnswered,
  recorded: a.recorded + sign * b.recorded,
  abandoned: a.abandoned + sign * b.abandoned,
  withMessage: a.withMessage + sign * b.withMessage,
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
  const count = (from: number, to: number) =>
    from >= to
      ? Promise.resolve(NONE)
      : countLiveAnswers(deps.db, scope, { campaignId: campaign.id, from: new Date(from), to: new Date(to) });
  const key = `${scope.teamId} ${campaign.id}`;
  const settledPart = async (): Promise<AnswerCounts> => {
    if (!settled) return NONE;
    const from = settled.from.getTime();
    const to = settled.to.getTime();
    const kept = settledCounts.get(key);
    if (kept && kept.from === from && kept.to === to) return kept.counts;
    let next: Kept;
    if (kept && kept.from <= from && kept.to <= to && from < kept.to && now.getTime() - kept.countedAt < RECOUNT_MS) {
      // The window moved on: take off the hours it left, add the hours that settled (both disjoint from the rest).
      const [left, gained] = await Promise.all([count(kept.from, from), count(kept.to, to)]);
      next = { from, to, counts: combine(combine(kept.counts, left, -1), gained, 1), countedAt: kept.countedAt };
    } else {
      next = { from, to, counts: await count(from, to), countedAt: now.getTime() };
    }
    settledCounts.set(key, next);
    return next.counts;
  };
  const parts = await Promise.all([settledPart(), ...edges.map((e) => count(e.from.getTime(), e.to.getTime()))]);
  return abandonFigure(
    rolling,
    parts.reduce((a, b) => combine(a, b, 1)),
  );
}
