import type { TeamScope } from '../../core/teams/scope';
import type { RootDb } from '../client';

// Reads for the reports: sums over the call rollups (folded buckets plus pending deltas, so a report is exact
// whenever it is read), never over the calls table. docs/decisions/0016-call-rollups.md. Whole days in the team's own
// zone read the daily rollup of the report family that covers the grouping and filters (decision 0034); anything else
// (another zone asked for, a grouping no family holds) reads the hourly buckets.
import { BIG_MEASURES, DAY_MEASURES, daysFrom, type RollupFamily } from './call-rollups';

export type RollupFilter = {
  since: Date;
  until: Date;
  campaignId?: string | undefined;
  /** Only this agent's calls; the use-case sets it for an agent, whatever they asked for. */
  agentId?: string | undefined;
  /**
   * The same range as whole days (YYYY-MM-DD, inclusive) when they are days in the team's own zone: then the daily
   * rollups, keyed by that zone's days, can answer.
   */
  days?: { from: string; to: string } | undefined;
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
  /** Of the callbacks set, those their agent dialled within the due window (src/core/reports/callbacks.ts). */
  callbacksKept: number;
  /** Seconds from the end of a call to the agent's disposition, over `wrapupKnown` calls. */
  wrapupSec: number;
  wrapupKnown: number;
};

const COLUMNS =
  'hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone, calls, talk_sec, talk_known, short_calls, answered_known, callbacks_set, callbacks_kept, wrapup_sec, wrapup_known';

const SUMS = `coalesce(sum(calls), 0)::int as calls,
  coalesce(sum(calls) filter (where outcome in ('human', 'machine')), 0)::int as answered,
  coalesce(sum(calls) filter (where outcome = 'human'), 0)::int as human,
  coalesce(sum(calls) filter (where outcome = 'human' and agent_id is not null), 0)::int as connected,
  coalesce(sum(talk_sec), 0)::bigint as talk_sec, coalesce(sum(talk_known), 0)::int as talk_known,
  coalesce(sum(short_calls), 0)::int as short_calls,
  coalesce(sum(answered_known), 0)::int as answered_known, coalesce(sum(callbacks_set), 0)::int as callbacks_set,
  coalesce(sum(callbacks_kept), 0)::int as callbacks_kept,
  coalesce(sum(wrapup_sec), 0)::bigint as wrapup_sec, coalesce(sum(wrapup_known), 0)::int as wrapup_known`;

/**
 * What a report may group by: one dimension of the rollups, the day in the report's zone, or the callee's local
 * weekday (ISO, 1 = Monday) and hour (0–23) in their own zone (null for calls whose callee's zone is unknown).
 */
export type RollupGroup =
  'agent_id' | 'caller_id' | 'disposition' | 'outcome' | 'campaign_id' | 'day' | 'local_weekday' | 'local_hour';

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
  callbacks_kept: number;
  wrapup_sec: string;
  wrapup_known: number;
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
  callbacksKept: r.callbacks_kept,
  wrapupSec: Number(r.wrapup_sec),
  wrapupKnown: r.wrapup_known,
});

type Family = RollupFamily;

/**
 * What each daily family can group by (besides the day) and so filter on. Every family carries the campaign except
 * `caller_all`, which sums the campaigns: the narrowest for a caller ID read over every campaign.
 */
const FAMILY_GROUPS: Record<Family, readonly RollupGroup[]> = {
  caller_all: ['caller_id', 'day'],
  agent: ['agent_id', 'campaign_id', 'day'],
  outcome: ['campaign_id', 'outcome', 'disposition', 'day'],
  caller: ['caller_id', 'campaign_id', 'day'],
  local_time: ['local_weekday', 'local_hour', 'campaign_id', 'day'],
};

/** The families to try, narrowest first: for a grouping, and for totals (no grouping). */
const NARROWEST: readonly Family[] = ['caller_all', 'agent', 'caller', 'outcome', 'local_time'];
const NARROWEST_FOR_TOTALS: readonly Family[] = ['caller_all', 'caller', 'agent'];

/**
 * The narrowest daily family that holds the grouping and the filters' keys, or null (then the hourly buckets
 * answer). A filter needs its key in the family: with an agent filter only `agent` answers, and with a campaign filter
 * only a family that keeps the campaign apart.
 */
