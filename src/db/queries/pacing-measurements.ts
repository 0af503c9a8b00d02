import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { TeamScope } from '../../core/teams/scope';
import type { Db } from '../client';
import { calls } from '../schema';
import { isLiveAnswer } from './compliance';

// A campaign's recent dial outcomes, the measurements the predictive pacer decides from (decision 0015). Team-scoped;
// bounded by created_at so the campaign's (campaign_id, created_at) index does the work.

/** Talk-time samples kept for the fit: enough for a stable log-normal, few enough to follow a change of list. */
const TALK_SAMPLES = 200;

export type DialStats = {
  /** Calls that ended (placed and resolved), withheld ones aside. */
  dialled: number;
  answered: number;
  /** Answers not known to be machines (with AMD off, every answer). */
  humanAnswered: number;
  /** Mean seconds from ringing to answer of answered calls; null when none. */
  secondsToAnswer: number | null;
  /** Seconds from answer to end of the latest live answers that reached an agent, newest first. */
  talkSeconds: number[];
  /** Seconds from a call's real end to its agent's disposition (wrap-up), latest calls first. */
  wrapUpSeconds: number[];
};

export async function campaignDialStats(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; since: Date },
): Promise<DialStats> {
  const ofCampaign = and(
    eq(calls.teamId, scope.teamId),
    eq(calls.campaignId, input.campaignId),
    gte(calls.createdAt, input.since),
  );
  const [counts] = await db
    .select({
      dialled: sql<number>`(count(*) filter (where ${calls.statusRank} = 4 and ${calls.providerSid} is not null))::int`,
      answered: sql<number>`(count(*) filter (where ${calls.answeredAt} is not null))::int`,
      humanAnswered: sql<number>`(count(*) filter (where ${isLiveAnswer}))::int`,
      secondsToAnswer: sql<
        number | null
      >`avg(extract(epoch from (${calls.answeredAt} - ${calls.ringingAt}))) filter (where ${calls.answeredAt} is not null and ${calls.ringingAt} is not null)`,
    })
    .from(calls)
    .where(ofCampaign);
  const talk = await db
    .select({ sec: sql<number>`extract(epoch from (${calls.endedAt} - ${calls.answeredAt}))` })
    .from(calls)
    .where(
      and(
        ofCampaign,
        isLiveAnswer,
        isNotNull(calls.agentConnectedAt),
        isNotNull(calls.endedAt),
        eq(calls.endInferred, false),
      ),
    )
    .orderBy(desc(calls.createdAt))
    .limit(TALK_SAMPLES);
  const wrapUp = await db
    .select({ sec: sql<number>`greatest(0, extract(epoch from (${calls.disposedAt} - ${calls.endedAt})))` })
    .from(calls)
    .where(
      and(
        ofCampaign,
        isNotNull(calls.agentId),
        isNotNull(calls.disposedAt),
        isNotNull(calls.endedAt),
        eq(calls.endInferred, false),
      ),
    )
    .orderBy(desc(calls.createdAt))
    .limit(TALK_SAMPLES);
  return {
    dialled: counts?.dialled ?? 0,
    answered: counts?.answered ?? 0,
    humanAnswered: counts?.humanAnswered ?? 0,
    secondsToAnswer: counts?.secondsToAnswer === null || counts === undefined ? null : Number(counts.secondsToAnswer),
    talkSeconds: talk.map((t) => Number(t.sec)),
    wrapUpSeconds: wrapUp.map((w) => Number(w.sec)),
  };
}

/** The campaign's lines placed and not yet answered or ended (queued, initiated, ringing). */
export async function campaignLinesInFlight(
  db: Db,
  scope: TeamScope,
  input: { campaignId: string; since: Date },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(calls)
    .where(
      and(
        eq(calls.teamId, scope.teamId),
        eq(calls.campaignId, input.campaignId),
        gte(calls.createdAt, input.since),
        lt(calls.statusRank, 3),
      ),
    );
  return row?.n ?? 0;
}
