import type pg from 'pg';
import type { RootDb } from '../client';
import { inLockedTransaction } from '../locked-transaction';

// The hourly call rollups (schema/reports.ts, docs/decisions/0016-call-rollups.md). Triggers on `calls` append
// signed deltas; `foldRollupDeltas` moves them into `call_rollups`; `rebuildRollups` recomputes from the calls.
// The daily rollups per report family (`call_rollup_days`, decision 0034) are derived from the same hourly rows by
// ONE query (`daysFrom`), whatever the source: the deltas being folded, the rebuilt buckets, or the calls.

const KEY = 'team_id, hour, campaign_id, agent_id, caller_id, outcome, disposition, callee_zone';
const MEASURES = [
  'calls',
  'talk_sec',
  'talk_known',
  'short_calls',
  'answered_known',
  'callbacks_set',
  'callbacks_kept',
  'wrapup_sec',
  'wrapup_known',
] as const;
/** Measures summed as bigint (seconds); the others fit an int. */
export const BIG_MEASURES: readonly string[] = ['talk_sec', 'wrapup_sec'];
const BIG = BIG_MEASURES;
const SUMS = MEASURES.map((m) => `sum(${m})::${BIG.includes(m) ? 'bigint' : 'int'} as ${m}`).join(', ');
const ALL_ZERO = MEASURES.map((m) => `${m} = 0`).join(' and ');
const NONZERO = MEASURES.map((m) => `sum(${m}) <> 0`).join(' or ');

const DAY_KEY =
  'team_id, family, day, campaign_id, agent_id, caller_id, outcome, disposition, local_weekday, local_hour';
/** The daily rows' measures: the hourly ones plus the counts the hourly reads derive from the outcome. */
export const DAY_MEASURES = ['calls', 'answered', 'human', 'connected', ...MEASURES.slice(1)] as const;
const DAY_SUMS = DAY_MEASURES.map((m) => `sum(${m})::${BIG.includes(m) ? 'bigint' : 'int'} as ${m}`).join(', ');
const DAY_ALL_ZERO = DAY_MEASURES.map((m) => `${m} = 0`).join(' and ');
const DAY_NONZERO = DAY_MEASURES.map((m) => `sum(${m}) <> 0`).join(' or ');

export type RollupFamily = 'agent' | 'caller' | 'caller_all' | 'outcome' | 'local_time';

/**
 * Each report family's key besides the team and the day: its own columns, and whether it keeps the campaign apart.
 * A family without the campaign (`caller_all`) sums every campaign into one row per key and day, for the reads that
 * filter on no campaign; its rows store a null campaign, told apart from a real "no campaign" by the family column.
 */
const FAMILY_SETS: Record<RollupFamily, { keys: string; campaign: boolean }> = {
  agent: { keys: 'agent_id', campaign: true },
  caller: { keys: 'caller_id', campaign: true },
  caller_all: { keys: 'caller_id', campaign: false },
  outcome: { keys: 'outcome, disposition', campaign: true },
  local_time: { keys: 'local_weekday, local_hour', campaign: true },
};
/** Every report family, in the order `daysFrom` tells them apart. */
export const ROLLUP_FAMILIES = Object.keys(FAMILY_SETS) as RollupFamily[];

/** The grouping set of a family: the team, the day, the campaign if it keeps it, and its own keys. */
const groupingSet = (f: RollupFamily) =>
  `(team_id, day, ${FAMILY_SETS[f].campaign ? 'campaign_id, ' : ''}${FAMILY_SETS[f].keys})`;

/**
 * Which grouping set a row came from: `grouping(campaign_id, k)` over the family's first key k is 0 when both are
 * grouped and 2 when only k is, so families sharing a key (`caller`, `caller_all`) still differ.
 */
const isFamily = (f: RollupFamily) =>
  `grouping(campaign_id, ${FAMILY_SETS[f].keys.split(', ')[0]}) = ${FAMILY_SETS[f].campaign ? 0 : 2}`;