export function familyFor(
  groups: readonly RollupGroup[],
  filter: Pick<RollupFilter, 'agentId' | 'campaignId'>,
): Family | null {
  const needed: RollupGroup[] = [
    ...groups,
    ...(filter.campaignId ? (['campaign_id'] as const) : []),
    ...(filter.agentId ? (['agent_id'] as const) : []),
  ];
  return (
    (groups.length === 0 ? NARROWEST_FOR_TOTALS : NARROWEST).find((f) =>
      needed.every((g) => FAMILY_GROUPS[f].includes(g)),
    ) ?? null
  );
}

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
  return readKeyed(db, rollupSql(scope, filter, groups, zone, FULL), groups);
}

/** The read that answers: the daily family that holds the grouping and filters, else the hourly buckets. */
function rollupSql(
  scope: TeamScope,
  filter: RollupFilter,
  groups: readonly RollupGroup[],
  zone: string,
  measures: DayMeasures,
): { text: string; params: unknown[] } {
  const family = filter.days ? familyFor(groups, filter) : null;
  return family && filter.days
    ? daysSql(scope, filter, filter.days, family, groups, zone, measures)
    : hoursSql(scope, filter, groups, zone);
}

export type RollupCounts = Pick<RollupSums, 'calls' | 'answered' | 'human' | 'shortCalls' | 'answeredKnown'>;

/**
 * Like sumRollups, but only the counts of calls (answered, human, short): for the wide groupings (a figure per day for each
 * caller ID or disposition, tens of thousands of groups over 90 days), where summing every measure costs most.
 */
export async function countRollups(
  db: RootDb,
  scope: TeamScope,
  filter: RollupFilter,
  groups: readonly RollupGroup[],
  zone: string,
): Promise<(RollupCounts & { key: Record<RollupGroup, string | null> })[]> {
  const rows = await readKeyed(db, rollupSql(scope, filter, groups, zone, COUNTS), groups);
  return rows.map((r) => ({
    calls: r.calls,
    answered: r.answered,
    human: r.human,
    shortCalls: r.shortCalls,
    answeredKnown: r.answeredKnown,
    key: r.key,
  }));
}

const DAY_SUMS = DAY_MEASURES.map(
  (m) => `coalesce(sum(${m}), 0)::${BIG_MEASURES.includes(m) ? 'bigint' : 'int'} as ${m}`,
).join(', ');

/** What a daily read sums, and whether its rows come sorted by their key (the hourly reads' order). */
type DayMeasures = { sums: string; names: readonly string[]; ordered: boolean };
const FULL: DayMeasures = { sums: DAY_SUMS, names: DAY_MEASURES, ordered: true };
/** The counts alone, unsorted: countRollups reads nothing else and its callers key the rows by their own. */
const COUNTS: DayMeasures = {
  sums: `coalesce(sum(calls), 0)::int as calls, coalesce(sum(answered), 0)::int as answered,
    coalesce(sum(human), 0)::int as human, coalesce(sum(short_calls), 0)::int as short_calls,
    coalesce(sum(answered_known), 0)::int as answered_known`,
  names: ['calls', 'answered', 'human', 'short_calls', 'answered_known'],
  ordered: false,
};

const DAY_COLUMNS = `day, campaign_id, agent_id, caller_id, outcome, disposition, local_weekday, local_hour, ${DAY_MEASURES.join(', ')}`;

/**
 * The sums from one daily family: its folded rows plus the pending deltas, dayed as the fold will day them (in the
 * team's zone, which `zone` is: the caller passes `days` only then).
 */
/** A read of one daily family: the keys (text) and the measures, one row per group. */
function daysSql(
  scope: TeamScope,
  filter: RollupFilter,
  days: { from: string; to: string },
  family: Family,
  groups: readonly RollupGroup[],
  zone: string,
  measures: DayMeasures,
): { text: string; params: unknown[] } {
  const params: unknown[] = [scope.teamId, days.from, days.to, family, zone];
  const where = `family = $4 and day between $2::date and $3::date${keyFilter(filter, params)}`;
  // Pending deltas: their hours a day either side of the range (any zone's offset), then dayed exactly.
  const pending = daysFrom(
    `select * from call_rollup_deltas where team_id = $1::uuid
       and hour >= ($2::date - 1)::timestamptz and hour < ($3::date + 2)::timestamptz`,
    family,
  );
  // Grouped on the stored columns (a date, a uuid), formatted only once per group: tens of thousands of rows.
  const keyOf = (g: RollupGroup) => (g === 'day' ? `to_char(day, 'YYYY-MM-DD')` : `${g}::text`);
  const keys = groups.join(', ');
  const text = `select ${[...groups.map((g) => `${keyOf(g)} as ${g}`), ...measures.names].join(', ')}, $5::text as zone
     from (select ${[...groups, measures.sums].join(', ')}
           from (select ${DAY_COLUMNS} from call_rollup_days where team_id = $1::uuid and ${where}
                 union all
                 select ${DAY_COLUMNS} from (${pending}) p where ${where}) r
           ${groups.length > 0 ? `group by ${keys} having sum(calls) <> 0` : ''}) g
     ${groups.length > 0 && measures.ordered ? `order by ${groups.map((_, i) => i + 1).join(', ')}` : ''}`;
  return { text, params };
}

