import { and, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { SAFE_HARBOR } from '../../core/compliance/abandon-rate';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { calls } from '../schema';

// The call-log counts behind a campaign's abandon rate and compliance report. Team-scoped; the campaign filter
// uses calls_campaign_created_idx.

/**
 * A live answer: a call answered and not known to be a machine. With AMD off nothing tells a machine from a
 * person, so every answer counts (the rate can then only read high, never low).
 */
export const isLiveAnswer: SQL = sql`${calls.answeredAt} is not null and ${calls.amdResult} is distinct from 'machine' and ${calls.outcome} is distinct from 'machine'`;

/**
 * An abandoned live answer (decision 0025), among calls that carry connect records: the callee got the safe-harbor
 * message, or no agent was ever connected to them (the call ended without one: e.g. our answer document failed and
 * the carrier hung up), or the agent joined more than 2 s after the answer. A call still within its first seconds
 * with neither time is not counted yet; it will be one or the other.
 */
export const isAbandoned: SQL = sql`(${calls.safeHarborAt} is not null
  or (${calls.agentConnectedAt} is null and ${calls.statusRank} = 4)
  or ${calls.agentConnectedAt} > ${calls.answeredAt} + make_interval(secs => ${SAFE_HARBOR.connectWithinSeconds}))`;

/**
 * How long the call rang, in milliseconds: from the provider's ringing event to the answer, or to the end of a call
 * never answered. Null when ringing was never reported or the end was only inferred (decision 0020's rule).
 */
export const ringMs: SQL<number | null> = sql<number | null>`case
  when ${calls.ringingAt} is null then null
  when ${calls.answeredAt} is not null then greatest(0, floor(extract(epoch from (${calls.answeredAt} - ${calls.ringingAt})) * 1000))::int
  when ${calls.endedAt} is not null and not ${calls.endInferred} then greatest(0, floor(extract(epoch from (${calls.endedAt} - ${calls.ringingAt})) * 1000))::int
  end`;

/** Live answers, those with connect records, and of those the abandoned ones, as one row of counts. */
const answerCounts = {
  liveAnswered: sql<number>`count(*)::int`,
  recorded: sql<number>`(count(*) filter (where ${calls.connectRecorded}))::int`,
  abandoned: sql<number>`(count(*) filter (where ${calls.connectRecorded} and ${isAbandoned}))::int`,
  withMessage: sql<number>`(count(*) filter (where ${calls.connectRecorded} and ${calls.safeHarborAt} is not null))::int`,
};

export type AnswerCountsRow = { liveAnswered: number; recorded: number; abandoned: number; withMessage: number };

function ofCampaign(scope: TeamScope, campaignId: string): SQL {
  // The safe harbor measures the calls the campaign placed; calls back in are not its answers (decision 0026).
  return and(eq(calls.teamId, scope.teamId), eq(calls.campaignId, campaignId), eq(calls.direction, 'outbound')) as SQL;
}

/** Live answers answered in [from, to), with how many carry connect records and how many of those were abandoned. */
export async function countLiveAnswers(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; from: Date; to: Date },
): Promise<AnswerCountsRow> {
  const [row] = await db
    .select(answerCounts)
    .from(calls)
    .where(
      and(
        ofCampaign(scope, input.campaignId),
        // Read through calls_campaign_answered_idx: only the calls answered in the range are visited, however late
        // after its creation a call's answer was recorded.
        isLiveAnswer,
        gte(calls.answeredAt, input.from),
        lt(calls.answeredAt, input.to),
      ),
    );
  return row ?? { liveAnswered: 0, recorded: 0, abandoned: 0, withMessage: 0 };
}

/** The same counts per successive 30-day period from `startedAt` (a call belongs to the period it was answered in). */
export async function liveAnswersByPeriod(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; startedAt: Date },
): Promise<({ index: number } & AnswerCountsRow)[]> {
  const periodSec = SAFE_HARBOR.windowDays * 86_400;
  const index = sql<number>`floor(extract(epoch from (${calls.answeredAt} - ${input.startedAt.toISOString()}::timestamptz)) / ${periodSec})::int`;
  return (
    db
      .select({ index, ...answerCounts })
      .from(calls)
      .where(and(ofCampaign(scope, input.campaignId), isLiveAnswer, gte(calls.answeredAt, input.startedAt)))
      // By position: the expression's parameters would be numbered afresh in GROUP BY and no longer match.
      .groupBy(sql`1`)
  );
}

/**
 * Ring times of the campaign's unanswered calls (no answer, or hung up while ringing), per whole second rung, from
 * the ringing and end times the provider reported; and how many such calls lack either time (or whose end was only
 * inferred after the provider lost the call), which the report counts apart rather than guess.
 */
export async function unansweredRingSeconds(
  db: Db,
  scope: TeamScope,
  campaignId: string,
): Promise<{ perSecond: { sec: number; calls: number }[]; unmeasured: number }> {
  const unanswered = and(
    ofCampaign(scope, campaignId),
    isNull(calls.answeredAt),
    inArray(calls.status, ['no-answer', 'canceled']),
  );
  const measurable = and(isNotNull(calls.ringingAt), isNotNull(calls.endedAt), eq(calls.endInferred, false));
  const sec = sql<number>`floor(extract(epoch from (${calls.endedAt} - ${calls.ringingAt})))::int`;
  const [perSecond, [rest]] = await Promise.all([
    db
      .select({ sec, calls: sql<number>`count(*)::int` })
      .from(calls)
      .where(and(unanswered, measurable))
      .groupBy(sec),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(calls)
      .where(and(unanswered, sql`not (${measurable})`)),
  ]);
  return { perSecond, unmeasured: rest?.n ?? 0 };
}