/**
 * The daily rows per report family implied by `source`, any query yielding hourly rows (KEY and MEASURES). The day
 * is the hour's day in the team's zone as it stands (read under the rollup lock, which a zone change also takes).
 * Each family is one grouping set; `grouping()` says which set a row came from, since a real null key (no agent, no
 * campaign) must not be mistaken for a column the family does not group by. `only` derives one family alone.
 */
export function daysFrom(source: string, only?: RollupFamily): string {
  const families = only ? [only] : ROLLUP_FAMILIES;
  const family = only
    ? `'${only}'::text`
    : `case ${ROLLUP_FAMILIES.slice(0, -1)
        .map((f) => `when ${isFamily(f)} then '${f}'`)
        .join(' ')} else '${ROLLUP_FAMILIES.at(-1)}' end`;
  const campaign = families.some((f) => FAMILY_SETS[f].campaign) ? 'campaign_id' : 'null::uuid as campaign_id';
  return `select team_id, ${family} as family,
      day, ${campaign}, ${['agent_id', 'caller_id', 'outcome', 'disposition', 'local_weekday', 'local_hour']
        .map((k) =>
          families.some((f) => FAMILY_SETS[f].keys.includes(k))
            ? k
            : `null::${k.startsWith('local') ? 'smallint' : 'text'} as ${k}`,
        )
        .join(', ')}, ${DAY_SUMS}
    from (
      select h.team_id, (h.hour at time zone t.time_zone)::date as day, h.campaign_id, h.agent_id, h.caller_id,
        h.outcome, h.disposition,
        extract(isodow from h.hour at time zone h.callee_zone)::smallint as local_weekday,
        extract(hour from h.hour at time zone h.callee_zone)::smallint as local_hour,
        h.calls,
        case when h.outcome in ('human', 'machine') then h.calls else 0 end as answered,
        case when h.outcome = 'human' then h.calls else 0 end as human,
        case when h.outcome = 'human' and h.agent_id is not null then h.calls else 0 end as connected,
        ${MEASURES.slice(1)
          .map((m) => `h.${m}`)
          .join(', ')}
      from (${source}) h join teams t on t.id = h.team_id
    ) s
    group by grouping sets (${families.map(groupingSet).join(', ')})`;
}

/** Upserts the daily rows of `source` (see daysFrom), adding to what is there; returns the ids left all zero. */
function addDaysSql(source: string): string {
  return `insert into call_rollup_days (${DAY_KEY}, ${DAY_MEASURES.join(', ')})
    select ${DAY_KEY}, ${DAY_MEASURES.join(', ')} from (${daysFrom(source)}) d order by ${DAY_KEY}
    on conflict on constraint call_rollup_days_key_uq do update set
      ${DAY_MEASURES.map((m) => `${m} = call_rollup_days.${m} + excluded.${m}`).join(', ')}`;
}

/** Fold and rebuild take this lock, so one never interleaves with the other. */
const ROLLUP_LOCK = `select pg_advisory_xact_lock(hashtext('call_rollups'))`;

/** The bucket rows the calls table implies, for every team or one: the rebuild's source and the check's truth. */
function fromCalls(teamFilter: string): string {
  const key = KEY.split(', ')
    .map((k) => `d.${k}`)
    .join(', ');
  return `select ${key}, ${SUMS}
    from calls c cross join lateral call_rollup_contribution(c, 1) d
    where c.status_rank = 4 ${teamFilter}
    group by ${key}`;
}

/** What the rollups say now: the folded buckets plus the deltas not yet folded. */
function current(teamFilter: string): string {
  return `select ${KEY}, ${SUMS} from (
      select ${KEY}, ${MEASURES.join(', ')} from call_rollups where true ${teamFilter}
      union all
      select ${KEY}, ${MEASURES.join(', ')} from call_rollup_deltas where true ${teamFilter}
    ) r group by ${KEY} having ${NONZERO}`;
}

const teamFilterSql = (teamId: string | undefined) => (teamId ? `and team_id = $1::uuid` : '');
const teamParams = (teamId: string | undefined) => (teamId ? [teamId] : []);

type Client = pg.PoolClient | pg.Pool;