/** Runs a read (daysSql, hoursSql): its rows of sums with their keys. */
async function readKeyed(db: RootDb, read: { text: string; params: unknown[] }, groups: readonly RollupGroup[]) {
  const { rows } = await db.$client.query<Row>(read.text, read.params);
  return rows.map((r) => ({
    ...sums(r),
    key: Object.fromEntries(groups.map((g) => [g, (r[g] as string | null) ?? null])) as Record<
      RollupGroup,
      string | null
    >,
  }));
}

/** The campaign and agent filters as SQL conditions (with a leading " and"), their values appended to `params`. */
function keyFilter(filter: Pick<RollupFilter, 'campaignId' | 'agentId'>, params: unknown[]): string {
  let where = '';
  if (filter.campaignId) {
    params.push(filter.campaignId);
    where += ` and campaign_id = $${params.length}::uuid`;
  }
  if (filter.agentId) {
    params.push(filter.agentId);
    where += ` and agent_id = $${params.length}`;
  }
  return where;
}

/** The sums from the hourly buckets: any zone, any grouping. */
/** A read of the hourly buckets: the keys (text) and every measure, one row per group, ordered by the keys. */
function hoursSql(
  scope: TeamScope,
  filter: RollupFilter,
  groups: readonly RollupGroup[],
  zone: string,
): { text: string; params: unknown[] } {
  const params: unknown[] = [scope.teamId, filter.since.toISOString(), filter.until.toISOString(), zone];
  const where = `team_id = $1 and hour >= $2::timestamptz and hour < $3::timestamptz${keyFilter(filter, params)}`;
  const keyOf = (g: RollupGroup) =>
    g === 'day'
      ? `to_char(hour at time zone $4, 'YYYY-MM-DD')`
      : g === 'local_weekday'
        ? `extract(isodow from hour at time zone callee_zone)::int::text`
        : g === 'local_hour'
          ? `extract(hour from hour at time zone callee_zone)::int::text`
          : `${g}::text`;
  const select = groups.map((g) => `${keyOf(g)} as ${g}`);
  const text = `select ${[...select, SUMS].join(', ')}, $4::text as zone
     from (select ${COLUMNS} from call_rollups where ${where}
           union all
           select ${COLUMNS} from call_rollup_deltas where ${where}) r
     ${groups.length > 0 ? `group by ${groups.map((_, i) => i + 1).join(', ')} having sum(calls) <> 0` : ''}
     ${groups.length > 0 ? `order by ${groups.map((_, i) => i + 1).join(', ')}` : ''}`;
  return { text, params };
}

/** The counts of one key's groups over the range, and per day (only days with calls): [calls, answered]. */
export type CountsByDay = RollupCounts & {
  key: string | null;
  days: Record<string, readonly [calls: number, answered: number]>;
};

/**
 * Like countRollups grouped by `key` and the day, but one row per key with its days folded in by the database (as
 * one JSON object): a figure per day for each of hundreds of caller IDs over 90 days is tens of thousands of groups,
 * and turning each into a row object cost more than summing them.
 */
export async function countRollupsByDay(
  db: RootDb,
  scope: TeamScope,
  filter: RollupFilter,
  key: 'caller_id',
  zone: string,
): Promise<CountsByDay[]> {
  const groups = [key, 'day'] as const;
  const inner = rollupSql(scope, filter, groups, zone, COUNTS);
  const { rows } = await db.$client.query<{
    key: string | null;
    calls: number;
    answered: number;
    human: number;
    short_calls: number;
    answered_known: number;
    days: Record<string, [number, number]>;
  }>(
    `select ${key} as key, sum(calls)::int as calls, sum(answered)::int as answered, sum(human)::int as human,
       sum(short_calls)::int as short_calls, sum(answered_known)::int as answered_known,
       json_object_agg(day, json_build_array(calls, answered)) as days
     from (${inner.text}) g group by ${key}`,
    inner.params,
  );
  return rows.map((r) => ({
    key: r.key,
    calls: r.calls,
    answered: r.answered,
    human: r.human,
    shortCalls: r.short_calls,
    answeredKnown: r.answered_known,
    days: r.days,
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
