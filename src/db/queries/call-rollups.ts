import type pg from 'pg';
import type { RootDb } from '../client';

// The hourly call rollups (schema/reports.ts, docs/decisions/0016-call-rollups.md). Triggers on `calls` append
// signed deltas; `foldRollupDeltas` moves them into `call_rollups`; `rebuildRollups` recomputes from the calls.

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
const BIG: readonly string[] = ['talk_sec', 'wrapup_sec'];
const SUMS = MEASURES.map((m) => `sum(${m})::${BIG.includes(m) ? 'bigint' : 'int'} as ${m}`).join(', ');
const ALL_ZERO = MEASURES.map((m) => `${m} = 0`).join(' and ');
const NONZERO = MEASURES.map((m) => `sum(${m}) <> 0`).join(' or ');

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
async function inRollupTransaction<T>(db: RootDb, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query('begin');
    await client.query(ROLLUP_LOCK);
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Moves up to `limit` pending deltas into the buckets, in one transaction: the deltas it deletes are exactly the ones
 * it adds, so a delta counts once whatever crashes when. Buckets left all zero are removed (a deleted account's id
 * does not linger). Returns how many deltas it folded.
 */
export async function foldRollupDeltas(db: RootDb, limit = 50_000): Promise<number> {
  return inRollupTransaction(db, async (client) => {
    const { rows } = await client.query<{ folded: number; emptied: number }>(
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
        returning ${ALL_ZERO} as empty
      )
      select (select count(*) from moved)::int as folded, (select count(*) from upserted where empty)::int as emptied`,
      [limit],
    );
    const row = rows[0];
    if (row && row.emptied > 0) await client.query(`delete from call_rollups where ${ALL_ZERO}`);
    return row?.folded ?? 0;
  });
}

export type RollupDifference = {
  key: Record<string, unknown>;
  rollups: Record<string, number>;
  calls: Record<string, number>;
};

/** Buckets (at most 100) where the rollups, folded and pending, disagree with the calls; empty when they agree. */
export async function compareRollupsWithCalls(db: RootDb, teamId?: string): Promise<RollupDifference[]> {
  return compareOn(db.$client, teamId);
}

async function compareOn(db: Client, teamId: string | undefined): Promise<RollupDifference[]> {
  const filter = teamFilterSql(teamId);
  // Grouping (not a join) pairs the two sides, since it treats absent campaigns and agents (nulls) as equal.
  // Columns by position (a union matches them so): each rollup measure, then the same from the calls.
  const side = (rollups: boolean, from: string) =>
    `select ${KEY}, ${MEASURES.map((m) => (rollups ? `${m}, 0` : `0, ${m}`)).join(', ')} from (${from}) x`;
  const { rows } = await db.query<Record<string, unknown>>(
    `select ${KEY}, ${MEASURES.map((m) => `sum(r_${m})::bigint as r_${m}, sum(c_${m})::bigint as c_${m}`).join(', ')}
     from (${side(true, current(filter))} union all ${side(false, fromCalls(filter.replace('team_id', 'c.team_id')))})
       as pairs (${KEY}, ${MEASURES.map((m) => `r_${m}, c_${m}`).join(', ')})
     group by ${KEY}
     having ${MEASURES.map((m) => `sum(r_${m}) <> sum(c_${m})`).join(' or ')}
     order by 1, 2
     limit 100`,
    teamParams(teamId),
  );
  const pick = (r: Record<string, unknown>, prefix: string) =>
    Object.fromEntries(MEASURES.map((m) => [m, Number(r[`${prefix}${m}`])]));
  return rows.map((r) => ({
    key: Object.fromEntries(KEY.split(', ').map((k) => [k, r[k]])),
    rollups: pick(r, 'r_'),
    calls: pick(r, 'c_'),
  }));
}

/**
 * Recomputes the rollups from the calls (every team, or one) in one transaction and says how many buckets disagreed
 * before (counting at most 100). Taking SHARE on the deltas waits for writers that already appended one and holds back the rest until the
 * commit; a call changed meanwhile appends its delta after, against the old row this rebuild read, so nothing is
 * lost or counted twice.
 */
export async function rebuildRollups(db: RootDb, teamId?: string): Promise<{ buckets: number; disagreed: number }> {
  return inRollupTransaction(db, async (tx) => {
    await tx.query('lock table call_rollup_deltas in share mode');
    const disagreed = (await compareOn(tx, teamId)).length;
    const filter = teamFilterSql(teamId);
    const params = teamParams(teamId);
    await tx.query(`delete from call_rollup_deltas where true ${filter}`, params);
    await tx.query(`delete from call_rollups where true ${filter}`, params);
    const res = await tx.query(
      `insert into call_rollups (${KEY}, ${MEASURES.join(', ')})
       select ${KEY}, ${MEASURES.join(', ')} from (${fromCalls(filter.replace('team_id', 'c.team_id'))}) b
       where ${MEASURES.map((m) => `${m} <> 0`).join(' or ')}`,
      params,
    );
    return { buckets: res.rowCount ?? 0, disagreed };
  });
}
