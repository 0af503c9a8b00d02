import type pg from 'pg';
import type { StorableLead } from '../../core/imports/rows';
import type { RootDb } from '../client';
import { LEAD_EVENT_INSERT } from './webhook-call-events';

// The write side of a lead import. Each batch goes into a session-local staging table and is merged
// into `leads` with one set-based INSERT … ON CONFLICT (the campaign + phone unique index decides
// what is a duplicate), in the same transaction that advances the import's resume cursor and
// counters. A crash therefore leaves every batch either fully merged and counted, or not at all.

export type StagedLead = StorableLead & { rowNumber: number };

export type StagedReject = { rowNumber: number; column: string | null; reason: string; raw: string };

export type BatchInput = {
  /** The cursor this batch starts at; the commit fails if the import is no longer there (another worker moved it). */
  fromByte: number;
  toByte: number;
  toRow: number;
  /** Data rows the batch covers (blank lines excluded). */
  rows: number;
  leads: StagedLead[];
  rejects: StagedReject[];
  /** Rows dropped before staging because an earlier row of the same batch had the same number. */
  duplicatesInBatch: number;
  /** Rows whose phone cell held several numbers (the first valid one taken, the others kept as alternates). */
  severalPhones: number;
  now: Date;
};

export type BatchCounts = { imported: number; updated: number; duplicates: number; dnc: number; invalid: number };

export class ImportMovedError extends Error {
  override name = 'ImportMovedError';
}

const STAGE_COLUMNS = `row_number int, phone text, alt_phones text[], first_name text, last_name text, email text, address text,
  city text, state text, zip text, timezones text[], status text, tags text[], custom jsonb, notes text`;

// Fill-empty policy: a matching lead keeps every value it has and takes the file's value where it has none.
const FILLABLE = ['first_name', 'last_name', 'email', 'address', 'city', 'state', 'zip', 'notes'] as const;
const ARRAYS = ['alt_phones', 'tags', 'timezones'] as const;

const MERGE_SQL = `
with ins as (
  insert into leads as l (team_id, campaign_id, phone, alt_phones, first_name, last_name, email, address, city, state, zip,
                          timezones, status, tags, custom, notes, dnc, import_id, created_at, updated_at)
  select $1, $2, s.phone, s.alt_phones, s.first_name, s.last_name, s.email, s.address, s.city, s.state, s.zip,
         s.timezones, s.status, s.tags, s.custom, s.notes, d.phone is not null, $3, $4, $4
  from pg_temp.import_stage s
  left join dnc_numbers d on d.team_id = $1 and d.phone = s.phone
  order by s.row_number
  on conflict (campaign_id, phone) do nothing
  returning l.*
), upd as (
  update leads l set
    ${FILLABLE.map((c) => `${c} = coalesce(nullif(l.${c}, ''), s.${c})`).join(',\n    ')},
    ${ARRAYS.map((c) => `${c} = case when cardinality(l.${c}) = 0 then s.${c} else l.${c} end`).join(',\n    ')},
    custom = s.custom || l.custom,
    updated_at = $4
  from pg_temp.import_stage s
  where $5::boolean and l.campaign_id = $2 and l.phone = s.phone and (
    ${FILLABLE.map((c) => `(nullif(l.${c}, '') is null and s.${c} is not null)`).join('\n    or ')}
    or ${ARRAYS.map((c) => `(cardinality(l.${c}) = 0 and cardinality(s.${c}) > 0)`).join('\n    or ')}
    or exists (select 1 from jsonb_object_keys(s.custom) k where not l.custom ? k)
  )
  returning l.*
),
-- Outbound webhooks, in the batch's transaction: one probe of the endpoints' partial index when the team has none.
created_hooks as (${LEAD_EVENT_INSERT('lead.created', 'ins l', '$1', '$4::timestamptz', `l.id::text || ':lead.created'`)} returning 1),
updated_hooks as (${LEAD_EVENT_INSERT('lead.updated', 'upd l', '$1', '$4::timestamptz', `l.id::text || ':lead.updated:' || l.updated_at::text`, `jsonb_build_object('changedFields', null, 'source', 'import')`)} returning 1)
select (select count(*) from ins where not dnc)::int as imported,
       (select count(*) from ins where dnc)::int as dnc,
       (select count(*) from upd)::int as updated`;

export type ImportRunConnection = {
  commitBatch(batch: BatchInput): Promise<BatchCounts>;
  release(): Promise<void>;
};

/**
 * A dedicated connection for one run of one import, or null when another worker holds it. The
 * session-level advisory lock is released when the connection ends, so a worker killed with -9
 * frees the import for the recovery job at once.
 */