/** Runs `work` in one transaction on a connection of its own, holding the rollup lock. */
const inRollupTransaction = <T>(db: RootDb, work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
  inLockedTransaction(db, ROLLUP_LOCK, work);

/**
 * Moves up to `limit` pending deltas into the buckets, in one transaction: the deltas it deletes are exactly the ones
 * it adds, so a delta counts once whatever crashes when. Buckets left all zero are removed (a deleted account's id
 * does not linger). Returns how many deltas it folded.
 */
export async function foldRollupDeltas(db: RootDb, limit = 50_000): Promise<number> {
  return inRollupTransaction(db, async (client) => {
    const { rows } = await client.query<{ folded: number; emptied: string[]; emptied_days: string[] }>(
      `with moved as (
        delete from call_rollup_deltas where id in (select id from call_rollup_deltas order by id limit $1)
        returning *
      ),
      summed as (select ${KEY}, ${SUMS} from moved group by ${KEY}),
      upserted as (
        insert into call_rollups (${KEY}, ${MEASURES.join(', ')})
        select ${KEY}, ${MEASURES.join(', ')} from summed order by ${KEY}
        on conflict on constraint call_rollups_key_uq do update set
          ${MEASURES.map((m) => `${m} = call_rollups.${m} + excluded.${m}`).join(', ')}
        returning id, ${ALL_ZERO} as empty
      ),
      upserted_days as (${addDaysSql('select * from summed')} returning id, ${DAY_ALL_ZERO} as empty)
      select (select count(*) from moved)::int as folded,
        (select coalesce(array_agg(id), '{}') from upserted where empty) as emptied,
        (select coalesce(array_agg(id), '{}') from upserted_days where empty) as emptied_days`,
      [limit],
    );
    const row = rows[0];
    if (row && row.emptied.length > 0) await client.query(`delete from call_rollups where id = any($1)`, [row.emptied]);
    if (row && row.emptied_days.length > 0)
      await client.query(`delete from call_rollup_days where id = any($1)`, [row.emptied_days]);
    return row?.folded ?? 0;
  });
}

export type RollupDifference = {
  /** Which rollup disagrees: the hourly buckets, or a daily report family's rows. */
  table: 'call_rollups' | 'call_rollup_days';
  key: Record<string, unknown>;
  rollups: Record<string, number>;
  calls: Record<string, number>;
};

/**
 * Buckets (at most 100 per table) where the rollups, folded and pending, disagree with the calls; empty when they
 * agree. Both the hourly buckets and the daily rows per report family are checked.
 */
export async function compareRollupsWithCalls(db: RootDb, teamId?: string): Promise<RollupDifference[]> {
  return compareOn(db.$client, teamId);
}

/** The daily rows as they stand: folded plus the pending deltas, derived as the fold will derive them. */
function currentDays(teamFilter: string): string {
  return `select ${DAY_KEY}, ${DAY_SUMS} from (
      select ${DAY_KEY}, ${DAY_MEASURES.join(', ')} from call_rollup_days where true ${teamFilter}
      union all
      ${daysFrom(`select ${KEY}, ${MEASURES.join(', ')} from call_rollup_deltas where true ${teamFilter}`)}
    ) r group by ${DAY_KEY} having ${DAY_NONZERO}`;
}

/** Rows where two queries yielding the same key and measures disagree (at most 100). */
async function differences(
  db: Client,
  table: RollupDifference['table'],
  key: string,
  measures: readonly string[],
  rollupsSql: string,
  callsSql: string,
  params: unknown[],
): Promise<RollupDifference[]> {
  // Grouping (not a join) pairs the two sides, since it treats absent campaigns and agents (nulls) as equal.
  // Columns by position (a union matches them so): each rollup measure, then the same from the calls.
  const side = (rollups: boolean, from: string) =>
    `select ${key}, ${measures.map((m) => (rollups ? `${m}, 0` : `0, ${m}`)).join(', ')} from (${from}) x`;
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${key}, ${measures.map((m) => `sum(r_${m})::bigint as r_${m}, sum(c_${m})::bigint as c_${m}`).join(', ')}
     from (${side(true, rollupsSql)} union all ${side(false, callsSql)})
       as pairs (${key}, ${measures.map((m) => `r_${m}, c_${m}`).join(', ')})
     group by ${key}
     having ${measures.map((m) => `sum(r_${m}) <> sum(c_${m})`).join(' or ')}
     order by 1, 2, 3
     limit 100`,
    params,
  );
  const pick = (r: Record<string, unknown>, prefix: string) =>
    Object.fromEntries(measures.map((m) => [m, Number(r[`${prefix}${m}`])]));
  return rows.map((r) => ({
    table,
    key: Object.fromEntries(key.split(', ').map((k) => [k, r[k]])),
    rollups: pick(r, 'r_'),
    calls: pick(r, 'c_'),
  }));
}

async function compareOn(db: Client, teamId: string | undefined): Promise<RollupDifference[]> {
  const { hours, days } = await compareEach(db, teamId);
  return [...hours, ...days];
}

/** The hourly buckets and the daily rows that differ from the calls, apart. */
async function compareEach(db: Client, teamId: string | undefined) {
  const filter = teamFilterSql(teamId);
  const params = teamParams(teamId);
  const calls = fromCalls(filter.replace('team_id', 'c.team_id'));
  return {
    hours: await differences(db, 'call_rollups', KEY, MEASURES, current(filter), calls, params),
    days: await differences(
      db,
      'call_rollup_days',
      DAY_KEY,
      DAY_MEASURES,
      currentDays(filter),
      daysFrom(calls),
      params,
    ),
  };
}

/**
 * Recomputes the rollups from the calls (every team, or one) in one transaction and says how many hourly buckets and
 * how many daily rows disagreed before (counting at most 100 of each). Taking SHARE on the deltas waits for writers that already appended one and holds back the rest until the
 * commit; a call changed meanwhile appends its delta after, against the old row this rebuild read, so nothing is
 * lost or counted twice.
 */
export async function rebuildRollups(db: RootDb, teamId?: string): Promise<RebuildResult> {
  return inRollupTransaction(db, async (tx) => {
    await tx.query('lock table call_rollup_deltas in share mode');
    const before = await compareEach(tx, teamId);
    const filter = teamFilterSql(teamId);
    const params = teamParams(teamId);
    await tx.query(`delete from call_rollup_deltas where true ${filter}`, params);
    await tx.query(`delete from call_rollups where true ${filter}`, params);
    await tx.query(`delete from call_rollup_days where true ${filter}`, params);
    const res = await tx.query(
      `insert into call_rollups (${KEY}, ${MEASURES.join(', ')})
       select ${KEY}, ${MEASURES.join(', ')} from (${fromCalls(filter.replace('team_id', 'c.team_id'))}) b
       where ${MEASURES.map((m) => `${m} <> 0`).join(' or ')}`,
      params,
    );
    // The daily rows from the buckets just written: the same rows as from the calls, at a fraction of the reading.
    await tx.query(addDaysSql(`select ${KEY}, ${MEASURES.join(', ')} from call_rollups where true ${filter}`), params);
    return { buckets: res.rowCount ?? 0, disagreed: before.hours.length, daysDisagreed: before.days.length };
  });
}

/** What a rebuild wrote (hourly buckets) and what it corrected. */
export type RebuildResult = { buckets: number; disagreed: number; daysDisagreed: number };

/**
 * Sets the team's time zone and recomputes its daily rows for it, in one transaction under the rollup lock: the
 * folded buckets are re-dayed here, and deltas still pending are dayed in the new zone when they are folded, so
 * every call counts once, on its day in the zone the team now has.
 */
export async function setZoneAndRedayRollups(db: RootDb, teamId: string, timeZone: string): Promise<void> {
  await inRollupTransaction(db, async (tx) => {
    const changed = await tx.query(
      `update teams set time_zone = $2 where id = $1::uuid and time_zone is distinct from $2`,
      [teamId, timeZone],
    );
    if ((changed.rowCount ?? 0) === 0) return;
    await tx.query(`delete from call_rollup_days where team_id = $1::uuid`, [teamId]);
    await tx.query(addDaysSql(`select ${KEY}, ${MEASURES.join(', ')} from call_rollups where team_id = $1::uuid`), [
      teamId,
    ]);
  });
}
