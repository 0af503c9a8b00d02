// The baseline both lead benchmarks (bench:import, bench:ingest) measure themselves against: PostgreSQL COPY FROM
// STDIN of already-normalised, de-duplicated leads into a table like `leads` (same columns and indexes).

import { createReadStream } from 'node:fs';
import type pg from 'pg';
import type { StorableLead } from '../src/core/imports/rows';

/** The columns of a COPY line made by `copyLine`, in order. */
export const COPY_COLUMNS =
  'phone, alt_phones, first_name, last_name, email, address, city, state, zip, timezones, status, tags, custom, notes';

const arr = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, (m) => `\\${m}`)}"`).join(',')}}`;
const copyText = (v: string | null) =>
  v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (m) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[m]!);

/** One lead as a line of COPY text (the columns of COPY_COLUMNS), with its status 'new'. */
export function copyLine(l: Omit<StorableLead, 'status'>): string {
  return (
    [
      l.phone,
      arr(l.altPhones),
      l.firstName,
      l.lastName,
      l.email,
      l.address,
      l.city,
      l.state,
      l.zip,
      arr(l.timezones),
      'new',
      arr(l.tags),
      JSON.stringify(l.custom),
      l.notes,
    ]
      .map(copyText)
      .join('\t') + '\n'
  );
}

/** COPY FROM STDIN with plain pg (pg-copy-streams is not a dependency), streaming the file. */
export function copyFromFile(client: pg.PoolClient, statement: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | null = null;
    const submittable = {
      submit(connection: { query(text: string): void }) {
        connection.query(statement);
      },
      handleCopyInResponse(connection: {
        sendCopyFromChunk(b: Buffer): void;
        endCopyFrom(): void;
        stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
      }) {
        const input = createReadStream(file, { highWaterMark: 1 << 20 });
        input.on('data', (chunk) => {
          connection.sendCopyFromChunk(chunk as Buffer);
          if (connection.stream.writableNeedDrain) {
            input.pause();
            connection.stream.once('drain', () => input.resume());
          }
        });
        input.on('end', () => connection.endCopyFrom());
        input.on('error', reject);
      },
      handleCommandComplete() {},
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve();
      },
      handleError(err: Error) {
        failed = err;
      },
      handleEmptyQuery() {},
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

/**
 * Copies the file into a fresh `leads_baseline` table (like `leads`, indexes included) for the given team and
 * campaign, and returns the seconds the COPY took and the rows it holds.
 */
export async function copyBaseline(pool: pg.Pool, teamId: string, campaignId: string, file: string) {
  await pool.query('drop table if exists leads_baseline; create table leads_baseline (like leads including all)');
  const client = await pool.connect();
  let seconds: number;
  try {
    await client.query(
      `alter table leads_baseline alter column team_id set default '${teamId}', alter column campaign_id set default '${campaignId}'`,
    );
    const t = performance.now();
    await copyFromFile(client, `copy leads_baseline (${COPY_COLUMNS}) from stdin`, file);
    seconds = (performance.now() - t) / 1000;
  } finally {
    client.release();
  }
  const rows = Number((await pool.query('select count(*) from leads_baseline')).rows[0].count);
  return { seconds, rows };
}