export async function openImportRunConnection(
  db: RootDb,
  input: { importId: string; teamId: string; campaignId: string; fillEmpty: boolean },
): Promise<ImportRunConnection | null> {
  // A dedicated connection: the temp table and the advisory lock live in its session.
  const pool = (db as unknown as { $client: pg.Pool }).$client; // drizzle's node-postgres db always carries its pool
  const client: pg.PoolClient = await pool.connect();
  let released = false;
  const release = async (err?: Error) => {
    if (released) return;
    released = true;
    await client
      .query('select pg_advisory_unlock(hashtextextended($1, 0))', [`import:${input.importId}`])
      .catch(() => {});
    client.release(err);
  };
  try {
    const lock = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
      `import:${input.importId}`,
    ]);
    if (!lock.rows[0]?.ok) {
      released = true;
      client.release();
      return null;
    }
    // Rebuilt per run: a pooled connection may carry a table from an older schema.
    await client.query(
      `drop table if exists pg_temp.import_stage; create temp table import_stage (${STAGE_COLUMNS}) on commit delete rows`,
    );
  } catch (err) {
    await release(err as Error);
    throw err;
  }

  return {
    async commitBatch(batch) {
      try {
        // No fsync wait per batch: a crash may lose the last few commits, but each takes its cursor with it,
        // so the import resumes before them and redoes them (the file on disk is fsynced at upload).
        await client.query('begin; set local synchronous_commit = off');

        let counts = { imported: 0, dnc: 0, updated: 0 };
        if (batch.leads.length > 0) {
          await client.query(
            `insert into pg_temp.import_stage select * from json_to_recordset($1::json) as x(${STAGE_COLUMNS})`,
            [JSON.stringify(batch.leads.map(toStageRow))],
          );
          const merged = await client.query<typeof counts>(MERGE_SQL, [
            input.teamId,
            input.campaignId,
            input.importId,
            batch.now,
            input.fillEmpty,
          ]);
          counts = merged.rows[0] ?? counts;
        }
        if (batch.rejects.length > 0) {
          await client.query(
            `insert into import_rejects (import_id, team_id, row_number, "column", reason, raw)
             select $1, $2, x.r, x.c, x.m, x.raw from json_to_recordset($3::json) as x(r int, c text, m text, raw text)
             on conflict (import_id, row_number) do nothing`,
            [
              input.importId,
              input.teamId,
              JSON.stringify(batch.rejects.map((r) => ({ r: r.rowNumber, c: r.column, m: r.reason, raw: r.raw }))),
            ],
          );
        }
        const result: BatchCounts = {
          imported: counts.imported,
          dnc: counts.dnc,
          updated: counts.updated,
          duplicates: batch.leads.length - counts.imported - counts.dnc - counts.updated + batch.duplicatesInBatch,
          invalid: batch.rejects.length,
        };
        // The cursor moves only from where this batch started, and only while the import is running: if another
        // worker moved it (or someone stopped the import), nothing of this batch is kept. The notification is
        // delivered on commit: a listener (the progress stream, a test) reacts without polling.
        const moved = await client.query(
          `with u as (
             update imports set cursor_byte = $2, cursor_row = $3, rows_done = rows_done + $4, imported = imported + $5,
               updated = updated + $6, duplicates = duplicates + $7, dnc = dnc + $8, invalid = invalid + $9, heartbeat_at = $10,
               several_phones = several_phones + $12
             where id = $1 and status = 'running' and cursor_byte = $11
             returning id)
           select pg_notify('import_progress', id::text) from u`,
          [
            input.importId,
            batch.toByte,
            batch.toRow,
            batch.rows,
            result.imported,
            result.updated,
            result.duplicates,
            result.dnc,
            result.invalid,
            batch.now,
            batch.fromByte,
            batch.severalPhones,
          ],
        );
        if (moved.rowCount !== 1)
          throw new ImportMovedError(`import ${input.importId} is no longer at byte ${batch.fromByte}`);
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      }
    },
    release: () => release(),
  };
}

function toStageRow(l: StagedLead) {
  return {
    row_number: l.rowNumber,
    phone: l.phone,
    alt_phones: l.altPhones,
    first_name: l.firstName,
    last_name: l.lastName,
    email: l.email,
    address: l.address,
    city: l.city,
    state: l.state,
    zip: l.zip,
    timezones: l.timezones,
    status: l.status,
    tags: l.tags,
    custom: l.custom,
    notes: l.notes,
  };
}

/** True when some session (a live worker) holds the import's advisory lock. */
export async function isImportLocked(db: RootDb, importId: string): Promise<boolean> {
  const pool = (db as unknown as { $client: pg.Pool }).$client;
  const client = await pool.connect();
  try {
    const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
      `import:${importId}`,
    ]);
    if (!r.rows[0]?.ok) return true;
    await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`import:${importId}`]);
    return false;
  } finally {
    client.release();
  }
}
