import type { TeamScope } from '../../core/teams/scope';
import type { RootDb } from '../client';

// Reads for the reports: sums over the hourly call rollups (folded buckets plus pending deltas, so a report is exact
// whenever it is read), never over the calls table. docs/decisions/0016-call-rollups.md.

export type RollupFilter = {
  since: Date;
  until: Date;
  campaignId?: string | undefined;
  /** Only this agent's calls; the use-case sets it for an agent, whatever they asked for. */
  agentId?: string | undefined;
};

export type RollupSums = {
  calls: number;
  answered: number;
  human: number;
  /** Answered by a person with an agent on the call. */
  connected: number;
  talkSec: number;
  talkKnown: number;
  shortCalls: number;
  answeredKnown: number;
  callbacksSet: number;
};

const COLUMNS =
  'hour, campaign_id, agent_id, caller_id, outcome, disposition, calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set';

const SUMS = `coalesce(sum(calls), 0)::int as calls,
  coalesce(sum(calls) filter (where outcome in ('human', 'machine')), 0)::int as answered,
  coalesce(sum(calls) filter (where outcome = 'human'), 0)::int as human,
  coalesce(sum(calls) filter (where outcome = 'human' and agent_id is not null), 0)::int as connected,
  coalesce(sum(talk_sec), 0)::bigint as talk_sec, coalesce(sum(talk_known), 0)::int as talk_known,
  coalesce(sum(short_calls), 0)::int as short_calls,
  coalesce(sum(answered_known), 0)::int as answered_known, coalesce(sum(callbacks_set), 0)::int as callbacks_set`;

/** What a report may group by: one dimension of the rollups, or the day in the report's zone. */
export type RollupGroup = 'agent_id' | 'caller_id' | 'disposition' | 'outcome' | 'campaign_id' | 'day';

type Row = Record<string, unknown> & {
  calls: number;
  answered: number;
  human: number;
  connected: number;
  talk_sec: string;
  talk_known: number;
  short_calls: number;
  answered_known: number;
  callbacks_set: number;
};

const sums = (r: Row): RollupSums => ({
  calls: r.calls,
  answered: r.answered,
  human: r.human,
  connected: r.connected,
  talkSec: Number(r.talk_sec),
  talkKnown: r.talk_known,
  shortCalls: r.short_calls,
  answeredKnown: r.answered_known,
  callbacksSet: r.callbacks_set,
});

/**
 * The team's rollup sums over [since, until), grouped by the given keys (none: one row of totals). `day` is the day
 * in `zone` of each hourly bucket (exact for zones on whole-hour offsets).
 */
export async function sumRollups(
  db: RootDb,
  scope: TeamScope,
  filter: RollupFilter,
  groups: readonly RollupGroup[],
  zone: string,
): Promise<(RollupSums & { key: Record<RollupGroup, string | null> })[]> {
  const params: unknown[] = [scope.teamId, filter.since.toISOString(), filter.until.toISOString(), zone];
  let where = 'team_id = $1 and hour >= $2::timestamptz and hour < $3::timestamptz';
  if (filter.campaignId) {
    params.push(filter.campaignId);
    where += ` and campaign_id = $${params.length}::uuid`;
  }
  if (filter.agentId) {
    params.push(filter.agentId);
    where += ` and agent_id = $${params.length}`;
  }
  const keyOf = (g: RollupGroup) => (g === 'day' ? `to_char(hour at time zone $4, 'YYYY-MM-DD')` : `${g}::text`);
  const select = groups.map((g) => `${keyOf(g)} as ${g}`);
  const { rows } = await db.$client.query<Row>(
    `select ${[...select, SUMS].join(', ')}, $4::text as zone
     from (select ${COLUMNS} from call_rollups where ${where}
           union all
           select ${COLUMNS} from call_rollup_deltas where ${where}) r
     ${groups.length > 0 ? `group by ${groups.map((_, i) => i + 1).join(', ')} having sum(calls) <> 0` : ''}
     ${groups.length > 0 ? `order by ${groups.map((_, i) => i + 1).join(', ')}` : ''}`,
    params,
  );
  return rows.map((r) => ({
    ...sums(r),
    key: Object.fromEntries(groups.map((g) => [g, (r[g] as string | null) ?? null])) as Record<
      RollupGroup,
      string | null
    >,
  }));
}

export type PoolNumber = {
  e164: string;
  dailyCap: number;
  active: boolean;
  atProvider: boolean;
  /** The most calls placed from it on one (UTC) day between the two days given; 0 when none. */
  peakDayCalls: number;
};

/** The team's caller IDs with their daily cap and busiest day in [fromDay, toDay] (YYYY-MM-DD, UTC days). */
export async function listPoolNumbersWithPeakDay(
  db: RootDb,
  scope: TeamScope,
  fromDay: string,
  toDay: string,
): Promise<PoolNumber[]> {
  const { rows } = await db.$client.query<PoolNumber>(
    `select p.e164, p.daily_cap as "dailyCap", p.active, p.at_provider as "atProvider",
            coalesce((select max(u.count) from caller_id_usage u
                      where u.phone_number_id = p.id and u.team_id = $1 and u.day between $2::date and $3::date), 0)::int
              as "peakDayCalls"
     from phone_numbers p where p.team_id = $1`,
    [scope.teamId, fromDay, toDay],
  );
  return rows;
}
